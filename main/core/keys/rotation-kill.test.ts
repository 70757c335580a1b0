// Kill the process at many points of a key rotation (SIGKILL, as in capture/ingest-kill.test.ts):
// afterwards the vault opens with the same password, the open finishes the interrupted rotation,
// every photo decrypts to its original SHA-256, all blob rows sit under one KEK version, and the
// next rotation works. The database is padded so the rekey itself takes long enough to be hit.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { ADMIN } from '../test-support/fixtures';
import { readVaultFile } from '../vault/vault-file';
import { unlockWithPassword } from '../vault/vault';
import { DATABASE_FILE } from '../workspace';
import { checkEveryPhoto, clinicWithPhotos } from './keys-fixtures';

const root = path.resolve(import.meta.dirname, '../../..');

/** Runs the child until it prints `step <at>` (or `ready` when at is null), then kills it after `delayMs`. */
function rotateAndKill(dataDir: string, at: string | null, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/core/keys/test-support/rotate-child.ts'), dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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
      // ~6 MB of padding so PRAGMA rekey rewrites ~1,500 pages: long enough to be killed inside.
      const keys = await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password);
      const db = openDatabase(path.join(c.dir, DATABASE_FILE), keys.databaseKey);
      db.exec('CREATE TABLE kill_test_padding (bytes BLOB)');
      const pad = db.prepare('INSERT INTO kill_test_padding VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 1500; i++) pad.run(randomBytes(4000));
      })();
      db.close();
      keys.wipe();

      const points: Array<[string | null, number]> = [
        [null, 0],
        ['exclusive', 0],
        ['begun', 0],
        ['begun', 2],
        ['batch', 0],
        ['blobs', 0],
        ['blobs', 1],
        ['blobs', 3],
        ['blobs', 6],
        ['rekeyed', 0],
        ['rekeyed', 2],
        ['committed', 0],
        [null, 40],
        [null, 120],
      ];
      const seen: string[] = [];
      let interrupted = 0;
      for (const [at, delay] of points) {
        seen.push(await rotateAndKill(c.dir, at, delay));
        if ((await readVaultFile(c.dir)).rotation) interrupted++;
        expect(await checkEveryPhoto(c.dir, ADMIN.username, ADMIN.password, c.hashes), `after a kill at ${at ?? 'start'}+${delay}ms`).toBe(6);
        const after = await readVaultFile(c.dir);
        expect(after.rotation, 'the open finished the rotation').toBeNull();
      }
      // Kills really landed inside rotations, not only between them.
      expect(interrupted).toBeGreaterThanOrEqual(5);
      const before = (await readVaultFile(c.dir)).keyVersion;
      expect(before).toBeGreaterThan(1);

      // A further rotation after all that.
      const client = c.core.connect();
      const signIn = await client.invoke('session.signIn', { username: ADMIN.username, password: ADMIN.password });
      expect(signIn.ok).toBe(true);
      const rotated = await client.invoke('keys.rotate', { password: ADMIN.password });
      expect(rotated.ok && (rotated.value as { keyVersion: number }).keyVersion).toBe(before + 1);
      await c.core.close();
      expect(await checkEveryPhoto(c.dir, ADMIN.username, ADMIN.password, c.hashes)).toBe(6);
      expect(seen.length).toBe(points.length);
    } finally {
      await c.dispose();
    }
  }, 240_000);
});
