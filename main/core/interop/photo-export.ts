// The export use-case behind `cli export dicom|fhir`: one photo as a DICOM Part 10 file or a FHIR
// transaction Bundle (JSON), with the same gates as every other use-case: a live unrestricted
// session, the 'photo.export' permission, the patient-level check for photos, and an audit record
// ('photo.export', photo and patient ids, the format) for every success, refusal and failure.
import { Id } from '../../../shared/domain';
import { CoreError, isCoreError } from '../../../shared/errors';
import { roleHasPermission } from '../../../shared/permissions';
import { getPhotoRow } from '../photos/photos';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { buildDicomInstance } from './dicom/vl-photo';
import { loadPhotoExport } from './export-input';
import { buildFhirBundle } from './fhir/bundle';

export const EXPORT_FORMATS = ['dicom', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface PhotoExport {
  readonly photoId: string;
  readonly patientId: string;
  readonly format: ExportFormat;
  /** A Part 10 file for 'dicom'; UTF-8 JSON for 'fhir'. */
  readonly bytes: Buffer;
}

export async function exportPhoto(s: CoreServices, ctx: CallContext, input: { photoId: string; format: ExportFormat }): Promise<PhotoExport> {
  const session = s.actor(ctx);
  if (session.restriction) {
    throw session.restriction === 'locked'
      ? new CoreError('SESSION_LOCKED', 'This session is locked.')
      : new CoreError('SESSION_SETUP_REQUIRED', 'Finish setting up your account first.');
  }
  const userId = session.user.id;
  const photoId = Id.safeParse(input.photoId);
  if (!photoId.success) throw new CoreError('VALIDATION_FAILED', 'Invalid photo id.', { photoId: 'must be a photo id' });
  const detail = `format=${input.format}`;
  if (!roleHasPermission(session.user.role, 'photo.export')) {
    s.audit({ userId, action: 'photo.export', outcome: 'denied', photoId: photoId.data, detail: `PERMISSION_DENIED;${detail}` });
    throw new CoreError('PERMISSION_DENIED', 'Your role does not allow exporting photos.');
  }
  const { db, blobs } = s.workspace();
  const row = getPhotoRow(db, photoId.data);
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
