// The real CLI's `align`, run as a child process on photos with a known transform imported
// in-process: one JSON line whose matrix lands within 2 px of the truth at every corner (model
// "homography" for a pair taken from another angle, "similarity" otherwise); exit 1
// and one line for photos that cannot be aligned or an unknown id; exit 2 for a missing option.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv } from '../core/compare/opencv';
import { cornerErrors, type Matrix3 } from '../core/compare/similarity';
import { generatePerspectivePair } from '../core/compare/test-support/perspective-scenes';
import { generatePair } from '../core/compare/test-support/scenes';
import { ADMIN, importPhoto, initializedClinic, unwrap } from '../core/test-support/fixtures';
import { runCli } from './test-support';

const W = 2400;
const H = 1600;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let ids: { from: string; to: string; other: string; tiltedFrom: string; tiltedTo: string };
let truth: Matrix3;
let tiltedTruth: Matrix3;

const align = (from: string, to: string | null) =>
  runCli(['align', '--data-dir', clinic.dir, '--user', ADMIN.username, '--from', from, ...(to === null ? [] : ['--to', to])], `${ADMIN.password}\n`);

beforeAll(async () => {
  clinic = await initializedClinic();
  unwrap(await clinic.client.api.patients.register({ mrn: 'ALN-1', familyName: 'Varga', givenName: 'Ilona', birthDate: '1958-11-12', sex: 'F' }));
  const pair = await generatePair({ width: W, height: H, seed: 21, rotationDeg: 14, scale: 1.18, tx: -90, ty: 70, gain: 0.85 });
  const unrelated = await generatePair({ width: W, height: H, seed: 22, rotationDeg: 0, scale: 1, tx: 0, ty: 0, gain: 1 });
  const tilted = await generatePerspectivePair((await loadOpenCv()).cv, { width: W, height: H, seed: 23, rotationDeg: -3, scale: 0.95, tx: 35, ty: -30, gain: 1.1, tiltXDeg: -8, tiltYDeg: 5 });
  truth = pair.truth;
  tiltedTruth = tilted.truth;
  ids = {
    from: await importPhoto(clinic.client, { mrn: 'ALN-1', bytes: pair.from, device: 'test generator' }),
    to: await importPhoto(clinic.client, { mrn: 'ALN-1', bytes: pair.to, device: 'test generator' }),
    other: await importPhoto(clinic.client, { mrn: 'ALN-1', bytes: unrelated.from, device: 'test generator' }),
    tiltedFrom: await importPhoto(clinic.client, { mrn: 'ALN-1', bytes: tilted.from, device: 'test generator' }),
    tiltedTo: await importPhoto(clinic.client, { mrn: 'ALN-1', bytes: tilted.to, device: 'test generator' }),
  };
  await clinic.core.close(); // the CLI opens the data directory itself
}, 120_000);
afterAll(() => clinic?.dispose());

describe('cli align', () => {
  it('prints one JSON line whose matrix maps --to onto --from within 2 px', async () => {
    const run = await align(ids.from, ids.to);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as { matrix: Matrix3; model: string; inliers: number; rmsPx: number };
    expect(Object.keys(out)).toEqual(['matrix', 'model', 'inliers', 'rmsPx']);
    expect(out.model).toBe('similarity');
    expect(out.inliers).toBeGreaterThanOrEqual(20);
    expect(Math.max(...cornerErrors(out.matrix, truth, W, H))).toBeLessThan(2);
  }, 120_000);

  it('prints model "homography" and its projective matrix for a pair taken from another angle', async () => {
    const run = await align(ids.tiltedFrom, ids.tiltedTo);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { matrix: Matrix3; model: string; inliers: number; rmsPx: number };
    expect(out.model).toBe('homography');
    expect(Math.hypot(out.matrix[2][0], out.matrix[2][1])).toBeGreaterThan(1e-6);
    expect(Math.max(...cornerErrors(out.matrix, tiltedTruth, W, H))).toBeLessThan(1);
  }, 120_000);

  it('exits 1 with a one-line reason when the photos cannot be aligned', async () => {
    const run = await align(ids.from, ids.other);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/too few (matching )?details/i);
  }, 120_000);

  it('exits 1 for an unknown photo and 2 without --to', async () => {
    const unknown = await align(ids.from, 'f'.repeat(32));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no photo has id/);
    const usage = await align(ids.from, null);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--to/);
  }, 120_000);
});
