// `npm run bench -- compose [--runs N]`: how long the core's main thread is blocked while a
// comparison is exported (issue 10: never more than ~50 ms). Four generated 6000×4000 photos (the
// alignment scenes, the later ones on a stored alignment) are imported, then exported N times each
// (default 3) as a side-by-side pair, a slider snapshot and a 2 × 2 grid through `compare.export`.
// For each export: its duration and the longest event-loop block during it (perf_hooks
// monitorEventLoopDelay, 5 ms resolution), median and worst over the runs. Last line
// `compose stall <ms>`: the worst block seen in any export. Before it, the same measure over as
// long with nothing to do: the floor a loaded machine's scheduler sets.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Matrix3 } from '../main/core/compare/similarity';
import { generatePair, type PairSpec } from '../main/core/compare/test-support/scenes';
import { createCore } from '../main/core/core';
import { silentLogger } from '../main/core/support/log';
import { importPhoto, unwrap } from '../main/core/test-support/fixtures';
import { median } from './stats';

const WIDTH = 6000;
const HEIGHT = 4000;

const spec = (seed: number, rotationDeg: number): PairSpec => ({ width: WIDTH, height: HEIGHT, seed, rotationDeg, scale: 1.05, tx: 120, ty: -80, gain: 1.1 });

/** Three point pairs that pin the truth (a pixel of `to` onto `from`), as a person would click them. */
function clicks(truth: Matrix3): Array<{ from: [number, number]; to: [number, number] }> {
  return [
    [1500, 1000],
    [4500, 1200],
    [3000, 3000],
  ].map(([x, y]) => {
    const [[a, b, c], [d, e, f]] = truth;
    return { to: [x!, y!], from: [a * x! + b * y! + c, d * x! + e * y! + f] };
  });
}

export async function benchCompose(runs: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-compose-'));
  const core = createCore({ dataDir: path.join(dir, 'data'), log: silentLogger });
  const client = core.connect({ local: true });
  try {
    unwrap(await client.api.setup.initialize({ clinicName: 'Bench Clinic', admin: { username: 'admin', displayName: 'Admin', password: 'bench password 123' } }));
    unwrap(await client.api.patients.register({ mrn: 'B1', familyName: 'Bench', givenName: 'Mark', birthDate: '1990-01-01', sex: 'U' }));
    const ids: string[] = [];
    for (const [k, rotation] of [4, -6].entries()) {
      const pair = await generatePair(spec(700 + k, rotation));
      const from = await importPhoto(client, { mrn: 'B1', bytes: pair.from, device: 'bench generator' });
      const to = await importPhoto(client, { mrn: 'B1', bytes: pair.to, device: 'bench generator' });
      ids.push(from, to);
      if (k === 0) unwrap(await client.api.compare.alignManual({ fromPhotoId: from, toPhotoId: to, pairs: clicks(pair.truth) }));
    }
    const cases = [
      { name: 'pair side by side', request: { photoIds: ids.slice(0, 2), mode: 'side-by-side' as const } },
      { name: 'pair slider', request: { photoIds: ids.slice(0, 2), mode: 'slider' as const, sliderPosition: 0.4 } },
      { name: 'grid of four', request: { photoIds: ids, mode: 'grid' as const } },
    ];
    // Warm-up: module loading and any worker's start belong to no case.
    unwrap(await client.api.compare.export(cases[0]!.request));
    let worst = 0;
    let idleMs = 0;
    for (const { name, request } of cases) {
      const blocks: number[] = [];
      const durations: number[] = [];
      for (let r = 0; r < runs; r++) {
        const delay = monitorEventLoopDelay({ resolution: 5 });
        delay.enable();
        const t = performance.now();
        const { photo } = unwrap(await client.api.compare.export(request));
        durations.push(performance.now() - t);
        delay.disable();
        blocks.push(delay.max / 1e6);
        if (r === 0) console.log(`compose ${name}: ${photo.width}×${photo.height}`);
      }
      worst = Math.max(worst, ...blocks);
      idleMs = median(durations);
      console.log(`compose ${name}: export ${median(durations).toFixed(0)} ms median, longest main-thread block ${median(blocks).toFixed(0)} ms median, ${Math.max(...blocks).toFixed(0)} ms worst (${runs} runs)`);
    }
    // The floor: the same measure with nothing to do, for as long as a grid takes (on a shared
    // machine the scheduler alone delays the loop this much).
    const idle = monitorEventLoopDelay({ resolution: 5 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    idle.disable();
    console.log(`compose idle: longest main-thread block ${(idle.max / 1e6).toFixed(0)} ms over ${idleMs.toFixed(0)} ms with nothing to do`);
    console.log(`compose stall ${worst.toFixed(0)}`);
  } finally {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  }
}
