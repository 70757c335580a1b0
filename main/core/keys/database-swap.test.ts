// The database half of a rotation inside one process: clinic.db is replaced by a rekeyed copy and
// the workspace moves to a new connection; while the copy is made, writes through the old
// connection fail instead of landing in a file about to be replaced; the journal records the move;
// a leftover rollback journal is removed only when SQLite would never replay it.
import { promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { silentLogger } from '../support/log';
import { ADMIN, TEST_KDF_COST } from '../test-support/fixtures';
import { unlockWithPassword } from '../vault/vault';
import { readVaultFile } from '../vault/vault-file';
import { DATABASE_FILE, openWorkspace } from '../workspace';
import { clearCompanions, databaseOpensWith, openWithRawKey } from './database-rekey';
import { clinicWithPhotos } from './keys-fixtures';
import { rotateKeys } from './rotate';

describe('moving the database to the new key', () => {
  it('replaces the file, reconnects the workspace, and loses no write made around the move', async () => {
    const c = await clinicWithPhotos(2);
    try {
      await c.core.close();
      const ws = await openWorkspace(c.dir, await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password), silentLogger);
      try {
        const before = ws.db;
        const file = path.join(c.dir, DATABASE_FILE);
        const { ino } = await fs.stat(file);
        ws.db.exec('CREATE TABLE swap_test (note TEXT)');
        ws.db.prepare('INSERT INTO swap_test VALUES (?)').run('before');
        const during: Record<string, string> = {};
        const attempt = (step: string) => {
          try {
            ws.db.prepare('INSERT INTO swap_test VALUES (?)').run(step);
            during[step] = 'written';
          } catch (error) {
            during[step] = String((error as { code?: string }).code);
          }
          expect(ws.db.prepare('SELECT count(*) FROM swap_test').pluck().get(), `reads keep working at ${step}`).toBeGreaterThanOrEqual(1);
        };
        const journals: string[] = [];
        await rotateKeys(ws, {
          username: ADMIN.username,
          password: ADMIN.password,
          cost: TEST_KDF_COST,
          protector: null,
          now: new Date(),
          probe: async (step) => {
            if (step.startsWith('db-')) {
              attempt(step);
              journals.push(`${step}:${(await readVaultFile(c.dir)).rotation?.databaseUnder}`);
            }
          },
        });
        // Writes are refused from the copy until the new connection exists, then accepted again.
        expect(during).toEqual({ 'db-copied': 'SQLITE_READONLY', 'db-rekeyed-copy': 'SQLITE_READONLY', 'db-renamed': 'SQLITE_READONLY', 'db-journal-next': 'SQLITE_READONLY' });
        expect(journals).toEqual(['db-copied:previous', 'db-rekeyed-copy:previous', 'db-renamed:previous', 'db-journal-next:next']);
        ws.db.prepare('INSERT INTO swap_test VALUES (?)').run('after');

        expect(ws.db).not.toBe(before);
        expect(before.open).toBe(false);
        expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect((await fs.stat(file)).ino, 'a new file, not the old one rewritten').not.toBe(ino);
        expect(readdirSync(c.dir).filter((n) => n.startsWith(`.${DATABASE_FILE}.`) || n.endsWith('-journal'))).toEqual([]);
        expect((await readVaultFile(c.dir)).rotation).toBeNull();
        expect(databaseOpensWith(file, ws.keys.databaseKey)).toBe(true);
        expect(ws.db.prepare('SELECT note FROM swap_test ORDER BY rowid').pluck().all()).toEqual(['before', 'after']);
      } finally {
        ws.close();
      }
      // And from disk, in a fresh open.
      const again = await openWorkspace(c.dir, await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password), silentLogger);
      try {
        expect(again.db.prepare('SELECT note FROM swap_test ORDER BY rowid').pluck().all()).toEqual(['before', 'after']);
      } finally {
        again.close();
      }
    } finally {
      await c.dispose();
    }
  }, 60_000);
});

describe('clearCompanions', () => {
  it('removes a journal with a zeroed header and refuses one SQLite would replay', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'clear-companions-'));
    try {
      const file = path.join(dir, 'x.db');
      const key = Buffer.alloc(32, 7);
      openDatabase(file, key).close();
      const conn = openWithRawKey(file, key);
      try {
        // As during a rotation (takeExclusive): out of WAL, so no -wal file.
        conn.pragma('journal_mode = DELETE');
        await fs.writeFile(`${file}-journal`, Buffer.alloc(512));
        await clearCompanions(conn, file);
        await expect(fs.access(`${file}-journal`)).rejects.toMatchObject({ code: 'ENOENT' });

        const hot = Buffer.alloc(512);
        Buffer.from('d9d505f920a163d7', 'hex').copy(hot);
        await fs.writeFile(`${file}-journal`, hot);
        await expect(clearCompanions(conn, file)).rejects.toMatchObject({ code: 'VAULT_BUSY' });
        expect((await fs.readFile(`${file}-journal`)).equals(hot)).toBe(true);
        await fs.rm(`${file}-journal`);

        await fs.writeFile(`${file}-wal`, Buffer.alloc(0));
        await expect(clearCompanions(conn, file)).rejects.toMatchObject({ code: 'VAULT_BUSY' });
      } finally {
        conn.close();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
