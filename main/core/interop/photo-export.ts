// The export use-case behind `cli export dicom|fhir` (the local-only channel `photos.export`): one
// photo as a DICOM Part 10 file or a FHIR transaction Bundle (JSON). The router has already checked
// the session, the local client and the 'photo.export' permission (and audited a refusal); this
// adds the patient-level check and an audit record ('photo.export', photo and patient ids, the
// format) for every success and failure.
import type { ExportFormat } from '../../../shared/channels/photos';
import { isCoreError } from '../../../shared/errors';
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

export async function exportPhoto(s: CoreServices, ctx: CallContext, input: { photoId: string; format: ExportFormat }): Promise<PhotoExport> {
  const userId = s.actor(ctx).user.id;
  const detail = `format=${input.format}`;
  const { db, blobs } = s.workspace();
  const row = getPhotoRow(db, input.photoId);
  s.requirePatientAccess(ctx, row.patient_id, 'photos');
  const audit = (outcome: 'success' | 'failure', extra = '') =>
    s.audit({ userId, action: 'photo.export', outcome, patientId: row.patient_id, photoId: row.id, detail: `${detail}${extra}` });
  try {
    const data = await loadPhotoExport(db, blobs, row.id);
    const bytes = input.format === 'dicom' ? await buildDicomInstance(data) : Buffer.from(`${JSON.stringify(buildFhirBundle(data), null, 2)}\n`, 'utf8');
    audit('success');
    return { photoId: row.id, patientId: row.patient_id, format: input.format, bytes };
  } catch (error) {
    audit('failure', `;${isCoreError(error) ? error.code : 'INTERNAL'}`);
    throw error;
  }
}
