// What each photo becomes on the wire, built by the interop module from the database and the
// sealed original: the DICOM Part 10 instance (with the UIDs used for idempotency and read-back)
// and the FHIR transaction Bundle. Built afresh for every attempt: the builders are deterministic.
import { createHash } from 'node:crypto';
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
        // The original's recorded SHA-256 is checked as it is read; what leaves is its outgoing
        // copy (upright, metadata removed), whose hash the read-back compares (dicomDigest).
        const input = await loadPhotoExport(db, blobs, photoId, { allocate: (size) => (taken = pool.take(size)) });
        const { before, pixels, after, pixelsAreImage } = await buildDicomParts(input);
        const pixelsSha256 = pixelsAreImage ? input.imageSha256 : sha256(pixels);
        return { ...dicomUidsFor(input), before, pixels, after, pixelsSha256, release };
      } catch (error) {
        release();
        throw error;
      }
    },
    async fhir(photoId) {
      const input = await loadPhotoExport(db, blobs, photoId);
      return { bundle: buildFhirBundle(input) as FhirBundle, imageSha256: input.imageSha256 };
    },
  };
}
