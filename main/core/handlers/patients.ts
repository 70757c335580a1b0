// Patients and encounters: registration, look-up and visits. Every read of a patient is audited.
import { flagRestricted, visiblePatients } from '../access/visibility';
import { recordAudit } from '../audit/audit';
import { listEncounters, startEncounter } from '../patients/encounters';
import { findPatientByMrn, getPatient, registerPatient, searchPatients } from '../patients/patients';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { writeTransaction } from '../db/write';

export const patientHandlers = (s: CoreServices): Handlers['patients'] => ({
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
    const found = searchPatients(s.workspace().db, req.query, req.limit);
    const result = { ...found, patients: visiblePatients(s.workspace().db, s.actor(ctx).user, s.clock(), found.patients, req.query) };
    s.audit({ userId: s.actor(ctx).user.id, action: 'patient.search', outcome: 'success', detail: `results=${result.patients.length}` });
    return result;
  },
  findByMrn(ctx, req) {
    const match = findPatientByMrn(s.workspace().db, req.mrn);
    const patient = match && flagRestricted(s.workspace().db, match);
    s.audit({ userId: s.actor(ctx).user.id, action: 'patient.lookup', outcome: patient ? 'success' : 'failure', patientId: patient?.id ?? null });
    return patient;
  },
  get(ctx, req) {
    s.requirePatientAccess(ctx, req.patientId);
    const patient = flagRestricted(s.workspace().db, getPatient(s.workspace().db, req.patientId));
    s.audit({ userId: s.actor(ctx).user.id, action: 'patient.view', outcome: 'success', patientId: patient.id });
    return patient;
  },
});

export const encounterHandlers = (s: CoreServices): Handlers['encounters'] => ({
  start(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    s.requirePatientAccess(ctx, req.patientId);
    return writeTransaction(db, () => {
      const e = startEncounter(db, s.clock(), user.id, req);
      recordAudit(db, s.clock(), { userId: user.id, action: 'encounter.start', outcome: 'success', patientId: e.patientId });
      return e;
    });
  },
  list(ctx, req) {
    s.requirePatientAccess(ctx, req.patientId);
    return listEncounters(s.workspace().db, req.patientId);
  },
});
