// The SQLCipher database on real files: the pragma set in force, no plaintext on disk, the key
// check, and refusal of a database written by a newer app.
import Database from 'better-sqlite3-multiple-ciphers';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import { tempDir } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { LATEST_VERSION } from './migrations';
import { closeDatabase, openDatabase, type Db } from './open';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
const key = randomBytes(32);
const open: Db[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('cpw-db-'));
  file = path.join(dir, 'clinic.db');
});
afterEach(async () => {
  for (const db of open.splice(0)) closeDatabase(db);
  await cleanup();
});

const openTracked = (k = key): Db => {
  const db = openDatabase(file, k);
  open.push(db);
  return db;
};

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return 'succeeded';
}

const sha = async (f: string) => createHash('sha256').update(await fs.readFile(f)).digest('hex');

/** Seeds one user and one patient with a recognisable name; returns nothing, the name is below. */
const PHI = 'Thistlewood-Abernathy';
function seed(db: Db): void {
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', '2024-01-01')").run();
  db.prepare(
    "INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by) VALUES ('p1', 'MRN-1', ?, 'Ottoline', 'x', '1950-01-01', 'F', '2024-01-01', 'u1')",
  ).run(PHI);
}

describe('openDatabase', () => {
  it('has the fixed pragma set in force', () => {
    const db = openTracked();
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    expect(Number(db.pragma('legacy', { simple: true }))).toBe(4);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
  });

  it("opens the sync worker's connection with commits that wait for a checkpoint, beside a FULL one", () => {
    const app = openTracked();
    seed(app);
    const worker = openDatabase(file, key, { durability: 'repeatable-steps' });
    open.push(worker);
    expect(worker.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(app.pragma('synchronous', { simple: true })).toBe(2); // FULL: the setting is the connection's own
    // Everything else of the fixed set holds for it too, and the two see each other's commits.
    expect(worker.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(worker.pragma('secure_delete', { simple: true })).toBe(1);
    worker.prepare("UPDATE patients SET given_name = 'Ada' WHERE id = 'p1'").run();
    expect(app.prepare("SELECT given_name FROM patients WHERE id = 'p1'").pluck().get()).toBe('Ada');
  });

  it('enforces foreign keys', () => {
    const db = openTracked();
    const error = errorOf(() =>
      db
        .prepare("INSERT INTO patients (id, mrn, family_name, given_name, search_name, birth_date, sex, created_at, created_by) VALUES ('p', 'm', 'f', 'g', 's', '2000-01-01', 'F', 'now', 'no-such-user')")
        .run(),
    );
    expect((error as { code?: string }).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('writes no plaintext: no SQLite header, no PHI in the database or its WAL', async () => {
    const db = openTracked();
    seed(db);
    // While open, the data sits in the WAL: check it there too.
    expect(await fs.stat(`${file}-wal`).then((s) => s.size)).toBeGreaterThan(0);
    expect(await scanForPlaintext(dir, [PHI, 'Ottoline', 'MRN-1'])).toEqual([]);
    closeDatabase(db);
    const header = (await fs.readFile(file)).subarray(0, 16);
    expect(header.toString('latin1')).not.toBe('SQLite format 3\0');
    expect((await fs.readFile(file)).includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(await scanForPlaintext(dir, [PHI, 'Ottoline', 'MRN-1', 'CREATE TABLE'])).toEqual([]);
  });

  it('reopens with the same key and finds the data', () => {
    seed(openTracked());
    for (const db of open.splice(0)) closeDatabase(db);
    const again = openTracked();
    expect(again.prepare('SELECT family_name FROM patients').pluck().get()).toBe(PHI);
  });

  it('a wrong key is VAULT_CORRUPT and leaves the file untouched', async () => {
    seed(openTracked());
    for (const db of open.splice(0)) closeDatabase(db);
    const before = await sha(file);
    const error = errorOf(() => openTracked(randomBytes(32)));
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('VAULT_CORRUPT');
    expect(await sha(file)).toBe(before);
  });

  it('an unencrypted SQLite file is VAULT_CORRUPT', () => {
    const plain = new Database(file);
    plain.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    plain.close();
    expect((errorOf(() => openTracked()) as CoreError).code).toBe('VAULT_CORRUPT');
  });

  it('refuses keys that are not 256 bits', () => {
    expect(() => openDatabase(file, randomBytes(16))).toThrow('database key must be 32 bytes');
  });

  it('a database from a newer app is DATABASE_TOO_NEW and is not modified', async () => {
    const db = openTracked();
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    for (const d of open.splice(0)) closeDatabase(d);
    const error = errorOf(() => openTracked());
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('DATABASE_TOO_NEW');

    const raw = new Database(file, { readonly: true });
    raw.pragma("cipher = 'sqlcipher'");
    raw.pragma('legacy = 4');
    raw.pragma(`key = "x'${key.toString('hex')}'"`);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    raw.close();
  });

  it('closeDatabase is safe to call twice', () => {
    const db = openDatabase(file, key);
    closeDatabase(db);
    expect(db.open).toBe(false);
    expect(() => closeDatabase(db)).not.toThrow();
  });
});

describe('file modes', () => {
  const modeOf = async (p: string) => ((await fs.stat(p)).mode & 0o777).toString(8);

  it('creates the database, its -wal and its -shm 0600 under a umask of 022', async () => {
    const previous = process.umask(0o022);
    try {
      const db = openTracked();
      db.prepare('CREATE TABLE t (x)').run();
      expect([await modeOf(file), await modeOf(`${file}-wal`), await modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a database left 0644 by an earlier version when it opens it', async () => {
    closeDatabase(openDatabase(file, key));
    await fs.chmod(file, 0o644);
    const db = openTracked();
    db.prepare('CREATE TABLE t (x)').run();
    expect([await modeOf(file), await modeOf(`${file}-wal`), await modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
  });
});
