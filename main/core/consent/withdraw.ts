// Withdrawing a consent (docs/consent.md, "Withdrawal"): forward-only, for all its granted uses or
// some. In the same transaction as the withdrawal and its audit record: queued deliveries of the
// patient's photos to targets used for the withdrawn uses (never clinical ones) are cancelled, the
// photos that already went to such targets are listed for staff to follow up, and the consent's
// FHIR copy is queued again to say it is no longer in force.
import type { ConsentScope, PublishedPhoto } from '../../../shared/consent';
import type { ParsedRequestOf } from '../../../shared/contract';
import { CoreError } from '../../../shared/errors';
import { photoIdsOfPatient } from '../photos/photo-lookups';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { cancelForWithdrawal, publishedFor } from '../sync/consent-holds';
import { queueConsentDelivery } from '../sync/consent-outbox';
import { getConsentRow, scopeRowsOf, withdrawScopes } from './records';
import { consentView } from './state';

export function withdrawConsent(s: CoreServices, ctx: CallContext, req: ParsedRequestOf<'consent', 'withdraw'>) {
  const user = s.actor(ctx).user;
  const { db } = s.workspace();
  const row = getConsentRow(db, req.consentId);
  s.requirePatientAccess(ctx, row.patient_id);
  const at = s.clock();
  const result = s.write(() => {
    const withdrawn: ConsentScope[] = withdrawScopes(db, row.id, req.scopes ?? null, user.id, at, req.reason);
    if (withdrawn.length === 0) {
      throw new CoreError('VALIDATION_FAILED', 'Nothing to withdraw: the consent grants none of these uses, or they are already withdrawn.', { scopes: 'names no granted use that is not already withdrawn' });
    }
    const photos = photoIdsOfPatient(db, row.patient_id);
    const reason = `Cancelled: the patient withdrew consent for ${withdrawn.join(', ')} on ${at.toISOString().slice(0, 10)}.`;
    const cancelledDeliveries = cancelForWithdrawal(db, photos, withdrawn, reason, at);
    const published: PublishedPhoto[] = publishedFor(db, photos, withdrawn.filter((w) => w !== 'clinical'));
    queueConsentDelivery(db, row.id, at);
    s.audit({
      userId: user.id,
      action: 'consent.withdraw',
      outcome: 'success',
      patientId: row.patient_id,
      reason: req.reason.slice(0, 500),
      detail: `consent=${row.id};scopes=${withdrawn.join(',')};cancelled=${cancelledDeliveries};published=${published.length}`,
    });
    return { cancelledDeliveries, published };
  });
  s.sync.kick();
  return { consent: consentView(getConsentRow(db, row.id), scopeRowsOf(db, [row.id]), at), ...result };
}
