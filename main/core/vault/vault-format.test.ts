// Conformance with docs/storage-format.md: the HKDF test vector printed there, and a reader built
// only from the document (Argon2id from the library directly, WebCrypto for everything else, the
// SQLCipher pragmas as documented) opening a data directory written by the real core.
import { hashRaw, type Algorithm, type Version } from '@node-rs/argon2';
import Database from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { blobKeyAad, decodeSealedBlob, deriveVaultSubkey, fromHex, openSmallAead, slotAad, toHex } from '../blobs/independent-decoder';
import { decodeDatabaseFile, sqliteHeaderFields } from '../db/independent-sqlcipher';
import { ADMIN, initializedClinic, unwrap, importPhoto } from '../test-support/fixtures';
import { deriveSubkey } from './aead';

const doc = readFileSync(path.resolve(__dirname, '../../../docs/storage-format.md'), 'utf8');
const vectorLine = (label: string) => new RegExp(`^${label}\\s+([0-9a-f]+)$`, 'm').exec(doc)?.[1] ?? '';

describe('HKDF subkeys', () => {
  it('match the test vector in the document, in both implementations', async () => {
    const vmk = fromHex(vectorLine('VMK'));
    const vaultId = vectorLine('vaultId');
    expect(vmk.length).toBe(32);
    expect(vaultId).toMatch(/^[0-9a-f]{32}$/);
    for (const [label, info] of [['database', 'clinic-photo/database/v1'], ['blob KEK', 'clinic-photo/blob-kek/v1']] as const) {
      const expected = vectorLine(label);
      expect(expected).toMatch(/^[0-9a-f]{64}$/);
      expect(deriveSubkey(vmk, vaultId, info).toString('hex')).toBe(expected);
      expect(toHex(await deriveVaultSubkey(vmk, vaultId, info))).toBe(expected);
    }
  });
});

interface BlobRow {
  id: string;
  file_name: string;
  wrapped_key: Buffer;
  key_version: number;
  byte_size: number;
  sha256: string;
}

describe('a reader built from the document', () => {
  it('opens a data directory written by the core, down to the photo bytes', async () => {
    const clinic = await initializedClinic();
    try {
      const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 200, g: 120, b: 90 } } }).jpeg().toBuffer();
      unwrap(await clinic.client.api.patients.register({ mrn: 'HD-1001', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-04-12', sex: 'F' }));
      await importPhoto(clinic.client, { mrn: 'HD-1001', bytes: photo, device: 'test' });
      await clinic.core.close();

      // Section 3 → 2.2 → 2.3: password slot to VMK.
      const vault = JSON.parse(await fs.readFile(path.join(clinic.dir, 'vault.json'), 'utf8')) as {
        vaultId: string;
        slots: Array<{ id: string; lookup: string; kdf: { memoryKiB: number; iterations: number; parallelism: number; salt: string }; wrappedKey: string }>;
      };
      const lookup = createHash('sha256').update(`clinic-photo/slot-lookup/v1\0${vault.vaultId}\0${ADMIN.username.toLowerCase()}`).digest('hex');
      const slot = vault.slots.find((s) => s.lookup === lookup);
      expect(slot).toBeDefined();
      const slotKey = await hashRaw(ADMIN.password.normalize('NFC'), {
        algorithm: 2 as Algorithm, // Argon2id
        version: 1 as Version, // 0x13
        memoryCost: slot!.kdf.memoryKiB,
        timeCost: slot!.kdf.iterations,
        parallelism: slot!.kdf.parallelism,
        outputLen: 32,
        salt: Buffer.from(slot!.kdf.salt, 'hex'),
      });
      const vmk = await openSmallAead(slotKey, fromHex(slot!.wrappedKey), slotAad(vault.vaultId, slot!.id));
      expect(vmk?.length).toBe(32);

      // Section 2.4 and 4: the database key opens clinic.db with the documented pragmas.
      const dbKey = await deriveVaultSubkey(vmk!, vault.vaultId, 'clinic-photo/database/v1');
      const kek = await deriveVaultSubkey(vmk!, vault.vaultId, 'clinic-photo/blob-kek/v1');
      const dbFile = path.join(clinic.dir, 'clinic.db');
      expect((await fs.readFile(dbFile)).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      const db = new Database(dbFile, { readonly: true });
      let rows: BlobRow[];
      try {
        db.pragma("cipher = 'sqlcipher'");
        db.pragma('legacy = 4');
        db.pragma(`key = "x'${toHex(dbKey)}'"`);
        rows = db.prepare('SELECT id, file_name, wrapped_key, key_version, byte_size, sha256 FROM blobs').all() as BlobRow[];
      } finally {
        db.close();
      }
      expect(rows).toHaveLength(2); // the original and its thumbnail

      // Sections 2.5 and 5: unwrap each per-blob key and decode each file.
      const decoded: Buffer[] = [];
      for (const row of rows) {
        expect(row.key_version).toBe(1);
        const blobKey = await openSmallAead(kek, row.wrapped_key, blobKeyAad(row.id));
        expect(blobKey?.length).toBe(32);
        const file = await fs.readFile(path.join(clinic.dir, 'blobs', row.file_name.slice(0, 2), row.file_name));
        decoded.push(Buffer.from(await decodeSealedBlob(blobKey!, fromHex(row.id), file, { byteSize: row.byte_size, sha256: row.sha256 })));
      }
      expect(decoded.some((bytes) => bytes.equals(photo))).toBe(true);
      expect(decoded.every((bytes) => bytes[0] === 0xff && bytes[1] === 0xd8)).toBe(true);
    } finally {
      await clinic.dispose();
    }
  });
});

