// `npm run bench -- gallery` (issue 10): the gallery at 10,000 photos against 50, through the real UI
// in the browser shell, on one data directory of 5,000 patients (bench/gallery-seed.ts says what is
// seeded how). Prints:
//   first screenful   patient list click → every tile in the gallery's viewport decoded, 10k vs 50,
//                     alternating rounds, medians; the ratio is the last line
//   core page p95     photos.page through all 10,000 (pages of 240, as the renderer asks) on the core
//   renderer memory   RSS of the renderer process (and its JS heap) after scrolling all 10,000, and
//                     after a critical memory-pressure notification and a GC; for both, Chromium's
//                     memory-infra dump per allocator (cc = decoded images and raster tiles, blink_gc
//                     = DOM and other Blink objects, v8 = JS heap, malloc, partition_alloc), from
//                     bench/gallery-memory.ts. BENCH_GALLERY_DATA=<dir> keeps the seeded data there
//                     for the next run; BENCH_GALLERY_TRACE=<prefix> keeps the raw dumps.
//   core stall        the longest event-loop delay of the process hosting the core during the UI run
//                     (perf_hooks monitorEventLoopDelay; Playwright's client shares that loop), and
//                     for the longest stall and for the one where the thread ran most, how much of
//                     it the thread ran (the core, Playwright's client, GC) and how much it waited
//                     for a CPU on the shared machine (bench/loop-stall.ts)
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowserShell } from '../main/browser-shell/index';
import type { GalleryPage } from '../shared/gallery';
import { formatSizes, memoryBreakdown } from './gallery-memory';
import { OPEN_AND_TIME, SCREEN_PROBE, SCROLL_ALL } from './gallery-page';
import { BENCH_ADMIN, BENCH_KDF, BIG, SMALL, seedGalleryBench, type SeedReport } from './gallery-seed';
import { describeStall, watchLoopStalls, type Stall } from './loop-stall';
import { median } from './stats';

/** How long the bench leaves the scrolled gallery alone before measuring again. */
const IDLE_MS = 20_000;

