// Screen-sized renditions for the compare view (and the `photo_renditions` table's one owner):
// decoded from the original in the core, upright, re-encoded as JPEG and sealed like every other
// derived image, then reused. The compare view shows these first and asks for the original only
// when zoomed past them, so a 24-megapixel photo is never fully decoded before the first frame.
import sharp from 'sharp';
import { getBlobRecord, insertBlobRows } from '../blobs/blob-rows';
import type { BlobRecord, BlobStore } from '../blobs/blob-store';
import type { Db } from '../db/open';
import { writeTransaction } from '../db/write';

export interface RenditionRow {
  readonly blob_id: string;
  readonly width: number;
  readonly height: number;
}

const RENDITION_QUALITY = 88;

function findRendition(db: Db, photoId: string, edge: number): RenditionRow | null {
  return (db.prepare('SELECT blob_id, width, height FROM photo_renditions WHERE photo_id = ? AND edge = ?').get(photoId, edge) as RenditionRow | undefined) ?? null;
}

/** The sealed rendition of a photo at `edge`, made (and recorded with its blob row) on first use. */
export async function renditionOf(db: Db, blobs: BlobStore, photo: { id: string; original_blob_id: string }, edge: number, at: Date): Promise<RenditionRow> {
  const existing = findRendition(db, photo.id, edge);
  if (existing) return existing;
  const original = await blobs.read(getBlobRecord(db, photo.original_blob_id));
  const { data, info } = await sharp(original, { failOn: 'error' })
    .autoOrient()
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: RENDITION_QUALITY })
    .toBuffer({ resolveWithObject: true });
  const sealed: BlobRecord = await blobs.put(data);
  try {
    // Two windows may make the same rendition at once: the first row wins, the other file goes.
    const kept = writeTransaction(db, () => {
      const raced = findRendition(db, photo.id, edge);
      if (raced) return raced;
      insertBlobRows(db, [sealed], at);
      db.prepare('INSERT INTO photo_renditions (photo_id, edge, blob_id, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(photo.id, edge, sealed.id, info.width, info.height, at.toISOString());
      return null;
    });
    if (kept) {
      await blobs.discard(sealed.fileName);
      return kept;
    }
  } catch (error) {
    await blobs.discard(sealed.fileName);
    throw error;
  }
  return { blob_id: sealed.id, width: info.width, height: info.height };
}
