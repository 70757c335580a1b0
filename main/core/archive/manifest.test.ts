// The sealed manifest and sealed snapshot format: opens with the KEK of its generation, and a
// changed byte, another vault's key or a swapped vault id is refused with ARCHIVE_FAILED.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobKek } from '../blobs/blob-store';
import { newSnapshotId, openFromArchive, openManifest, sealForArchive, sealManifest, SNAPSHOT_ID, type Manifest } from './manifest';

const kek: BlobKek = { version: 3, key: randomBytes(32) };
const keks = new Map([[3, kek]]);
const hash = 'a'.repeat(64);
const manifest: Manifest = {
  format: 'clinic-photo-archive-manifest',
  version: 1,
  snapshotId: newSnapshotId(new Date('2026-12-06T03:15:00.123Z')),
  takenAt: '2026-12-06T03:15:00.123Z',
  vaultId: 'vault-1',
  auditSeq: 42,
  database: { key: 'snapshots/x/database.cpb', size: 10, sha256: hash, sealing: { sealId: 'b'.repeat(32), keyVersion: 3, wrappedKey: 'AA==' }, plainSize: 5 },
  vault: { key: 'snapshots/x/vault.json', size: 3, sha256: hash },
  blobs: [{ key: `blobs/${'c'.repeat(32)}.cpb`, size: 100, sha256: hash }],
};

describe('archive sealing', () => {
  it('round-trips a manifest and a snapshot under the KEK of their generation', () => {
    expect(manifest.snapshotId).toMatch(SNAPSHOT_ID);
    expect(manifest.snapshotId.startsWith('20261206T031500Z-')).toBe(true);
    expect(openManifest(keks, sealManifest(kek, manifest))).toEqual(manifest);
    const plain = randomBytes(200_000);
    const { sealed, sealing } = sealForArchive(kek, 'vault-1', plain);
    expect(sealed.includes(plain.subarray(0, 64))).toBe(false);
    expect(openFromArchive(keks, 'vault-1', sealing, sealed, 'database snapshot').equals(plain)).toBe(true);
  });

  it('refuses a changed byte, another key, and another vault id', () => {
    const envelope = sealManifest(kek, manifest);
    const json = JSON.parse(envelope.toString()) as { sealed: string; vaultId: string };
    const sealed = Buffer.from(json.sealed, 'base64');
    sealed.writeUInt8(sealed.readUInt8(60) ^ 1, 60);
    expect(() => openManifest(keks, Buffer.from(JSON.stringify({ ...json, sealed: sealed.toString('base64') })))).toThrow(/integrity/);
    expect(() => openManifest(new Map([[3, { version: 3, key: randomBytes(32) }]]), envelope)).toThrow(/does not open/);
    expect(() => openManifest(keks, Buffer.from(JSON.stringify({ ...json, vaultId: 'vault-2' })))).toThrow(/does not open/);
    expect(() => openManifest(new Map(), envelope)).toThrow(/key generation/);
    expect(() => openManifest(keks, Buffer.from('not json'))).toThrow(/archive format/);
  });
});
