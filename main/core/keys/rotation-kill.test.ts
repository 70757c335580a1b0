// Kill the process at many points of a key rotation (SIGKILL, as in capture/ingest-kill.test.ts):
// afterwards the vault opens with the same password, the open finishes the interrupted rotation,
// every photo decrypts to its original SHA-256, all blob rows sit under one KEK version, no copy of
// the database being rekeyed is left behind, and the next rotation works. The database is padded
// so copying and rekeying it take long enough to be hit; some kills land exactly between two steps
// of the database move (the child stops there), so each intermediate state is tested for sure.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { ADMIN } from '../test-support/fixtures';
import { readVaultFile } from '../vault/vault-file';
import { unlockWithPassword } from '../vault/vault';
import { DATABASE_FILE } from '../workspace';
import { databaseOpensWith } from './database-rekey';
import { checkEveryPhoto, clinicWithPhotos } from './keys-fixtures';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Runs the child until it prints `step <at>` (or `ready` when at is null), then kills it after
 * `delayMs`; with `hang`, the child stops at that step, so the kill lands right after it.
 */
function rotateAndKill(dataDir: string, at: string | null, delayMs: number, hang: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', path.join(root, 'main/core/keys/test-support/rotate-child.ts'), dataDir, ...(hang && at ? [at] : [])];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const trigger = at === null ? 'ready\n' : `step ${at}\n`;
      if (!armed && out.includes(trigger)) {
        armed = true;
        if (delayMs === 0) child.kill('SIGKILL');
        else setTimeout(() => child.kill('SIGKILL'), delayMs).unref();
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`rotation child ended without being killed: ${err.slice(0, 500)}`));
      else resolve(out.trim().split('\n').at(-1) ?? '');
    });
  });
}

describe('key rotation under SIGKILL', () => {
  it('never loses a photo, and every open finishes what a kill left half-done', async () => {
    const c = await clinicWithPhotos(6);
    try {
      await c.core.close();
      // ~6 MB of padding (~1,500 pages) so the copy and its rekey take long enough to be killed inside.
      const keys = await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password);
      const db = openDatabase(path.join(c.dir, DATABASE_FILE), keys.databaseKey);
      db.exec('CREATE TABLE kill_test_padding (bytes BLOB)');
      const pad = db.prepare('INSERT INTO kill_test_padding VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 1500; i++) pad.run(randomBytes(4000));
      })();
      db.close();
      keys.wipe();

      // [step, delay after it in ms, whether the child stops at the step (an exact kill point)]
      const points: Array<[string | null, number, boolean?]> = [
        [null, 0],
        ['exclusive', 0],
        ['begun', 0],
        ['begun', 2],
        ['batch', 0],
        ['blobs', 0],
        ['blobs', 1],
        ['blobs', 3],
        ['blobs', 6],
        ['db-copied', 0, true],
        ['db-copied', 0],
        ['db-copied', 2],
        ['db-copied', 5],
        ['db-rekeyed-copy', 0, true],
        ['db-rekeyed-copy', 0],
        ['db-rekeyed-copy', 2],
        ['db-renamed', 0, true],
        ['db-renamed', 0],
        ['db-journal-next', 0, true],
        ['db-journal-next', 0],
        ['rekeyed', 0],
        ['rekeyed', 2],
        ['committed', 0],
        [null, 40],
        [null, 120],
      ];
      const file = path.join(c.dir, DATABASE_FILE);
      const copies = () => readdirSync(c.dir).filter((name) => name.startsWith(`.${DATABASE_FILE}.rekey-`));
      const seen: string[] = [];
      let interrupted = 0;
      for (const [at, delay, hang = false] of points) {
        const where = `after a kill at ${at ?? 'start'}+${delay}ms${hang ? ' (stopped there)' : ''}`;
        seen.push(await rotateAndKill(c.dir, at, delay, hang));
        const journal = (await readVaultFile(c.dir)).rotation;
        if (journal) interrupted++;
        if (hang) {
          // The state each exact kill point must leave, before anything opens it again.
          const keys = await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password);
          try {
            const moved = at === 'db-renamed' || at === 'db-journal-next';
            expect(journal?.databaseUnder, where).toBe(at === 'db-journal-next' ? 'next' : 'previous');
            expect(copies().length, where).toBe(moved ? 0 : 1);
            expect(databaseOpensWith(file, keys.previous!.databaseKey), where).toBe(!moved);
            if (moved) expect(databaseOpensWith(file, keys.databaseKey), where).toBe(true);
          } finally {
            keys.wipe();
          }
        }
        expect(await checkEveryPhoto(c.dir, ADMIN.username, ADMIN.password, c.hashes), where).toBe(6);
        const after = await readVaultFile(c.dir);
        expect(after.rotation, `${where}: the open finished the rotation`).toBeNull();
        expect(copies(), `${where}: no copy left`).toEqual([]);
      }
      // Kills really landed inside rotations, not only between them.
      expect(interrupted).toBeGreaterThanOrEqual(10);
      const before = (await readVaultFile(c.dir)).keyVersion;
      expect(before).toBeGreaterThan(1);

      // A further rotation after all that.
      const client = c.core.connect();
      const signIn = await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password });
      expect(signIn.ok).toBe(true);
      const rotated = await client.api.keys.rotate({ password: ADMIN.password });
      expect(rotated.ok && (rotated.value as { keyVersion: number }).keyVersion).toBe(before + 1);
      await c.core.close();
      expect(await checkEveryPhoto(c.dir, ADMIN.username, ADMIN.password, c.hashes)).toBe(6);
      expect(seen.length).toBe(points.length);
    } finally {
      await c.dispose();
    }
  }, 240_000);
});
