// Import in the app: photos from files, folders or a camera's memory card, chosen in a window.
// The window first asks what each file is (its own date from EXIF, whether it is already in the
// archive) from the file's SHA-256 and its first bytes, shows that beside a thumbnail, and only
// then sends the chosen files one at a time into the same ingest path as a capture. The CLI's
// `photos.import` (bytes, by MRN) stays local-only; these take base64 and a patient id.
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, Timestamp } from '../domain';

/** The first bytes of a file: JPEG's EXIF (APP1) is at most 64 KiB and comes first. */
export const IMPORT_HEAD_BYTES = 128 * 1024;
/** Largest file a window may import: above any camera JPEG; RAW files are not images the core takes. */
export const IMPORT_MAX_FILE_BYTES = 30 * 1024 * 1024;
/** Files inspected per call (a camera card is asked in batches). */
export const IMPORT_INSPECT_BATCH = 100;

const base64 = (maxBytes: number) =>
  z
    .string()
    .min(4)
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

const FileTime = z.string().datetime({ offset: true });

export const ImportInspection = z.object({
  /** When the photo was taken: EXIF (with or without its offset), else the file's time, else now. */
  takenAt: Timestamp,
  takenFrom: z.enum(['exif', 'exif-local', 'file', 'import']),
  /** Whether the bytes start as a JPEG or PNG (anything else would be refused on import). */
  supported: z.boolean(),
  /** Already in the archive: for this patient (with the photo's id), or under another patient (not named). */
  duplicate: z.enum(['none', 'this-patient', 'other-patient']),
  duplicateOf: Id.nullable(),
});
export type ImportInspection = z.infer<typeof ImportInspection>;

export const importChannels = {
  inspect: channel({
    request: z
      .object({
        patientId: Id,
        files: z
          .array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'), headBase64: base64(IMPORT_HEAD_BYTES), fileModifiedAt: FileTime.optional() }).strict())
          .min(1)
          .max(IMPORT_INSPECT_BATCH),
      })
      .strict(),
    response: z.array(ImportInspection),
    access: needs('photo.import'),
    audit: 'photo.import-inspect',
  }),
  /** One file into the patient's record, optionally into one of their encounters. */
  add: channel({
    request: z
      .object({
        patientId: Id,
        encounterId: Id.nullable(),
        imageBase64: base64(IMPORT_MAX_FILE_BYTES),
        /** Where it came from, as the photo's device ("Memory card", "File import"). */
        device: z.string().trim().min(1).max(200),
        fileModifiedAt: FileTime.optional(),
      })
      .strict(),
    response: z.object({ photoId: Id }),
    access: needs('photo.import'),
    audit: 'photo.import',
  }),
};
