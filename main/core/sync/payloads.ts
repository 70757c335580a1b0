// What each photo becomes on the wire, built by the interop module from the database and the
// sealed original: the DICOM Part 10 instance (with the UIDs used for idempotency and read-back)
// and the FHIR transaction Bundle. Built afresh for every attempt: the builders are deterministic.
import { createHash } from 'node:crypto';
import { CoreError } from '../../../shared/errors';
import type { BlobStore } from '../blobs/blob-store';
import type { BufferPool } from '../support/buffer-pool';
import type { Db } from '../db/open';
import { buildDicomParts, dicomUidsFor } from '../interop/dicom/vl-photo';
import { loadPhotoExport } from '../interop/export-input';
import { buildFhirBundle } from '../interop/fhir/bundle';
import type { PayloadSource } from './drain';
import type { FhirBundle } from './fhir';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `pool` holds the buffers photos are decrypted into; each instance gives its buffer back on release(). */
export function interopPayloads(db: Db, blobs: BlobStore, pool: BufferPool): PayloadSource {
  return {
    async dicom(photoId) {
      let taken: Buffer | null = null;
      const release = () => {
        if (taken) pool.give(taken);
        taken = null;
      };
      try {
        // The image's SHA-256 is not recomputed to send a JPEG (every sealed segment is still
        // authenticated): the read-back compares the PACS's copy with the hash recorded at capture
        // (dicomDigest). Pixels decoded from a PNG are not the captured bytes, so for those the
        // recorded hash is checked here instead, before the instance can be sent.
        const input = await loadPhotoExport(db, blobs, photoId, { checkImageHash: false, allocate: (size) => (taken = pool.take(size)) });
        const { before, pixels, after, pixelsAreImage } = await buildDicomParts(input);
        if (!pixelsAreImage && sha256(input.image) !== input.photo.sha256) {
          throw new CoreError('BLOB_TAMPERED', 'Stored photo failed its integrity check (content hash differs).');
        }
        const pixelsSha256 = pixelsAreImage ? input.photo.sha256 : sha256(pixels);
        return { ...dicomUidsFor(input), before, pixels, after, pixelsSha256, release };
      } catch (error) {
        release();
        throw error;
      }
    },
    async fhir(photoId) {
      const input = await loadPhotoExport(db, blobs, photoId);
      return { bundle: buildFhirBundle(input) as FhirBundle, imageSha256: input.photo.sha256 };
    },
  };
}
