// The export use-case behind `cli export annotations` (the local-only channel
// `annotations.export`): a photo's current annotation version as a DICOM Color Softcopy
// Presentation State or as W3C Web Annotation JSON. Annotations describe the photo and leave with
// it, so they pass the same consent gate for the export's purpose (consent/gate.ts). Every success
// and failure is audited ('annotation.export', photo and patient ids, format, purpose, version).
import type { AnnotationExportFormat } from '../../../shared/channels/annotations';
import type { Purpose } from '../../../shared/consent';
import { CoreError, isCoreError } from '../../../shared/errors';
import type { BlobStore } from '../blobs/blob-store';
import { checkRelease } from '../consent/gate';
import type { Db } from '../db/open';
import { loadPhotoExport, type PhotoExportInput } from '../interop/export-input';
import { getPhotoRow } from '../photos/photos';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { buildBurnedInCopy } from './burned-in';
import { buildPresentationState } from './csps';
import { currentAnnotationVersion, type AnnotationVersionInput } from './current';
import { buildWebAnnotations } from './web-annotation';

export const webAnnotationBytes = (input: PhotoExportInput, version: AnnotationVersionInput): Buffer =>
  Buffer.from(`${JSON.stringify(buildWebAnnotations(input, version), null, 2)}\n`, 'utf8');

export async function annotationExportBytes(db: Db, blobs: BlobStore, photoId: string, format: AnnotationExportFormat): Promise<{ version: number; bytes: Buffer }> {
  // Asked first: a photo without annotations is refused before its image is decrypted.
  if (!currentAnnotationVersion(db, photoId)) throw new CoreError('NOT_FOUND', 'This photo has no annotations to export.', { annotations: 'none' });
  const input = await loadPhotoExport(db, blobs, photoId);
  const version = input.annotations;
  if (!version) throw new CoreError('NOT_FOUND', 'This photo has no annotations to export.', { annotations: 'none' });
  const bytes = format === 'csps' ? await buildPresentationState(input, version) : format === 'burned-in' ? await buildBurnedInCopy(input, version) : webAnnotationBytes(input, version);
  return { version: version.version, bytes };
}

export async function exportAnnotations(s: CoreServices, ctx: CallContext, req: { photoId: string; format: AnnotationExportFormat; purpose: Purpose }) {
  const userId = s.actor(ctx).user.id;
  const { db, blobs } = s.workspace();
  const row = getPhotoRow(db, req.photoId);
  s.requirePatientAccess(ctx, row.patient_id, 'photos');
  const detail = `format=${req.format};purpose=${req.purpose}`;
  const audit = (outcome: 'success' | 'failure', extra: string) =>
    s.audit({ userId, action: 'annotation.export', outcome, patientId: row.patient_id, photoId: row.id, detail: `${detail}${extra}` });
  try {
    const release = checkRelease(db, { photoId: row.id, purpose: req.purpose, at: s.clock() });
    if (!release.allowed) {
      s.audit({ userId, action: 'consent.release-refused', outcome: 'denied', patientId: row.patient_id, photoId: row.id, detail: `via=annotation-export;purpose=${req.purpose};scope=${release.scope ?? ''}` });
      throw new CoreError('CONSENT_REFUSED', release.reason ?? `Not released for ${req.purpose}.`);
    }
    if (release.notice !== null) {
      s.audit({ userId, action: 'consent.release-without-consent', outcome: 'success', patientId: row.patient_id, photoId: row.id, detail: `via=annotation-export;purpose=${req.purpose}` });
    }
    const { version, bytes } = await annotationExportBytes(db, blobs, row.id, req.format);
    audit('success', `;version=${version}`);
    return { photoId: row.id, version, format: req.format, bytes };
  } catch (error) {
    audit('failure', `;${isCoreError(error) ? error.code : 'INTERNAL'}`);
    throw error;
  }
}
