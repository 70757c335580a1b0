// The archive killed at random points (SIGKILL of the whole process): while it uploads, including
// between the parts of multipart uploads, and while it restores. Afterwards the bucket (versioned,
// so a second write would show as a second version) holds every committed file exactly once, a
// restore yields the same sealed files byte for byte, and a killed restore leaves no target
// directory behind.
import { spawn } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ArchiveStatus } from '../../../shared/channels/archive';
import { listFiles } from '../test-support/plaintext-scan';
import { ADMIN, importPhoto, testCore, unwrap } from '../test-support/fixtures';
import { testJpeg } from '../sync/test-helpers';
import { listObjects } from './s3';
import { PATIENT, archiveClinic, archiveInput, bucketOf, freshBucket, swiftForFile, versionsPerKey } from './test-helpers';
import { KILL_TEST_UPLOADS } from './test-uploads';

const root = path.resolve(import.meta.dirname, '../../..');
const swift = swiftForFile();

/** Starts the child with its job on stdin; SIGKILLs it `killAfterMs` after it first reports progress. */
function runAndKill(job: object, killAfterMs: number, startedWhen: (out: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/core/archive/kill-child.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(`${JSON.stringify(job)}\n`);
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && startedWhen(out)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(out.trim().split('\n').at(-1) ?? '') : reject(new Error(`child ended without being killed: ${err.slice(-2000)}`))));
  });
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
async function sealedFiles(dataDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(path.join(dataDir, 'blobs'))) out.set(path.basename(f), sha(await readFile(f)));
  return out;
}

describe('archive under SIGKILL', () => {
  it('uploads every committed file exactly once across random kills, and restores despite kills', { timeout: 600_000 }, async () => {
    const p = swift();
    const bucket = await freshBucket(p);
    const c = await archiveClinic();
    try {
      // Two camera-sized photos go multipart (2 parts each); the rest are single PUTs.
      for (const seed of [1, 2]) {
        const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 140 + seed, g: 120, b: 90 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
          .jpeg({ quality: 95 })
          .toBuffer();
        expect(big.length).toBeGreaterThan(KILL_TEST_UPLOADS.multipartThreshold!);
        await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: big, device: 'test' });
      }
      for (let seed = 3; seed <= 12; seed++) await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: await testJpeg(seed), device: 'test' });
      unwrap(await c.client.api.archive.configure({ archive: archiveInput(p, bucket) }));
      await c.core.close();

      const job = { mode: 'archive', dataDir: c.dataDir, archive: archiveInput(p, bucket) };
      const seen: string[] = [];
      for (let round = 0; round < 6; round++) {
        // Aim at the upload: kill a random moment after the first status line, early enough that on
        // a quiet machine (fast local uploads) the kills still land while files remain; each round
        // resumes the last, so later rounds are killed with some files verified and some not.
        seen.push(await runAndKill(job, randomInt(30, 700), (out) => /^status /m.test(out) || /^done$/m.test(out)));
      }

      // At least one kill fell in the middle of the uploads (some files verified, some not).
      expect(seen.some((l) => /^status ([1-9]|1\d|2[0-3]) [1-9]/.test(l))).toBe(true);
      console.info(`archive kills at: ${seen.join(' | ')}`);

      // A last, uninterrupted run in this process finishes whatever the kills left.
      const core = testCore(c.dataDir, { archive: KILL_TEST_UPLOADS });
      const client = core.connect({ local: true });
      unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
      unwrap(await client.api.archive.run({}));
      expect(unwrap<ArchiveStatus>(await client.api.archive.status({}))).toMatchObject({ pending: 0, failed: 0, verified: 24 });
      await core.close();

      const versions = await versionsPerKey(p, bucket);
      const blobKeys = [...versions.keys()].filter((k) => k.startsWith('ws1/blobs/'));
      expect(blobKeys).toHaveLength(24);
      for (const k of blobKeys) expect({ key: k, versions: versions.get(k) }).toEqual({ key: k, versions: 1 });
      expect((await listObjects(bucketOf(p, bucket), 'blobs/')).map((o) => o.key).sort()).toEqual([...(await sealedFiles(c.dataDir)).keys()].map((f) => `blobs/${f}`).sort());

      // Restore, killed at random points, then once to the end.
      const target = path.join(c.root, 'restored');
      const restoreJob = { mode: 'restore', dataDir: target, archive: archiveInput(p, bucket), recoveryCode: c.recoveryCode };
      for (let round = 0; round < 3; round++) {
        seen.push(await runAndKill(restoreJob, randomInt(100, 2500), (out) => /^ready$/m.test(out)));
        const left = await readdir(target).catch(() => null);
        if (!seen.at(-1)?.startsWith('done')) expect(left === null || left.length === 0).toBe(true);
        if (left && left.length > 0) break; // that run finished before the kill
      }
      if (!(await stat(path.join(target, 'vault.json')).catch(() => null))) {
        const fresh = testCore(target);
        unwrap(await fresh.connect({ local: true }).api.archive.restore({ ...archiveInput(p, bucket), secretAccessKey: p.secretAccessKey, recoveryCode: c.recoveryCode }));
        await fresh.close();
      }
      expect(await sealedFiles(target)).toEqual(await sealedFiles(c.dataDir));
      expect((await readdir(c.root)).filter((n) => n.includes('.restore-'))).toEqual([]);
      const restored = testCore(target);
      const rc = restored.connect({ local: true });
      unwrap(await rc.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
      expect(unwrap<{ ok: boolean }>(await rc.api.audit.verify({})).ok).toBe(true);
      await restored.close();
    } finally {
      await c.core.close();
      await c.cleanup();
    }
  });
});
