// Consent (docs/consent.md): templates, recording signed and paper consents, the list and the
// patient header's status, withdrawal, the signed document, the clinic's policy, and the gate's
// answer for the gallery's "usable for …" filter. Every patient-level call checks the patient like
// any record access; the use-cases live in main/core/consent/.
import { CoreError } from '../../../shared/errors';
import { clinicName } from '../auth/users';
import { checkRelease } from '../consent/gate';
import { getConsentPolicy, setConsentPolicy } from '../consent/policy';
import { recordPaperConsent, recordSignedConsent } from '../consent/record-consent';
import { consentRowsOfPatient, getConsentRow, scopeRowsOf } from '../consent/records';
import { consentView, patientScopeStatus } from '../consent/state';
import { getTemplate, listTemplates, saveTemplateVersion, showTemplate } from '../consent/templates';
import { withdrawConsent } from '../consent/withdraw';
import type { Db } from '../db/open';
import { findPatientByMrn, getPatient } from '../patients/patients';
import { patientsOfPhotos } from '../photos/photo-lookups';
import type { CallContext, Handlers } from '../router';
import type { CoreServices } from '../services';
import { releaseConsentHolds } from '../sync/consent-holds';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function patientByMrn(db: Db, mrn: string): string {
  const patient = findPatientByMrn(db, mrn);
  if (!patient) throw new CoreError('NOT_FOUND', 'No patient has this MRN.');
  return patient.id;
}

function listFor(s: CoreServices, ctx: CallContext, patientId: string) {
  const { db } = s.workspace();
  const user = s.actor(ctx).user;
  getPatient(db, patientId);
  s.requirePatientAccess(ctx, patientId);
  const rows = consentRowsOfPatient(db, patientId);
  const scopes = scopeRowsOf(db, rows.map((r) => r.id));
  s.audit({ userId: user.id, action: 'consent.list', outcome: 'success', patientId, detail: `count=${rows.length}` });
  const at = s.clock();
  return rows.map((r) => consentView(r, scopes, at));
}

export const consentHandlers = (s: CoreServices): Handlers['consent'] => ({
  listTemplates: () => listTemplates(s.workspace().db),
  getTemplate(_ctx, req) {
    const { db } = s.workspace();
    return showTemplate(getTemplate(db, req.templateId, req.version), clinicName(db));
  },
  saveTemplate(ctx, req) {
    const user = s.actor(ctx).user;
    const { db } = s.workspace();
    return s.write(() => {
      const saved = saveTemplateVersion(db, req, user.id, s.clock());
      s.audit({ userId: user.id, action: 'consent.template-save', outcome: 'success', detail: `template=${saved.id};version=${saved.version};sha256=${saved.sha256}` });
      return saved;
    });
  },
  recordSigned: (ctx, req) => recordSignedConsent(s, ctx, req),
  recordPaper(ctx, req) {
    if (!BASE64.test(req.scan) || req.scan.length % 4 !== 0) throw new CoreError('VALIDATION_FAILED', 'The scan must be sent as base64.', { scan: 'must be base64' });
    return recordPaperConsent(s, ctx, { ...req, scan: Buffer.from(req.scan, 'base64') });
  },
  recordPaperFile(ctx, req) {
    const patientId = patientByMrn(s.workspace().db, req.mrn);
    return recordPaperConsent(s, ctx, { ...req, patientId });
  },
  list: (ctx, req) => listFor(s, ctx, req.patientId),
  listByMrn: (ctx, req) => listFor(s, ctx, patientByMrn(s.workspace().db, req.mrn)),
  status(ctx, req) {
    const { db } = s.workspace();
    getPatient(db, req.patientId);
    s.requirePatientAccess(ctx, req.patientId);
    const rows = consentRowsOfPatient(db, req.patientId);
    return patientScopeStatus(rows, scopeRowsOf(db, rows.map((r) => r.id)), s.clock());
  },
  withdraw: (ctx, req) => withdrawConsent(s, ctx, req),
  open(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const row = getConsentRow(db, req.consentId);
    s.requirePatientAccess(ctx, row.patient_id);
    s.audit({ userId: user.id, action: 'consent.view', outcome: 'success', patientId: row.patient_id, detail: `consent=${row.id}` });
    const handle = s.client(ctx).handles.issue({ blobId: row.document_blob_id, mime: row.document_mime, userId: user.id });
    return { handle, mime: row.document_mime };
  },
  getPolicy: () => getConsentPolicy(s.workspace().db),
  setPolicy(ctx, req) {
    const user = s.actor(ctx).user;
    const { db } = s.workspace();
    const policy = s.write(() => {
      const saved = setConsentPolicy(db, req.policy);
      // What the gate answers may change for every held delivery: they are asked again now.
      releaseConsentHolds(db, null, s.clock());
      s.audit({ userId: user.id, action: 'consent.policy-change', outcome: 'success', detail: `capture=${saved.captureRequiresConsent};clinical=${saved.clinicalPurpose}` });
      return saved;
    });
    s.sync.kick();
    return policy;
  },
  checkRelease(ctx, req) {
    const { db } = s.workspace();
    for (const patientId of patientsOfPhotos(db, req.photoIds)) s.requirePatientAccess(ctx, patientId, 'photos');
    const at = s.clock();
    return req.photoIds.map((photoId) => {
      const { patientId: _patientId, ...decision } = checkRelease(db, { photoId, purpose: req.purpose, at });
      return decision;
    });
  },
});
