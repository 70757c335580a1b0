// What a snapshot in the bucket is (docs/storage-format.md, "Archive"): the sealed database, the
// key slots file, and a sealed manifest listing every object with its size and SHA-256. The
// database copy and the manifest are sealed like a blob (chunked AES-256-GCM under a fresh key);
// their keys are wrapped under the blob KEK of the vault generation, so the bucket plus anything
// that opens vault.json (the recovery code, a staff password) opens them, and nothing else does.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CoreError } from '../../../shared/errors';
import { openBlob, sealBlob } from '../blobs/blob-format';
import type { BlobKek } from '../blobs/blob-store';
import { openSmall, randomKey, sealSmall } from '../vault/aead';

export const MANIFEST_FORMAT = 'clinic-photo-archive-manifest';
export const ENVELOPE_FORMAT = 'clinic-photo-archive-envelope';

const ObjectEntry = z.object({ key: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export type ObjectEntry = z.infer<typeof ObjectEntry>;

/** A sealed object's key, wrapped: what opening it needs besides the KEK. */
const Sealing = z.object({ sealId: z.string().regex(/^[0-9a-f]{32}$/), keyVersion: z.number().int().positive(), wrappedKey: z.string() });
export type Sealing = z.infer<typeof Sealing>;

export const Manifest = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    version: z.literal(1),
    snapshotId: z.string(),
    takenAt: z.string(),
    vaultId: z.string(),
    auditSeq: z.number().int().nonnegative(),
    database: ObjectEntry.extend({ sealing: Sealing, plainSize: z.number().int().nonnegative() }),
    vault: ObjectEntry,
    blobs: z.array(ObjectEntry),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

const Envelope = z.object({ format: z.literal(ENVELOPE_FORMAT), version: z.literal(1), vaultId: z.string(), sealing: Sealing, sealed: z.string() }).strict();

const wrapAad = (vaultId: string, sealId: string): Buffer => Buffer.from(`clinic-photo/archive/v1\0${vaultId}\0${sealId}`, 'utf8');

/** Seals `plaintext` under a fresh key wrapped by `kek`; the id binds the key to this object. */
export function sealForArchive(kek: BlobKek, vaultId: string, plaintext: Uint8Array): { sealed: Buffer; sealing: Sealing } {
  const id = randomBytes(16);
  const key = randomKey();
  try {
    const sealed = sealBlob(key, id, plaintext);
    const wrappedKey = sealSmall(kek.key, key, wrapAad(vaultId, id.toString('hex'))).toString('base64');
    return { sealed, sealing: { sealId: id.toString('hex'), keyVersion: kek.version, wrappedKey } };
  } finally {
    key.fill(0);
  }
}

/** Opens what sealForArchive made; throws ARCHIVE_FAILED when the key or any segment does not authenticate. */
export function openFromArchive(keks: ReadonlyMap<number, BlobKek>, vaultId: string, sealing: Sealing, sealed: Buffer, what: string): Buffer {
  const kek = keks.get(sealing.keyVersion);
  if (!kek) throw new CoreError('ARCHIVE_FAILED', `The ${what} is sealed under a key generation these keys do not hold (${sealing.keyVersion}).`);
  const key = openSmall(kek.key, Buffer.from(sealing.wrappedKey, 'base64'), wrapAad(vaultId, sealing.sealId));
  if (!key) throw new CoreError('ARCHIVE_FAILED', `The ${what}'s key does not open with this vault: it was altered or belongs to another workstation.`);
  try {
    return openBlob(key, Buffer.from(sealing.sealId, 'hex'), sealed);
  } catch {
    throw new CoreError('ARCHIVE_FAILED', `The ${what} failed its integrity check (altered or truncated).`);
  } finally {
    key.fill(0);
  }
}

export function sealManifest(kek: BlobKek, manifest: Manifest): Buffer {
  const { sealed, sealing } = sealForArchive(kek, manifest.vaultId, Buffer.from(JSON.stringify(manifest), 'utf8'));
  return Buffer.from(JSON.stringify({ format: ENVELOPE_FORMAT, version: 1, vaultId: manifest.vaultId, sealing, sealed: sealed.toString('base64') }), 'utf8');
}

export function openManifest(keks: ReadonlyMap<number, BlobKek>, bytes: Buffer): Manifest {
  let envelope: z.infer<typeof Envelope>;
  try {
    envelope = Envelope.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw new CoreError('ARCHIVE_FAILED', 'The snapshot manifest is not in the archive format.');
  }
  const plain = openFromArchive(keks, envelope.vaultId, envelope.sealing, Buffer.from(envelope.sealed, 'base64'), 'snapshot manifest');
  const parsed = Manifest.safeParse(JSON.parse(plain.toString('utf8')));
  if (!parsed.success || parsed.data.vaultId !== envelope.vaultId) throw new CoreError('ARCHIVE_FAILED', 'The snapshot manifest is not in the archive format.');
  return parsed.data;
}

/** Object keys: random blob file names and time-ordered snapshot ids, nothing about a patient. */
export const blobObjectKey = (fileName: string): string => `blobs/${fileName}`;
export const snapshotKey = (snapshotId: string, part: 'database.cpb' | 'vault.json' | 'manifest.json'): string => `snapshots/${snapshotId}/${part}`;
export const SNAPSHOT_ID = /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/;

export function newSnapshotId(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
}
