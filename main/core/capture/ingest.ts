// The one path every photo takes into the workstation, whether it came from a camera or an import:
// decode and validate in memory (one decode feeds the thumbnail and the quality checks, EXIF is
// read beside it), seal original and thumbnail, then record both blobs and the photo with its
// capture metadata in one transaction. If anything fails, the sealed files are removed and nothing
// is recorded. `discardCapture` is the only way back out: rows and files both go.
import type { CaptureContext, PhotoQuality } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { deleteBlobRows, insertBlobRows } from '../blobs/blob-rows';
import { requireCaptureConsent } from '../consent/capture-policy';
import type { BlobRecord, BlobStore } from '../blobs/blob-store';
import { recordAudit } from '../audit/audit';
import { inspectImage, sniffMime } from '../imaging/inspect';
import { captureAcquisitionTime, importAcquisitionTime } from '../imaging/acquisition-time';
import { assertDeliverable } from '../interop/outgoing-image';
import { photosWithOriginalSha256 } from '../photos/photo-lookups';
import { checkCaptureContext } from '../standards/context';
import { deletePhotoRow, getCaptureReviewRow, insertPhotoRow, type CaptureReviewRow } from '../photos/capture-rows';
import { isDerivationSource } from '../photos/derivations';
import { newId } from '../support/ids';
import { enqueueDeliveries, photoHasLeft, releaseHeldDeliveries } from '../sync/outbox';
import { writeTransaction } from '../db/write';

export interface IngestRequest {
  readonly bytes: Uint8Array;
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly userId: string;
  readonly source: 'camera' | 'import';
  readonly device: string;
  readonly at: Date;
  /** Required for camera captures; imports may not know it. */
  readonly context?: CaptureContext | null;
  /** The encounter's provider, recorded with the photo. */
  readonly providerId?: string | null;
  /** For imports: the file's modification time, the acquisition time of last resort (no EXIF date). */
  readonly fileModifiedAt?: Date | null;
}

export interface IngestResult {
  readonly photoId: string;
  readonly quality: PhotoQuality;
}

export async function ingestPhoto(db: Db, blobs: BlobStore, req: IngestRequest): Promise<string> {
  return (await ingestPhotoWithQuality(db, blobs, req)).photoId;
}

export async function ingestPhotoWithQuality(db: Db, blobs: BlobStore, req: IngestRequest): Promise<IngestResult> {
  if (req.source === 'camera' && !req.context) {
    throw new CoreError('VALIDATION_FAILED', 'Choose the body site, side and view before taking a photo.', { context: 'is required' });
  }
  const context = req.context ? checkCaptureContext(req.context) : null;
  // The clinic may require a signed photo consent for capture (off by default): before anything is stored.
  if (req.source === 'camera') requireCaptureConsent(db, req.patientId, req.at);
  const mime = sniffMime(req.bytes);
  if (!mime) throw new CoreError('INVALID_IMAGE', 'The file is not a JPEG or PNG image.');
  const acquisition = req.source === 'camera' ? captureAcquisitionTime(req.at) : await importAcquisitionTime(req.bytes, req.fileModifiedAt ?? null, req.at);
  const written: BlobRecord[] = [];
  try {
    // The decode runs on libvips' thread while this thread hashes, seals and writes the original:
    // the two biggest costs of an ingest overlap instead of adding up. If the decode then refuses
    // the image, the sealed original is removed below like any other partial ingest.
    const [decoded, sealedOriginal] = await Promise.allSettled([inspectImage(req.bytes), blobs.put(req.bytes)]);
    if (sealedOriginal.status === 'fulfilled') written.push(sealedOriginal.value);
    if (decoded.status === 'rejected') throw decoded.reason;
    if (sealedOriginal.status === 'rejected') throw sealedOriginal.reason;
    const image = decoded.value;
    // Every accepted image must be deliverable: what the PACS and the EMR cannot be given
    // faithfully (CMYK, 12-bit, lossless JPEG, 16-bit or transparent PNG) is refused now, with the
    // reason, not at delivery.
    await assertDeliverable(req.bytes, mime);
    written.push(await blobs.put(image.thumbnail.bytes));
    const [original, thumbnail] = written as [BlobRecord, BlobRecord];
    const photoId = newId();
    const { quality, camera } = image;
    writeTransaction(db, () => {
      if (req.source === 'import') refuseDuplicate(db, req, original.sha256);
      insertBlobRows(db, written, req.at);
      insertPhotoRow(db, {
        id: photoId,
        patientId: req.patientId,
        encounterId: req.encounterId,
        capturedAt: req.at,
        capturedBy: req.userId,
        source: req.source,
        device: req.device,
        mime: image.mime,
        width: image.width,
        height: image.height,
        originalBlobId: original.id,
        thumbnail: { blobId: thumbnail.id, width: image.thumbnail.width, height: image.thumbnail.height },
        context,
        providerId: req.providerId ?? null,
        quality,
        camera,
        acquisition,
      });
      recordAudit(db, req.at, {
        userId: req.userId,
        action: req.source === 'camera' ? 'photo.capture' : 'photo.import',
        outcome: 'success',
        patientId: req.patientId,
        photoId,
        ...(quality.failed.length > 0 ? { detail: `quality=${quality.failed.join(',')}` } : {}),
      });
      // The outbox: the photo and its queued deliveries commit together or not at all. A camera
      // capture that failed a quality check is held while the photographer decides at the retake
      // prompt: once sent, it would be in the PACS and could no longer be discarded.
      const held = req.source === 'camera' && quality.failed.length > 0;
      enqueueDeliveries(db, photoId, req.at, held ? new Date(req.at.getTime() + DISCARD_WINDOW_MS) : req.at);
    });
    return { photoId, quality };
  } catch (error) {
    await Promise.all(written.map((b) => blobs.discard(b.fileName)));
    if (error instanceof CoreError && error.code === 'DUPLICATE_PHOTO') {
      recordAudit(db, req.at, { userId: req.userId, action: 'photo.import', outcome: 'denied', patientId: req.patientId, detail: 'duplicate' });
    }
    throw error;
  }
}

