// The one path every photo takes into the workstation, whether it came from a camera or an import:
// decode and validate in memory, seal original and thumbnail, then record both blobs and the photo
// in one transaction. If anything fails, the sealed files are removed and nothing is recorded.
import type { Db } from '../db/open';
import type { BlobRecord, BlobStore } from '../blobs/blob-store';
import { recordAudit } from '../audit/audit';
import { inspectImage } from '../imaging/inspect';
import { newId } from '../support/ids';

export interface IngestRequest {
  readonly bytes: Uint8Array;
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly userId: string;
  readonly source: 'camera' | 'import';
  readonly device: string;
  readonly at: Date;
}

export async function ingestPhoto(db: Db, blobs: BlobStore, req: IngestRequest): Promise<string> {
  const image = await inspectImage(req.bytes);
  const written: BlobRecord[] = [];
  try {
    const settled = await Promise.allSettled([blobs.put(req.bytes), blobs.put(image.thumbnail.bytes)]);
    for (const s of settled) if (s.status === 'fulfilled') written.push(s.value);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [original, thumbnail] = written as [BlobRecord, BlobRecord];
    const photoId = newId();
    const insertBlob = db.prepare(
      'INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const b of written) insertBlob.run(b.id, b.fileName, b.wrappedKey, b.keyVersion, b.byteSize, b.sha256, req.at.toISOString());
      db.prepare(
        `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                             original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        photoId,
        req.patientId,
        req.encounterId,
        req.at.toISOString(),
        req.userId,
        req.source,
        req.device,
        image.mime,
        image.width,
        image.height,
        original.id,
        thumbnail.id,
        image.thumbnail.width,
        image.thumbnail.height,
      );
      recordAudit(db, req.at, {
        userId: req.userId,
        action: req.source === 'camera' ? 'photo.capture' : 'photo.import',
        outcome: 'success',
        patientId: req.patientId,
        photoId,
      });
    })();
    return photoId;
  } catch (error) {
    await Promise.all(written.map((b) => blobs.discard(b.fileName)));
    throw error;
  }
}
