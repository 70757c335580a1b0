// Patients and encounters: registration, look-up and visits. Every read of a patient is audited.
import { CoreError } from '../../../shared/errors';
import { isRestricted } from '../access/policy';
import { flagRestricted, visiblePatients } from '../access/visibility';
import { recordAudit } from '../audit/audit';
import { listEncounters, startEncounter } from '../patients/encounters';
import { listProviders, resolveProvider } from '../patients/providers';
import { LookupRateLimit } from '../patients/lookup-limit';
import { findPatientByMrn, getPatient, registerPatient } from '../patients/patients';
import { searchPatients } from '../patients/search';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { writeTransaction } from '../db/write';

export const patientHandlers = (s: CoreServices): Handlers['patients'] => {
  const lookups = new LookupRateLimit(() => s.clock().getTime());
  return {
    register(ctx, req) {
      const { db } = s.workspace();
      const user = s.actor(ctx).user;
      return writeTransaction(db, () => {
        const p = registerPatient(db, s.clock(), user.id, req);
        recordAudit(db, s.clock(), { userId: user.id, action: 'patient.register', outcome: 'success', patientId: p.id });
        return p;
      });
    },
    search(ctx, req) {
      const found = searchPatients(s.workspace().db, req.query, req.limit, req.dateOrder, req.locale);
      const result = { ...found, patients: visiblePatients(s.workspace().db, s.actor(ctx).user, s.clock(), found.patients, req.query) };
      s.audit({ userId: s.actor(ctx).user.id, action: 'patient.search', outcome: 'success', detail: `results=${result.patients.length}` });
      return result;
    },
    findByMrn(ctx, req) {
      const { db } = s.workspace();
      const userId = s.actor(ctx).user.id;
      const waitSeconds = lookups.take(userId);
      if (waitSeconds > 0) {
        s.audit({ userId, action: 'patient.lookup', outcome: 'denied', detail: 'RATE_LIMITED' });
        throw new CoreError('RATE_LIMITED', `Too many look-ups. Try again in ${waitSeconds} seconds.`, { retryAfterSeconds: String(waitSeconds) });
      }
      const match = findPatientByMrn(db, req.mrn);
      s.audit({ userId, action: 'patient.lookup', outcome: match ? 'success' : 'failure', patientId: match?.id ?? null });
      return match && { id: match.id, mrn: match.mrn, restricted: isRestricted(db, match.id) };
    },
    get(ctx, req) {
      s.requirePatientAccess(ctx, req.patientId);
      const patient = flagRestricted(s.workspace().db, getPatient(s.workspace().db, req.patientId));
      s.audit({ userId: s.actor(ctx).user.id, action: 'patient.view', outcome: 'success', patientId: patient.id });
      return patient;
    },
  };
};

export const encounterHandlers = (s: CoreServices): Handlers['encounters'] => ({
  start(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    s.requirePatientAccess(ctx, req.patientId);
    return writeTransaction(db, () => {
      const providerId = resolveProvider(db, s.clock(), user, req.providerId);
      const e = startEncounter(db, s.clock(), providerId, req);
      // The detail names the provider when it is someone else: the record says who checked in for whom.
      const detail = providerId === user.id ? undefined : `provider=${providerId}`;
      recordAudit(db, s.clock(), { userId: user.id, action: 'encounter.start', outcome: 'success', patientId: e.patientId, ...(detail ? { detail } : {}) });
      return e;
    });
  },
  providers() {
    return listProviders(s.workspace().db, s.clock());
  },
  list(ctx, req) {
    s.requirePatientAccess(ctx, req.patientId);
    return listEncounters(s.workspace().db, req.patientId);
  },
});
