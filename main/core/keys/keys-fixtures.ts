// Shared by the key tests: a clinic with photos whose hashes are known, and a check that opens the
// data directory the way a sign-in does and decrypts every photo against those hashes.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { silentLogger } from '../support/log';
import { importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { unlockWithPassword } from '../vault/vault';
import { openWorkspace } from '../workspace';

export async function clinicWithPhotos(count: number) {
  const c = await initializedClinic();
  const setup = JSON.parse(await fs.readFile(path.join(c.dir, 'vault.json'), 'utf8')) as { slots: Array<{ kind: string }> };
  expect(setup.slots.map((s) => s.kind).sort()).toEqual(['password', 'recovery']);
  unwrap(await c.client.api.patients.register({ mrn: 'KEY-1', familyName: 'Rotate', givenName: 'Ada', birthDate: '1970-01-01', sex: 'U' }));
  const hashes = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const bytes = await sharp({ create: { width: 64 + i, height: 48, channels: 3, background: { r: 10 * i, g: 100, b: 50 } } }).jpeg().toBuffer();
    const id = await importPhoto(c.client, { mrn: 'KEY-1', bytes, device: 'keys-test' });
    hashes.set(id, createHash('sha256').update(bytes).digest('hex'));
  }
  return { ...c, hashes };
}

/** Opens the data directory with a password the way a sign-in does, and checks every photo. */
export async function checkEveryPhoto(dir: string, username: string, password: string, hashes: ReadonlyMap<string, string>): Promise<number> {
  const ws = await openWorkspace(dir, await unlockWithPassword(dir, username, password), silentLogger);
  try {
    const rows = ws.db.prepare('SELECT p.id, b.id AS blobId, b.file_name AS fileName, b.wrapped_key AS wrappedKey, b.key_version AS keyVersion, b.byte_size AS byteSize, b.sha256 FROM photos p JOIN blobs b ON b.id = p.original_blob_id').all() as Array<{
      id: string;
      blobId: string;
      fileName: string;
      wrappedKey: Buffer;
      keyVersion: number;
      byteSize: number;
      sha256: string;
    }>;
    for (const row of rows) {
      const bytes = await ws.blobs.read({ ...row, id: row.blobId });
      expect(createHash('sha256').update(bytes).digest('hex'), `photo ${row.id}`).toBe(hashes.get(row.id));
    }
    const versions = ws.db.prepare('SELECT DISTINCT key_version FROM blobs').pluck().all();
    expect(versions).toEqual([ws.keys.blobKek.version]);
    return rows.length;
  } finally {
    ws.close();
  }
}

