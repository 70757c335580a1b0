// Two real processes on one data directory delivering to a real Orthanc: this test process (the
// workstation that stays) and, one after another, child processes behind a slow link that claim a
// photo's delivery themselves (takeover-child.ts, the real sync worker) and then end while the
// upload is on the wire: killed with SIGKILL at a random instant, or told to exit, when the worker
// cuts the upload after its grace and gives the row back. The workstation that stays must verify
// every photo within the lease plus one poll (plus the time its own upload and read-back take),
// exactly once. The same for the real `cli import` on a slow link, which exits 0 while its upload
// is still going: it gives its claim back before it exits and the workstation delivers the photo.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoDelivery, SyncStatus } from '../../../shared/channels/delivery';
import { ADMIN, importPhoto, tempDir, unwrap } from '../test-support/fixtures';
import type { CoreClient } from '../core';
import { startOrthanc, startSlowLink, type OrthancPeer, type SlowLink } from '../test-support/peers';
import { DEFAULT_STOP_GRACE_MS } from './sync-service';
import { FAST_SYNC, addTarget, deliveryClinic, pacsTarget, testJpeg } from './test-helpers';

const root = path.resolve(import.meta.dirname, '../../..');
const LEASE_MS = 1_000;
const POLL_MS = 200;
const GRACE_MS = 300;
/** What the workstation's own re-send and read-back over the fast path may take on a busy CI machine. */
const TRANSFER_ALLOWANCE_MS = 5_000;
const KILLS = 52;
const EXITS = 8;
const LANES = 4;
/** Photos beyond the trials, for those the workstation claims before the child does. */
const SPARE = 12;
/** The slow link: a photo of ~40 kB takes about two seconds to upload. */
const SLOW_BYTES_PER_SECOND = 20_000;

