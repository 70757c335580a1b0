// The EHR as a source of patients (ehr.*) and SMART App Launch (smart.*). Look-ups read the
// configured FHIR server with the user's SMART token when they hold one; opening an EHR patient
// goes through the two-identifier safeguard (main/core/ehr/patient-match.ts) and registers the
// patient locally only for roles that may register patients. Searches record counts, never names.
import { CoreError } from '../../../shared/errors';
import { ROLE_PERMISSIONS } from '../../../shared/permissions';
import { recordAudit } from '../audit/audit';
import { writeTransaction } from '../db/write';
import { fhirTargetFor } from '../ehr/fhir-source';
import { confirmEhrPatient, reader, searchEhrPatients, todaysVisits } from '../ehr/lookup';
import { registerPatient } from '../patients/patients';
import type { CallContext, Handlers } from '../router';
import type { CoreServices } from '../services';
import { beginLaunch } from '../smart/launch';
import { setSmartClientId, smartClientId, smartClients } from '../smart/token-store';
import { getTargetConfig } from '../sync/targets';

const pad = (n: number) => String(n).padStart(2, '0');
/** The clinic's calendar date (the workstation's time zone), as FHIR date searches take it. */
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

async function ehrReader(s: CoreServices, ctx: CallContext, targetId?: string) {
  const { db } = s.workspace();
  const target = fhirTargetFor(db, targetId);
  const token = await s.smart.accessToken(db, s.actor(ctx).user.id, target);
  return { db, target, read: reader(target, token) };
}

export const ehrHandlers = (s: CoreServices): Handlers['ehr'] => ({
  async searchPatients(ctx, req) {
    const { db, target, read } = await ehrReader(s, ctx, req.targetId);
    const result = await searchEhrPatients(db, read, req);
    s.audit({ userId: s.actor(ctx).user.id, action: 'ehr.search', outcome: 'success', detail: `target=${target.id};results=${result.patients.length}` });
    return result;
  },
  async today(ctx, req) {
    const { db, target, read } = await ehrReader(s, ctx, req.targetId);
    const date = localDate(s.clock());
    const result = await todaysVisits(db, read, date);
    s.audit({ userId: s.actor(ctx).user.id, action: 'ehr.today', outcome: 'success', detail: `target=${target.id};visits=${result.visits.length}` });
    return { date, ...result };
  },
  async openPatient(ctx, req) {
    const user = s.actor(ctx).user;
    const { db, target, read } = await ehrReader(s, ctx, req.targetId);
    const matched = await confirmEhrPatient(db, read, req);
    const { status, patientId, reason } = matched.match;
    if (status === 'confirmed' && patientId) {
      s.audit({ userId: user.id, action: 'ehr.open', outcome: 'success', patientId, detail: `target=${target.id}` });
      return { patientId, registered: false };
    }
    if (status !== 'new') {
      s.audit({ userId: user.id, action: 'ehr.open', outcome: 'denied', patientId, detail: `PATIENT_MISMATCH;target=${target.id}` });
      throw new CoreError('PATIENT_MISMATCH', reason ?? 'The EHR and the local records disagree about this patient.');
    }
    if (!ROLE_PERMISSIONS[user.role].includes('patient.write')) {
      throw new CoreError('PERMISSION_DENIED', 'This patient is not registered here yet, and your role cannot register patients.');
    }
    return writeTransaction(db, () => {
      const p = registerPatient(db, s.clock(), user.id, { mrn: matched.mrn!, familyName: matched.familyName, givenName: matched.givenName, birthDate: matched.birthDate!, sex: matched.sex });
      recordAudit(db, s.clock(), { userId: user.id, action: 'patient.register', outcome: 'success', patientId: p.id, detail: 'source=ehr' });
      recordAudit(db, s.clock(), { userId: user.id, action: 'ehr.open', outcome: 'success', patientId: p.id, detail: `target=${target.id};registered` });
      return { patientId: p.id, registered: true };
    });
  },
});

export const smartHandlers = (s: CoreServices): Handlers['smart'] => ({
  configure(ctx, req) {
    const { db } = s.workspace();
    const target = getTargetConfig(db, req.targetId);
    if (target.kind !== 'fhir') throw new CoreError('VALIDATION_FAILED', 'SMART applies to FHIR targets only.', { targetId: 'must be a FHIR target' });
    s.write(() => {
      setSmartClientId(db, target.id, req.clientId, s.clock());
      s.audit({ userId: s.actor(ctx).user.id, action: 'smart.configure', outcome: 'success', detail: `target=${target.id}` });
    });
    return { targetId: target.id, clientId: smartClientId(db, target.id) };
  },
  clients() {
    return smartClients(s.workspace().db);
  },
  begin(ctx, req) {
    return beginLaunch(s, ctx, req);
  },
  status(ctx) {
    const pending = s.smart.pendingLaunch();
    return { pendingLaunch: pending && { iss: pending.iss }, flow: s.smart.flowOf(s.client(ctx)) };
  },
});
