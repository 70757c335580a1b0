// Delivery: targets (administrators), per-photo state and overall status (staff who see photos),
// retry of a failure, backfill of a new target, and the connection test. Per-photo calls check the
// patient like any photo access; target secrets never leave the core (targets.ts).
import type { Db } from '../db/open';
import { patientsOfPhotos } from '../photos/photo-lookups';
import type { Handlers } from '../router';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { releaseConsentHolds } from '../sync/consent-holds';
import { probeDicomweb } from '../sync/dicomweb';
import { probeFhir } from '../sync/fhir';
import { probeDimse } from '../sync/dimse/store';
import { dimsePeerOf } from '../sync/dimse/target';
import { DeliveryError, TargetClient } from '../sync/http';
import { backfillTarget, deliveriesForPhotos, getDelivery, retryDelivery, syncCounts } from '../sync/outbox';
import { createTarget, getTargetConfig, listTargets, updateTarget } from '../sync/targets';

/** Every distinct patient of these photos passes the photo-level access check, or the call fails. */
function requirePhotosAccess(s: CoreServices, ctx: CallContext, db: Db, photoIds: readonly string[]): void {
  if (photoIds.length === 0) return;
  for (const patientId of patientsOfPhotos(db, photoIds)) s.requirePatientAccess(ctx, patientId, 'photos');
}

export const deliveryHandlers = (s: CoreServices): Handlers['delivery'] => ({
  listTargets() {
    return listTargets(s.workspace().db);
  },
  createTarget(ctx, req) {
    const user = s.actor(ctx).user;
    const target = s.write(() => {
      const created = createTarget(s.workspace().db, req.target, user.id, s.clock());
      s.audit({ userId: user.id, action: 'delivery.target-create', outcome: 'success', detail: `target=${created.id};kind=${created.kind}` });
      return created;
    });
    s.sync.start(s.workspace());
    return target;
  },
  updateTarget(ctx, req) {
    const user = s.actor(ctx).user;
    const target = s.write(() => {
      const updated = updateTarget(s.workspace().db, req.targetId, req.target, s.clock());
      // Its purpose may have changed: the consent gate answers held rows afresh.
      releaseConsentHolds(s.workspace().db, null, s.clock());
      s.audit({ userId: user.id, action: 'delivery.target-update', outcome: 'success', detail: `target=${updated.id}` });
      return updated;
    });
    s.sync.start(s.workspace());
    s.sync.kick();
    return target;
  },
  async testTarget(_ctx, req) {
    const config = getTargetConfig(s.workspace().db, req.targetId);
    if (config.kind === 'dimse') {
      try {
        return { ok: true, message: await probeDimse(dimsePeerOf(config)) };
      } catch (error) {
        if (error instanceof DeliveryError) return { ok: false, message: error.reason };
        throw error;
      }
    }
    const client = new TargetClient(config, 15_000);
    try {
      return { ok: true, message: config.kind === 'dicomweb' ? await probeDicomweb(client) : await probeFhir(client) };
    } catch (error) {
      if (error instanceof DeliveryError) return { ok: false, message: error.reason };
      throw error;
    } finally {
      client.close();
    }
  },
  backfill(ctx, req) {
    const user = s.actor(ctx).user;
    const queued = s.write(() => {
      const count = backfillTarget(s.workspace().db, req.targetId, s.clock());
      s.audit({ userId: user.id, action: 'delivery.backfill', outcome: 'success', detail: `target=${req.targetId};queued=${count}` });
      return count;
    });
    s.sync.kick();
    return { queued };
  },
  status(ctx) {
    const ws = s.workspace();
    // A key rotation reopens the database: the worker follows it to the new connection.
    s.sync.start(ws);
    const { total, counts, waiting, lastError } = syncCounts(ws.db, s.clock());
    const admin = s.actor(ctx).user.role === 'administrator';
    return { running: s.sync.running, total, counts, waiting, lastError: admin ? lastError : null };
  },
  forPhotos(ctx, req) {
    const { db } = s.workspace();
    requirePhotosAccess(s, ctx, db, req.photoIds);
    return deliveriesForPhotos(db, req.photoIds, s.clock());
  },
  retry(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const current = getDelivery(db, req.deliveryId, s.clock());
    requirePhotosAccess(s, ctx, db, [current.photoId]);
    const row = s.write(() => {
      const retried = retryDelivery(db, req.deliveryId, s.clock());
      s.audit({ userId: user.id, action: 'delivery.retry', outcome: 'success', photoId: retried.photoId, detail: `delivery=${retried.id}` });
      return retried;
    });
    s.sync.kick();
    return row;
  },
});
