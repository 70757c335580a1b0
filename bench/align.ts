// `npm run bench -- align [--count N]`: N pairs (default 6) of 6000×4000 photos generated with
// known similarities (rotation within ±15°, scale 0.8–1.25, translation, brightness change) and N
// pairs with a known perspective (the camera turned 6–12° about the vertical and up to ±8° about the
// horizontal, plus a milder similarity; warped with OpenCV's warpPerspective) are imported, then
// aligned through the app (`compare.align`: decrypt both originals, decode upright, register in the
// worker thread, store and audit) and by the bare registration pipeline on the same images (decode
// + the same register() on this thread, no app around it), alternating which goes first. Prints
// per kind the model the app chose and the median and worst corner error of its matrices against
// the truth (goals ≤ 2 px and ≤ 5 px), both times, and last `align ratio <x>` (app / bare over all
// pairs, goal ≤ 1.2).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeGrey } from '../main/core/compare/decode';
import { loadOpenCv } from '../main/core/compare/opencv';
import { register, REGISTRATION } from '../main/core/compare/register';
import { cornerErrors } from '../main/core/compare/similarity';
import { generatePerspectivePair, type PerspectiveSpec } from '../main/core/compare/test-support/perspective-scenes';
import { generatePair, seeded, type GeneratedPair, type PairSpec } from '../main/core/compare/test-support/scenes';
import { createCore } from '../main/core/core';
import { silentLogger } from '../main/core/support/log';
import { importPhoto, unwrap } from '../main/core/test-support/fixtures';
import { median } from './stats';

export const DEFAULT_ALIGN_COUNT = 6;
const WIDTH = 6000;
const HEIGHT = 4000;

/** Pair k's transform, drawn from a fixed seed so every run measures the same pairs. */
function spec(k: number): PairSpec {
  const rnd = seeded(1000 + k);
  const between = (a: number, b: number) => a + (b - a) * rnd();
  return {
    width: WIDTH,
    height: HEIGHT,
    seed: 500 + k,
    rotationDeg: between(-15, 15),
    scale: Math.exp(between(Math.log(0.8), Math.log(1.25))),
    tx: between(-0.05, 0.05) * WIDTH,
    ty: between(-0.05, 0.05) * HEIGHT,
    gain: between(0.75, 1.3),
  };
}

/** Perspective pair k: the camera turned by a few degrees, a milder similarity (the margin rendered around `from` is 20 %). */
function perspectiveSpec(k: number): PerspectiveSpec {
  const rnd = seeded(3000 + k);
  const between = (a: number, b: number) => a + (b - a) * rnd();
  return {
    width: WIDTH,
    height: HEIGHT,
    seed: 800 + k,
    rotationDeg: between(-10, 10),
    scale: Math.exp(between(Math.log(0.9), Math.log(1.1))),
    tx: between(-0.03, 0.03) * WIDTH,
    ty: between(-0.03, 0.03) * HEIGHT,
    gain: between(0.75, 1.3),
    tiltXDeg: (k % 2 ? -1 : 1) * between(6, 12),
    tiltYDeg: between(-8, 8),
  };
}

export async function benchAlign(options: { count?: number }): Promise<void> {
  const count = options.count ?? DEFAULT_ALIGN_COUNT;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-align-'));
  const core = createCore({ dataDir: path.join(dir, 'data'), log: silentLogger });
  const client = core.connect({ local: true });
  try {
    unwrap(await client.api.setup.initialize({ clinicName: 'Bench Clinic', admin: { username: 'admin', displayName: 'Admin', password: 'bench password 123' } }));
    unwrap(await client.api.patients.register({ mrn: 'B1', familyName: 'Bench', givenName: 'Mark', birthDate: '1990-01-01', sex: 'U' }));
    const { cv } = await loadOpenCv();
    const appMs: number[] = [];
    const bareMs: number[] = [];
    const kinds = { similarity: { corners: [] as number[], models: [] as string[] }, perspective: { corners: [] as number[], models: [] as string[] } };
    const jobs: Array<{ kind: keyof typeof kinds; describe: string; make: () => Promise<GeneratedPair> }> = [];
    for (let k = 0; k < count; k++) {
      const s = spec(k);
      jobs.push({ kind: 'similarity', describe: `rotation ${s.rotationDeg.toFixed(1)}°, scale ${s.scale.toFixed(3)}, gain ${s.gain.toFixed(2)}`, make: () => generatePair(s) });
    }
    for (let k = 0; k < count; k++) {
      const s = perspectiveSpec(k);
      jobs.push({ kind: 'perspective', describe: `turned ${s.tiltXDeg.toFixed(1)}°/${s.tiltYDeg.toFixed(1)}°, rotation ${s.rotationDeg.toFixed(1)}°, scale ${s.scale.toFixed(3)}`, make: () => generatePerspectivePair(cv, s) });
    }
    for (const [k, job] of jobs.entries()) {
      const pair = await job.make();
      const fromId = await importPhoto(client, { mrn: 'B1', bytes: pair.from, device: 'bench generator' });
      const toId = await importPhoto(client, { mrn: 'B1', bytes: pair.to, device: 'bench generator' });
      const into = kinds[job.kind];
      const app = async () => {
        const alignment = unwrap(await client.api.compare.align({ fromPhotoId: fromId, toPhotoId: toId }));
        into.corners.push(...cornerErrors(alignment.matrix, pair.truth, WIDTH, HEIGHT));
        into.models.push(alignment.model);
      };
      let scores = '';
      const bare = async () => {
        const [a, b] = await Promise.all([decodeGrey(pair.from, REGISTRATION.workingSide), decodeGrey(pair.to, REGISTRATION.workingSide)]);
        const { similarity, homography } = register(cv, a, b).comparison;
        // The selection's evidence: the homography's score as a share of the similarity's (chosen at ≤ 0.7).
        scores = similarity && homography ? `, score homography/similarity ${(homography.score / similarity.score).toFixed(2)}` : '';
      };
      // Warm-up on the first pair: the worker's start and OpenCV's compile belong to neither side.
      if (k === 0) {
        await bare();
        unwrap(await client.api.compare.align({ fromPhotoId: fromId, toPhotoId: toId }));
      }
      const sides: Array<[() => Promise<void>, number[]]> = [
        [app, appMs],
        [bare, bareMs],
      ];
      if (k % 2) sides.reverse();
      for (const [run, times] of sides) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      const last = into.corners.slice(-4);
      console.log(`align ${job.kind} pair ${k + 1}: ${job.describe}: ${into.models.at(-1)}${scores}, worst corner ${Math.max(...last).toFixed(2)} px, app ${appMs.at(-1)!.toFixed(0)} ms, bare ${bareMs.at(-1)!.toFixed(0)} ms`);
    }
    for (const [kind, { corners, models }] of Object.entries(kinds)) {
      const chosen = ['similarity', 'homography'].map((m) => `${m} ${models.filter((x) => x === m).length}`).join(', ');
      console.log(`align ${kind}: ${models.length} pairs of ${WIDTH}×${HEIGHT}; model ${chosen}; corner error median ${median(corners).toFixed(2)} px, worst ${Math.max(...corners).toFixed(2)} px (goals ≤ 2, ≤ 5)`);
    }
    console.log(`align app: median ${median(appMs).toFixed(0)} ms per pair; bare pipeline: median ${median(bareMs).toFixed(0)} ms`);
    console.log(`align ratio ${(median(appMs) / median(bareMs)).toFixed(2)}`);
  } finally {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  }
}