let pacs: OrthancPeer;
let link: SlowLink;
let bundleDir: string | undefined;
let childScript: string;
beforeAll(async () => {
  pacs = await startOrthanc();
  link = await startSlowLink(Number(new URL(pacs.tlsUrl).port), SLOW_BYTES_PER_SECOND);
  // The child bundled once (packages stay external, resolved from the repository's node_modules, as
  // the app's own build does for the sync worker): a child then starts in a third of the CPU time
  // it takes under tsx, which matters for the sixty of them on a two-core CI machine.
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  bundleDir = await mkdtemp(path.join(root, '.tmp', 'takeover-'));
  childScript = path.join(bundleDir, 'takeover-child.mjs');
  await build({ entryPoints: [path.join(root, 'main/core/sync/takeover-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: childScript, logLevel: 'warning' });
}, 60_000);
afterAll(async () => {
  await link?.stop();
  await pacs?.stop();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

const sync = { pollMs: POLL_MS, concurrency: 4, retry: { baseMs: 100, capMs: 400, maxAttempts: 50 }, leaseMs: LEASE_MS, stopGraceMs: GRACE_MS };

/** Polls the workstation's view of the photos, noting when each is first seen verified. */
function watchVerified(client: CoreClient, photoIds: string[]) {
  const verifiedAt = new Map<string, number>();
  let last: PhotoDelivery[] = [];
  let running = true;
  const loop = (async () => {
    while (running && verifiedAt.size < photoIds.length) {
      const waiting = photoIds.filter((id) => !verifiedAt.has(id));
      last = unwrap<PhotoDelivery[]>(await client.api.delivery.forPhotos({ photoIds: waiting }));
      for (const d of last) if (d.state === 'verified') verifiedAt.set(d.photoId, Date.now());
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    verifiedAt,
    async untilAll(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (verifiedAt.size < photoIds.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      running = false;
      await loop;
      if (verifiedAt.size < photoIds.length) throw new Error(`not verified: ${JSON.stringify(last.map((d) => [d.state, d.waitingFor, d.lastError]))}`);
    },
  };
}

interface Trial {
  readonly photoId: string;
  end?: 'kill' | 'exit';
  /** ms from spawn until the child held a claim; undefined when the workstation took the photo first. */
  claimMs?: number;
  endedAt?: number;
  exitMs?: number;
}

/**
 * One child: queues the photo and claims it, then is killed at a random instant of its upload or
 * told to exit (`chooseEnd`, asked once it holds the claim). The workstation polls too and may take
 * the photo first; then the child ends without counting.
 */
async function runTrial(dataDir: string, trial: Trial, chooseEnd: () => 'kill' | 'exit', verified: (photoId: string) => boolean): Promise<void> {
  const child = spawn(process.execPath, [childScript, dataDir, trial.photoId, String(LEASE_MS), String(POLL_MS), String(GRACE_MS)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  link.slowPids.add(child.pid!);
  try {
    const spawned = Date.now();
    const lines = outputLines(child);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    while (!lines.stdout().includes('claimed\n')) {
      if (verified(trial.photoId)) return;
      if (child.exitCode !== null || Date.now() - spawned > 20_000) throw new Error(`the child neither claimed nor saw the photo delivered: ${lines.stderr()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    trial.claimMs = Date.now() - spawned;
    trial.end = chooseEnd();
    await new Promise((r) => setTimeout(r, Math.random() * 1_500));
    const asked = Date.now();
    if (trial.end === 'kill') child.kill('SIGKILL');
    else child.stdin!.write('exit\n');
    const { code, signal } = await exited;
    trial.endedAt = Date.now();
    trial.exitMs = trial.endedAt - asked;
    if (trial.end === 'kill') expect(signal).toBe('SIGKILL');
    else expect({ code, stopped: /^stopped \d+$/m.test(lines.stdout()) }).toEqual({ code: 0, stopped: true });
  } finally {
    link.slowPids.delete(child.pid!);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function outputLines(child: ChildProcess) {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return {
    stdout: () => out,
    stderr: () => err.slice(-2000),
    async waitFor(line: string, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (!out.split('\n').includes(line)) {
        if (Date.now() > deadline) throw new Error(`no "${line}" from the child within ${timeoutMs} ms: ${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

describe('a process that holds a claim ends; the workstation that stays takes over', () => {
  it(`verifies every photo within the lease plus one poll, exactly once, across ${KILLS} kills and ${EXITS} exits`, { timeout: 150_000 }, async () => {
    const c = await deliveryClinic({ sync });
    try {
      const trials: Trial[] = [];
      for (let i = 0; i < KILLS + EXITS + SPARE; i++) {
        // Imported before the target exists: nothing is queued until a child queues it.
        const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(300 + i, { width: 400, height: 300 }), device: 'takeover-test' });
        trials.push({ photoId });
      }
      const linkUrl = `https://127.0.0.1:${link.port}/dicom-web`;
      const target = await addTarget(c.client, pacsTarget(pacs, { name: 'PACS over the slow link', baseUrl: linkUrl }));
      const watcher = watchVerified(
        c.client,
        trials.map((t) => t.photoId),
      );

      const started = Date.now();
      const need = { kill: KILLS, exit: EXITS };
      const chooseEnd = () => {
        const end = Math.random() * (need.kill + need.exit) < need.exit ? 'exit' : 'kill';
        need[end] -= 1;
        return end;
      };
      let next = 0;
      await Promise.all(
        Array.from({ length: LANES }, async () => {
          while (need.kill + need.exit > 0 && next < trials.length) await runTrial(c.dir, trials[next++]!, chooseEnd, (id) => watcher.verifiedAt.has(id));
        }),
      );
      // Photos no child got to are queued by the workstation itself, as a later import would.
      const untouched = trials.slice(next);
      if (untouched.length > 0) unwrap(await c.client.api.delivery.backfill({ targetId: target.id }));
      await watcher.untilAll(30_000);
      const ended = trials.filter((t) => t.end);
      const tookMs = (end: 'kill' | 'exit') => ended.filter((t) => t.end === end).map((t) => watcher.verifiedAt.get(t.photoId)! - t.endedAt!);
      const exitMs = ended.filter((t) => t.end === 'exit').map((t) => t.exitMs!);
      const claimMs = ended.map((t) => t.claimMs!);
      console.log(
        `[takeover] ${ended.length} children ended holding a claim (${trials.slice(0, next).length - ended.length} lost the race to the workstation) in ${Date.now() - started} ms; ` +
          `spawn to claim avg ${Math.round(claimMs.reduce((a, b) => a + b, 0) / claimMs.length)} ms; ${(link.slowBytesUp() / 1024).toFixed(0)} KiB uploaded over the slow link; ` +
          `verified after a kill within max ${Math.max(...tookMs('kill'))} ms (lease ${LEASE_MS} + poll ${POLL_MS}), after an exit within max ${Math.max(...tookMs('exit'))} ms; ` +
          `exits took max ${Math.max(...exitMs)} ms (grace ${GRACE_MS})`,
      );

      expect(ended.filter((t) => t.end === 'kill').length).toBeGreaterThanOrEqual(KILLS);
      expect(ended.filter((t) => t.end === 'exit').length).toBeGreaterThanOrEqual(EXITS);
      for (const ms of tookMs('kill')) expect(ms).toBeLessThanOrEqual(LEASE_MS + POLL_MS + TRANSFER_ALLOWANCE_MS);
      // An exit gives the claim back: no lease to wait out.
      for (const ms of tookMs('exit')) expect(ms).toBeLessThanOrEqual(POLL_MS + TRANSFER_ALLOWANCE_MS);
      for (const ms of exitMs) expect(ms).toBeLessThanOrEqual(GRACE_MS + 2_000);
      expect(link.slowBytesUp()).toBeGreaterThan(0);

      const status = unwrap<SyncStatus>(await c.client.api.delivery.status({}));
      expect(status).toMatchObject({ total: trials.length, counts: { verified: trials.length, in_flight: 0, failed: 0 }, waiting: { held: 0, takeover: 0 } });
      expect(await pacs.countInstances()).toBe(trials.length);
      expect(new Set(await pacs.listSopInstanceUids()).size).toBe(trials.length);
    } finally {
      await c.dispose();
    }
  });

  it('lets `cli import` on a slow link exit 0 with its upload still going, and the workstation delivers the photo', { timeout: 60_000 }, async () => {
    const c = await deliveryClinic({ sync });
    const folder = await tempDir('takeover-import-');
    try {
      const linkUrl = `https://127.0.0.1:${link.port}/dicom-web`;
      await addTarget(c.client, pacsTarget(pacs, { name: 'PACS over the slow link', baseUrl: linkUrl }));
      const before = await pacs.countInstances();
      const upBefore = link.slowBytesUp();
      const photo = path.join(folder.dir, 'to-import.jpg');
      // ~60 kB on a 3 kB/s link: twenty seconds of upload, far longer than the CLI's stop grace.
      await writeFile(photo, await testJpeg(999, { width: 520, height: 400 }));
      // The workstation is signed out while the CLI starts, so that the CLI's worker is the one to claim the photo.
      unwrap(await c.client.api.session.signOut({}));
      const cli = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/index.ts'), 'import', '--data-dir', c.dir, '--user', 'admin', '--mrn', 'SYNC-1', photo], {
        cwd: root,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      link.slowPids.add(cli.pid!);
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (exitCode) => resolve(exitCode)));
      cli.stdin!.end(`${ADMIN.password}\n`);
      const lines = outputLines(cli);
      // The CLI's own worker is uploading over the slow link; the workstation comes back meanwhile.
      while (link.slowBytesUp() === upBefore && cli.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      const uploading = Date.now();
      unwrap(await c.client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
      // Our worker starts beside the CLI's and leaves its live claim alone: no second upload.
      while (!lines.stdout().includes('\t') && cli.exitCode === null) await new Promise((r) => setTimeout(r, 10));
      const importedId = lines.stdout().split('\t')[0]!;
      for (let i = 0; i < 10 && cli.exitCode === null; i++) {
        const [row] = unwrap<PhotoDelivery[]>(await c.client.api.delivery.forPhotos({ photoIds: [importedId] }));
        if (cli.exitCode !== null) break;
        expect(row).toMatchObject({ state: 'in_flight', waitingFor: null });
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await pacs.countInstances()).toBe(before);
      const code = await exited;
      const endedAt = Date.now();
      link.slowPids.delete(cli.pid!);
      expect({ code, stderr: lines.stderr() }).toEqual({ code: 0, stderr: '' });
      expect(link.slowBytesUp()).toBeGreaterThan(upBefore);
      const photoId = lines.stdout().split('\t')[0]!;
      const watcher = watchVerified(c.client, [photoId]);
      await watcher.untilAll(15_000);
      const tookMs = watcher.verifiedAt.get(photoId)! - endedAt;
      console.log(`[takeover] \`cli import\` exited ${endedAt - uploading} ms into its upload (stop grace ${DEFAULT_STOP_GRACE_MS} ms); the workstation verified the photo ${tookMs} ms later`);
      expect(endedAt - uploading).toBeLessThanOrEqual(DEFAULT_STOP_GRACE_MS + 3_000);
      expect(tookMs).toBeLessThanOrEqual(POLL_MS + TRANSFER_ALLOWANCE_MS);
      expect(await pacs.countInstances()).toBe(before + 1);
    } finally {
      await folder.cleanup();
      await c.dispose();
    }
  });

  it('finishes, without a restart, what a killed workstation process beside it had in flight', { timeout: 90_000 }, async () => {
    // The defect as reported: a second full workstation process (kill-child.ts, FAST_SYNC: lease
    // 3 s) shares the queue with this one and is killed with rows in flight; this one used to leave
    // them in flight, and its read-backs behind them, until it was restarted.
    const ourPollMs = 1_000;
    const c = await deliveryClinic({ sync: { ...sync, concurrency: 1, pollMs: ourPollMs } });
    try {
      const target = await addTarget(c.client, pacsTarget(pacs, { name: 'PACS', enabled: false }));
      const before = await pacs.countInstances();
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) ids.push(await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await testJpeg(700 + i, { width: 1600, height: 1200 }), device: 'orphan-test' }));
      unwrap(await c.client.api.delivery.updateTarget({ targetId: target.id, target: { name: target.name, kind: target.kind, baseUrl: target.baseUrl, authKind: target.authKind, username: target.username, enabled: true } }));
      // This workstation is signed out (its worker stopped) while the child starts, so that the
      // child's worker claims rows first however slowly it starts on a busy machine; this one then
      // comes back and both send until the child is killed with rows in flight.
      unwrap(await c.client.api.session.signOut({}));
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/core/sync/kill-child.ts'), c.dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      const lines = outputLines(child);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const untilStatus = async (inFlight: RegExp, after: number) => {
        const deadline = Date.now() + 60_000;
        while (!inFlight.test(lines.stdout().slice(after))) {
          if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the child ended or never sent: ${lines.stderr()}`);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      await untilStatus(/^status [1-9]/m, 0);
      unwrap(await c.client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
      // Ours holds at most one row: two or more in flight means the child holds at least one.
      await untilStatus(/^status [2-9]/m, lines.stdout().length);
      child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      // The child held at least one of the rows in flight (ours sends one at a time).
      const orphaned = unwrap<SyncStatus>(await c.client.api.delivery.status({}));
      expect(orphaned.counts.in_flight).toBeGreaterThanOrEqual(1);
      const watcher = watchVerified(c.client, ids);
      await watcher.untilAll(30_000);
      const lastMs = Math.max(...watcher.verifiedAt.values()) - killedAt;
      console.log(`[takeover] a killed workstation process beside this one (${orphaned.counts.in_flight} in flight at the kill): every photo verified ${lastMs} ms after the kill (its lease ${FAST_SYNC.leaseMs} ms)`);
      // The lease and one poll, then what is left of the queue at this workstation's one lane.
      expect(lastMs).toBeLessThanOrEqual(FAST_SYNC.leaseMs! + ourPollMs + TRANSFER_ALLOWANCE_MS + ids.length * 250);
      expect(await pacs.countInstances()).toBe(before + ids.length);
    } finally {
      await c.dispose();
    }
  });
});
