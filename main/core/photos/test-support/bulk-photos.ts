// Seeds many photos fast for gallery tests and `npm run bench -- gallery`. Every photo gets its own
// two sealed blobs (original and thumbnail, each with its own random key, written by the real
// BlobStore) and its row through the real insertPhotoRow, so the gallery reads exactly what a
// capture leaves. What is shared: the image bytes come from a few small JPEGs generated here (the
// "original" is the same small image as the thumbnail), because decoding and downscaling 10,000
// camera frames would measure the importer, not the gallery. The storage format does not allow
// sharing one sealed blob between photos: photos.thumbnail_blob_id and original_blob_id are UNIQUE.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { CaptureContext } from '../../../../shared/domain';
import { insertBlobRows } from '../../blobs/blob-rows';
import type { BlobRecord, BlobStore } from '../../blobs/blob-store';
import type { Db } from '../../db/open';
import { insertPhotoRow } from '../capture-rows';

export interface BulkPhoto {
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly capturedAt: Date;
  readonly context: CaptureContext | null;
  readonly qualityFailed?: ReadonlyArray<'blur' | 'underexposed' | 'overexposed' | 'glare'>;
  readonly source?: 'camera' | 'import';
}

export interface SeedImage {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
}

/** `count` distinct small JPEGs (a coloured field with a darker disc, like a lesion close-up). */
export async function seedImages(count: number, width = 320, height = 240): Promise<SeedImage[]> {
  const images: SeedImage[] = [];
  for (let i = 0; i < count; i++) {
    const hue = Math.round((360 * i) / count);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="hsl(${hue},45%,72%)"/><circle cx="${width / 2 + (i % 5) * 9}" cy="${height / 2}" r="${30 + (i % 7) * 4}" fill="hsl(${(hue + 20) % 360},40%,30%)"/></svg>`;
    const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
    images.push({ bytes, width, height });
  }
  return images;
}

const newId = () => randomBytes(16).toString('hex');

/**
 * Seals and records the photos in batches (a transaction per batch), `concurrency` sealed writes in
 * flight. Returns the new photo ids in the order given.
 */
export async function seedPhotos(db: Db, blobs: BlobStore, userId: string, photos: readonly BulkPhoto[], images: readonly SeedImage[], options: { batch?: number; concurrency?: number } = {}): Promise<string[]> {
  const batch = options.batch ?? 200;
  const concurrency = options.concurrency ?? 16;
  const ids: string[] = [];
  for (let start = 0; start < photos.length; start += batch) {
    const slice = photos.slice(start, start + batch);
    const sealed: Array<{ original: BlobRecord; thumbnail: BlobRecord }> = new Array(slice.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < slice.length; i = next++) {
        const image = images[(start + i) % images.length]!;
        sealed[i] = { original: await blobs.put(image.bytes), thumbnail: await blobs.put(image.bytes) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, slice.length) }, worker));
    const at = new Date();
    db.transaction(() => {
      slice.forEach((p, i) => {
        const { original, thumbnail } = sealed[i]!;
        const image = images[(start + i) % images.length]!;
        const id = newId();
        insertBlobRows(db, [original, thumbnail], at);
        insertPhotoRow(db, {
          id,
          patientId: p.patientId,
          encounterId: p.encounterId,
          capturedAt: p.capturedAt,
          capturedBy: userId,
          source: p.source ?? 'camera',
          device: 'Bench seed',
          mime: 'image/jpeg',
          width: image.width,
          height: image.height,
          originalBlobId: original.id,
          thumbnail: { blobId: thumbnail.id, width: image.width, height: image.height },
          context: p.context,
          providerId: null,
          quality: { sharpness: 1, meanLuminance: 0.5, darkClipped: 0, brightClipped: 0, glare: 0, failed: [...(p.qualityFailed ?? [])] },
          camera: null,
          acquisition: { at: p.capturedAt.toISOString(), utcOffsetMinutes: 0, origin: 'capture' },
        });
        ids.push(id);
      });
    })();
  }
  return ids;
}