/** Sections 3 → 2.2 → 2.3 → 2.4: the administrator's password to the database key and blob KEK. */
async function documentKeys(dir: string): Promise<{ dbKey: Uint8Array; kek: Uint8Array }> {
  const vault = JSON.parse(await fs.readFile(path.join(dir, 'vault.json'), 'utf8')) as {
    vaultId: string;
    slots: Array<{ id: string; lookup: string; kdf: { memoryKiB: number; iterations: number; parallelism: number; salt: string }; wrappedKey: string }>;
  };
  const lookup = createHash('sha256').update(`clinic-photo/slot-lookup/v1\0${vault.vaultId}\0${ADMIN.username.toLowerCase()}`).digest('hex');
  const slot = vault.slots.find((s) => s.lookup === lookup)!;
  const slotKey = await hashRaw(ADMIN.password.normalize('NFC'), {
    algorithm: 2 as Algorithm,
    version: 1 as Version,
    memoryCost: slot.kdf.memoryKiB,
    timeCost: slot.kdf.iterations,
    parallelism: slot.kdf.parallelism,
    outputLen: 32,
    salt: Buffer.from(slot.kdf.salt, 'hex'),
  });
  const vmk = (await openSmallAead(slotKey, fromHex(slot.wrappedKey), slotAad(vault.vaultId, slot.id)))!;
  return {
    dbKey: await deriveVaultSubkey(vmk, vault.vaultId, 'clinic-photo/database/v1'),
    kek: await deriveVaultSubkey(vmk, vault.vaultId, 'clinic-photo/blob-kek/v1'),
  };
}

describe('the photos table, read from the document (section 4.2)', () => {
  it('names the original (byte for byte, its type in mime) and a JPEG thumbnail within 480 px', async () => {
    const clinic = await initializedClinic();
    try {
      const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 90, g: 140, b: 200 } } }).png().toBuffer();
      unwrap(await clinic.client.api.patients.register({ mrn: 'HD-1002', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-04-12', sex: 'F' }));
      await importPhoto(clinic.client, { mrn: 'HD-1002', bytes: png, device: 'test' });
      await clinic.core.close();
      const { dbKey, kek } = await documentKeys(clinic.dir);
      const dbFile = path.join(clinic.dir, 'clinic.db');
      // Section 4.1: the main file's pages authenticate and decrypt with the database key.
      const page1 = decodeDatabaseFile(await fs.readFile(dbFile), Buffer.from(dbKey))[0]!.plaintext;
      expect(sqliteHeaderFields(page1)).toMatchObject({ pageSize: 4096, reserveBytes: 80 });
      const db = new Database(dbFile, { readonly: true });
      type Row = { mime: string; width: number; height: number; thumbnail_width: number; thumbnail_height: number; o_id: string; o_file: string; o_key: Buffer; o_size: number; o_sha: string; t_id: string; t_file: string; t_key: Buffer; t_size: number; t_sha: string };
      let row: Row;
      try {
        db.pragma("cipher = 'sqlcipher'");
        db.pragma('legacy = 4');
        db.pragma(`key = "x'${toHex(dbKey)}'"`);
        row = db
          .prepare(
            `SELECT p.mime, p.width, p.height, p.thumbnail_width, p.thumbnail_height,
                    o.id AS o_id, o.file_name AS o_file, o.wrapped_key AS o_key, o.byte_size AS o_size, o.sha256 AS o_sha,
                    t.id AS t_id, t.file_name AS t_file, t.wrapped_key AS t_key, t.byte_size AS t_size, t.sha256 AS t_sha
             FROM photos p JOIN blobs o ON o.id = p.original_blob_id JOIN blobs t ON t.id = p.thumbnail_blob_id`,
          )
          .get() as Row;
      } finally {
        db.close();
      }
      const decode = async (id: string, fileName: string, wrapped: Buffer, byteSize: number, sha256: string) => {
        const blobKey = (await openSmallAead(kek, wrapped, blobKeyAad(id)))!;
        const file = await fs.readFile(path.join(clinic.dir, 'blobs', fileName.slice(0, 2), fileName));
        return Buffer.from(await decodeSealedBlob(blobKey, fromHex(id), file, { byteSize, sha256 }));
      };
      const original = await decode(row.o_id, row.o_file, row.o_key, row.o_size, row.o_sha);
      const thumbnail = await decode(row.t_id, row.t_file, row.t_key, row.t_size, row.t_sha);
      expect(original.equals(png)).toBe(true);
      expect(row.o_sha).toBe(createHash('sha256').update(png).digest('hex'));
      expect({ mime: row.mime, width: row.width, height: row.height }).toEqual({ mime: 'image/png', width: 1200, height: 900 });
      const thumbMeta = await sharp(thumbnail).metadata();
      expect(thumbMeta.format).toBe('jpeg');
      expect({ width: thumbMeta.width, height: thumbMeta.height }).toEqual({ width: row.thumbnail_width, height: row.thumbnail_height });
      expect(Math.max(row.thumbnail_width, row.thumbnail_height)).toBe(480);
      expect(thumbMeta.exif).toBeUndefined();
    } finally {
      await clinic.dispose();
    }
  });
});