const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** Pids of the Chromium renderer processes started (transitively) by this process. */
async function rendererRss(): Promise<Array<{ pid: number; rssMb: number }>> {
  const parents = new Map<number, number>();
  const cmd = new Map<number, string>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(entry), (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' '));
    } catch {
      // The process ended while we looked.
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  const out: Array<{ pid: number; rssMb: number }> = [];
  for (const [pid, line] of cmd) {
    if (!line.includes('--type=renderer') || !descends(pid)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    out.push({ pid, rssMb: kb / 1024 });
  }
  return out.sort((a, b) => b.rssMb - a.rssMb);
}

async function toPatients(page: Page): Promise<void> {
  const back = page.getByRole('button', { name: /Back to patients/ });
  if (await back.isVisible().catch(() => false)) await back.click();
  await page.locator('#patient-search').waitFor();
}

async function searchFor(page: Page, mrn: string): Promise<void> {
  await page.locator('#patient-search').fill(mrn);
  await page.locator('table.table--patients tbody tr', { hasText: mrn }).first().waitFor();
}

/**
 * The seeded data directory: a fresh temp one, deleted afterwards; or, with BENCH_GALLERY_DATA=<dir>,
 * one kept there and reused by the next run (seeding takes minutes; for iterating on the renderer).
 */
async function seeded(): Promise<{ dataDir: string; seed: SeedReport; cleanup: () => Promise<void> }> {
  const keep = process.env.BENCH_GALLERY_DATA;
  const dir = keep ? path.resolve(keep) : await mkdtemp(path.join(os.tmpdir(), 'bench-gallery-'));
  const dataDir = path.join(dir, 'data');
  const cleanup = keep ? async () => undefined : () => rm(dir, { recursive: true, force: true });
  const marker = path.join(dir, 'seeded.json');
  if (keep && existsSync(marker)) return { dataDir, seed: { ...(JSON.parse(await readFile(marker, 'utf8')) as SeedReport), reused: true }, cleanup };
  try {
    await mkdir(dir, { recursive: true });
    const seed = await seedGalleryBench(dataDir);
    if (keep) await writeFile(marker, JSON.stringify(seed));
    return { dataDir, seed, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export async function benchGallery(runs: number): Promise<void> {
  const { dataDir, seed, cleanup } = await seeded();
  const rounds = Math.max(1, Math.min(runs, 7));
  try {
    console.log(
      `gallery seed: ${seed.patients} patients; ${BIG.photos} + ${SMALL.photos} photos (${seed.imported} through photos.import, ${seed.bulk} by the bulk seeder: ` +
        `two sealed blobs per photo, each with its own key and file; the image bytes repeat 12 generated 320×240 JPEGs, and a seeded photo's "original" is that small JPEG) in ${seed.seconds.toFixed(0)} s` +
        (seed.reused ? ' (reused from BENCH_GALLERY_DATA)' : ''),
    );

    const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: BENCH_KDF, viewport: { width: 1280, height: 800 } });
    const delay = watchLoopStalls();
    const scrollDelay = watchLoopStalls();
    try {
      const page = shell.page;
      await page.getByLabel('Username').fill(BENCH_ADMIN.username);
      await page.getByLabel('Password').fill(BENCH_ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#patient-search').waitFor({ timeout: 60_000 });
      await page.evaluate(SCREEN_PROBE);

      delay.enable();
      const times: Record<string, number[]> = { [BIG.mrn]: [], [SMALL.mrn]: [] };
      const tiles: Record<string, number> = {};
      // Alternate (50 first, then 10k) so drift on a shared machine hits both alike.
      for (let r = 0; r < rounds; r++) {
        for (const p of [SMALL, BIG]) {
          await toPatients(page);
          await searchFor(page, p.mrn);
          const { ms, tiles: n } = (await page.evaluate(`(${OPEN_AND_TIME})(${JSON.stringify(p.mrn)})`)) as { ms: number; tiles: number };
          times[p.mrn]!.push(ms);
          tiles[p.mrn] = n;
        }
      }
      delay.disable();
      // The whole 10,000, one screen at a time (the patient from the last round is open).
      scrollDelay.enable();
      const scrolled = (await page.evaluate(`(${SCROLL_ALL})()`)) as { screens: number; ms: number; domTiles: number; imgs: number; shown: number };
      scrollDelay.disable();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const metrics = (await cdp.send('Performance.getMetrics')).metrics;
      const heapMb = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
      const renderers = await rendererRss();
      const raw = process.env.BENCH_GALLERY_TRACE;
      const held = renderers[0] ? await memoryBreakdown(cdp, renderers[0].pid, raw ? `${raw}-scrolled.json` : undefined).catch(() => null) : null;
      // Then idle, as a clinician looking at the last screen: what V8's memory reducer and Blink give
      // back by themselves once scrolling stops, with nothing telling them memory is short.
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const idle = renderers[0] ? (await rendererRss()).find((r) => r.pid === renderers[0]!.pid) : undefined;
      // And after Chromium is told memory is short (caches it may drop, then a full GC): what the
      // renderer holds on to versus what it merely has not given back yet.
      await cdp.send('Memory.simulatePressureNotification', { level: 'critical' }).catch(() => undefined);
      await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 2_000));
      const pressed = await rendererRss();
      const kept = renderers[0] ? await memoryBreakdown(cdp, renderers[0].pid, raw ? `${raw}-pressed.json` : undefined).catch(() => null) : null;

      // Core page latency at 10,000 on the same core, as the renderer pages (48 first, then 240).
      const client = shell.core.connect();
      const signed = await client.api.session.signIn({ username: BENCH_ADMIN.username, password: BENCH_ADMIN.password });
      if (!signed.ok) throw new Error(signed.error.code);
      const found = await client.api.patients.findByMrn({ mrn: BIG.mrn });
      if (!found.ok || !found.value) throw new Error('big patient not found');
      const patientId = found.value.id;
      const pageMs: number[] = [];
      for (let pass = 0; pass < 3; pass++) {
        let after: GalleryPage['next'] | undefined;
        let first = true;
        do {
          const t = performance.now();
          const r = await client.api.photos.page({ patientId, limit: first ? 48 : 240, ...(after ? { after } : {}) });
          pageMs.push(performance.now() - t);
          if (!r.ok) throw new Error(r.error.code);
          after = r.value.next;
          first = false;
        } while (after);
      }
      const groupsMs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await client.api.photos.groups({ patientId, by: 'visit' });
        groupsMs.push(performance.now() - t);
      }
      await client.disconnect();

      const big = median(times[BIG.mrn]!);
      const small = median(times[SMALL.mrn]!);
      const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
      console.log(`gallery first screenful, ${BIG.photos} photos: ${big.toFixed(0)} ms median of ${rounds} [${fmt(times[BIG.mrn]!)}], ${tiles[BIG.mrn]} tiles on screen`);
      console.log(`gallery first screenful, ${SMALL.photos} photos: ${small.toFixed(0)} ms median of ${rounds} [${fmt(times[SMALL.mrn]!)}], ${tiles[SMALL.mrn]} tiles on screen`);
      console.log(`gallery core page latency at ${BIG.photos}: p95 ${percentile(pageMs, 95).toFixed(1)} ms, median ${median(pageMs).toFixed(1)} ms over ${pageMs.length} pages (48 then 240 per page); group counts median ${median(groupsMs).toFixed(1)} ms`);
      console.log(`gallery scrolled all ${BIG.photos}: ${scrolled.screens} screens in ${(scrolled.ms / 1000).toFixed(1)} s, ${scrolled.domTiles} tiles, ${scrolled.shown} thumbnails shown and ${scrolled.imgs} <img> in the DOM at the end`);
      console.log(
        `gallery renderer memory after scrolling all ${BIG.photos}: ${renderers[0] ? renderers[0].rssMb.toFixed(0) : '?'} MB RSS (largest of ${renderers.length} renderer processes; goal ≤ 300), JS heap ${heapMb.toFixed(0)} MB; ` +
          `${idle ? idle.rssMb.toFixed(0) : '?'} MB RSS after ${IDLE_MS / 1000} s idle; ${pressed[0] ? pressed[0].rssMb.toFixed(0) : '?'} MB RSS after a critical memory-pressure notification and a GC`,
      );
      for (const [when, b] of [['after scrolling', held], ['after the pressure notification', kept]] as const) {
        console.log(
          b
            ? `gallery renderer allocators ${when} (MB, memory-infra dump; private footprint ${b.footprintMb?.toFixed(0) ?? '?'}): ${formatSizes(b.allocators, 8)}; largest parts: ${formatSizes(b.details, 6)}`
            : `gallery renderer allocators ${when}: the memory-infra dump failed`,
        );
      }
      const ms = (x: number) => x.toFixed(1);
      const worst = (a: Stall | null, b: Stall | null, by: keyof Stall) => (a && b ? (a[by] >= b[by] ? a : b) : (a ?? b));
      console.log(
        `gallery core longest main-thread stall: ${ms(Math.max(delay.maxMs, scrollDelay.maxMs))} ms (goal ≤ 50): opening patients ${ms(delay.maxMs)} ms (p99 ${ms(delay.p99Ms)}), ` +
          `scrolling all ${BIG.photos} ${ms(scrollDelay.maxMs)} ms (p99 ${ms(scrollDelay.p99Ms)}); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
      );
      console.log(
        `gallery core stall split: the longest ${describeStall(worst(delay.longest, scrollDelay.longest, 'ms'))}; ` +
          `the one the thread ran most ${describeStall(worst(delay.mostOnCpu, scrollDelay.mostOnCpu, 'onCpuMs'))}`,
      );
      console.log(`gallery ratio ${(big / small).toFixed(2)}`);
    } finally {
      await shell.close();
    }
  } finally {
    await cleanup();
  }
}
