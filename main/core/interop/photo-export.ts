// The export use-case behind `cli export dicom|fhir` (the local-only channel `photos.export`): one
// photo as a DICOM Part 10 file or a FHIR transaction Bundle (JSON). The router has already checked
// the session, the local client and the 'photo.export' permission (and audited a refusal); this
// adds the patient-level check, the consent gate for the export's purpose (consent/gate.ts: a
// refusal is audited as 'consent.release-refused' and fails with CONSENT_REFUSED naming the scope),
// and an audit record ('photo.export', photo and patient ids, format, purpose) for every success and
// failure.
import type { ExportFormat } from '../../../shared/channels/photos';
import type { Purpose } from '../../../shared/consent';
import { CoreError, isCoreError } from '../../../shared/errors';
import { checkRelease } from '../consent/gate';
import { getPhotoRow } from '../photos/photos';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { buildDicomInstance } from './dicom/vl-photo';
import { loadPhotoExport } from './export-input';
import { buildFhirBundle } from './fhir/bundle';

export interface PhotoExport {
  readonly photoId: string;
  readonly patientId: string;
  readonly format: ExportFormat;
  /** A Part 10 file for 'dicom'; UTF-8 JSON for 'fhir'. */
  readonly bytes: Buffer;
}

export async function exportPhoto(s: CoreServices, ctx: CallContext, input: { photoId: string; format: ExportFormat; purpose: Purpose }): Promise<PhotoExport> {
  const userId = s.actor(ctx).user.id;
  const detail = `format=${input.format};purpose=${input.purpose}`;
  const { db, blobs } = s.workspace();
  const row = getPhotoRow(db, input.photoId);
  s.requirePatientAccess(ctx, row.patient_id, 'photos');
  const audit = (outcome: 'success' | 'failure', extra = '') =>
    s.audit({ userId, action: 'photo.export', outcome, patientId: row.patient_id, photoId: row.id, detail: `${detail}${extra}` });
  try {
    const release = checkRelease(db, { photoId: row.id, purpose: input.purpose, at: s.clock() });
    if (!release.allowed) {
      s.audit({ userId, action: 'consent.release-refused', outcome: 'denied', patientId: row.patient_id, photoId: row.id, detail: `via=export;purpose=${input.purpose};scope=${release.scope ?? ''}` });
      throw new CoreError('CONSENT_REFUSED', release.reason ?? `Not released for ${input.purpose}.`);
    }
    if (release.notice !== null) {
      s.audit({ userId, action: 'consent.release-without-consent', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `via=export;purpose=${input.purpose}` });
    }
    const data = await loadPhotoExport(db, blobs, row.id);
    const bytes = input.format === 'dicom' ? await buildDicomInstance(data) : Buffer.from(`${JSON.stringify(buildFhirBundle(data), null, 2)}\n`, 'utf8');
    audit('success');
    return { photoId: row.id, patientId: row.patient_id, format: input.format, bytes };
  } catch (error) {
    audit('failure', `;${isCoreError(error) ? error.code : 'INTERNAL'}`);
    throw error;
  }
}