/**
 * The same file (by the SHA-256 of its bytes) imported twice would be two photos and two DICOM
 * instances of one picture: refused, naming the photo it already is when that photo belongs to
 * the same patient. Under another patient it is refused without saying whose it is (the importer
 * may have no access to that patient), and the message asks them to check the patient.
 */
function refuseDuplicate(db: Db, req: IngestRequest, sha256: string): void {
  const existing = photosWithOriginalSha256(db, sha256);
  if (existing.length === 0) return;
  const same = existing.find((p) => p.patientId === req.patientId);
  if (same) {
    throw new CoreError('DUPLICATE_PHOTO', `This file was already imported for this patient (photo ${same.id}); it was not imported again.`, { photoId: same.id });
  }
  throw new CoreError('DUPLICATE_PHOTO', 'This file is already in the archive under another patient, so it was not imported. Check that the right patient is chosen.');
}

/**
 * How long after capture the photographer may still discard a shot (the retake prompt), and how
 * long a capture that failed a quality check waits for that decision before it is delivered.
 */
export const DISCARD_WINDOW_MS = 15 * 60_000;

/** The capture, if `userId` took it with a camera within DISCARD_WINDOW_MS; else audited and refused. */
function ownRecentCapture(db: Db, photoId: string, userId: string, at: Date, action: 'photo.discard' | 'photo.keep'): CaptureReviewRow {
  const row = getCaptureReviewRow(db, photoId);
  if (!row) throw new CoreError('NOT_FOUND', 'No such photo.');
  const age = at.getTime() - Date.parse(row.captured_at);
  if (row.source !== 'camera' || row.captured_by !== userId || age > DISCARD_WINDOW_MS || age < 0) {
    recordAudit(db, at, { userId, action, outcome: 'denied', patientId: row.patient_id, photoId });
    throw new CoreError('PERMISSION_DENIED', 'Only a capture you just took can be discarded or kept here; older photos are part of the record.');
  }
  return row;
}

/**
 * Removes a capture the photographer rejected at the retake prompt: the photo row and both blob
 * rows in one transaction (crypto-shredding the files), then the sealed files themselves. Only the
 * user who took it, within DISCARD_WINDOW_MS, and only while none of its deliveries has started:
 * a photo the PACS or EMR may already hold is part of the record and stays. The transaction takes
 * the write lock first, so the sync worker cannot claim a delivery between the check and the delete.
 */
export async function discardCapture(db: Db, blobs: BlobStore, photoId: string, userId: string, at: Date): Promise<void> {
  // Who took it and when never change: checked (and a refusal audited) before the transaction.
  const capture = ownRecentCapture(db, photoId, userId, at, 'photo.discard');
  const discarded = writeTransaction(db, () => {
      if (photoHasLeft(db, photoId)) return false;
      // Shown in an exported comparison (photos/derivations.ts): that photo names it as its source.
      if (isDerivationSource(db, photoId)) return 'compared';
      deletePhotoRow(db, photoId);
      deleteBlobRows(db, [capture.original_id, capture.thumb_id]);
      recordAudit(db, at, { userId, action: 'photo.discard', outcome: 'success', patientId: capture.patient_id, photoId });
      return true;
    });
  if (discarded === 'compared') {
    recordAudit(db, at, { userId, action: 'photo.discard', outcome: 'denied', patientId: capture.patient_id, photoId, detail: 'in-comparison' });
    throw new CoreError('VALIDATION_FAILED', 'This photo is shown in an exported comparison, so it is part of the record and cannot be discarded.', { photoId: 'in a comparison' });
  }
  if (!discarded) {
    recordAudit(db, at, { userId, action: 'photo.discard', outcome: 'denied', patientId: capture.patient_id, photoId, detail: 'already-delivered' });
    throw new CoreError('ALREADY_DELIVERED', 'This photo has already been sent to the PACS or EMR, so it is part of the record and cannot be discarded.');
  }
  await Promise.all([blobs.discard(capture.original_file), blobs.discard(capture.thumb_file)]);
}

/**
 * The photographer keeps a capture that failed a quality check ("Keep photo" at the retake
 * prompt): its held deliveries become due now instead of at the end of DISCARD_WINDOW_MS.
 * Returns how many deliveries were released.
 */
export function keepCapture(db: Db, photoId: string, userId: string, at: Date): number {
  const capture = ownRecentCapture(db, photoId, userId, at, 'photo.keep');
  return writeTransaction(db, () => {
    const released = releaseHeldDeliveries(db, photoId, at);
    recordAudit(db, at, { userId, action: 'photo.keep', outcome: 'success', patientId: capture.patient_id, photoId });
    return released;
  });
}
