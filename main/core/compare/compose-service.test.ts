// The compose worker draws exactly what drawing on this thread would (panel-warp.ts, byte for
// byte: a rotated and scaled photo, a fitted one, a slider's two layers), answers a bad job with a
// clear error and keeps drawing, fails what is pending if it dies, and starts again on the next job.
import { createHash } from 'node:crypto';
import threads from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { ComposeService } from './compose-service';
import { drawPanel, type PanelJob, type Rgb } from './panel-warp';
import type { Matrix3 } from './similarity';

const service = new ComposeService();
afterAll(() => service.stop());

/** A seeded noisy image, so every resampled pixel depends on its four neighbours. */
function noise(width: number, height: number, seed: number): Rgb {
  const data = new Uint8Array(width * height * 3);
  let x = seed;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    data[i] = x >> 23;
  }
  return { data, width, height };
}

const rotation = (deg: number, scale: number, tx: number, ty: number): Matrix3 => {
  const a = Math.cos((deg * Math.PI) / 180) * scale;
  const b = Math.sin((deg * Math.PI) / 180) * scale;
  return [
    [a, -b, tx],
    [b, a, ty],
    [0, 0, 1],
  ];
};

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The same job with its own copies of the pixels (the service moves the ones it is given). */
const cloneJob = (job: PanelJob): PanelJob => ({ ...job, layers: job.layers.map((l) => ({ ...l, src: { ...l.src, data: new Uint8Array(l.src.data) } })) });

describe('the compose worker', () => {
  it('draws every panel byte for byte as this thread would', async () => {
    const photo = noise(900, 600, 7);
    const other = noise(500, 700, 8);
    const jobs: PanelJob[] = [
      { width: 640, height: 427, panelScale: 640 / 1800, layers: [{ src: photo, srcScale: 0.5, toSrcFull: rotation(9, 1.1, 60, -40) }] },
      { width: 640, height: 427, panelScale: 640 / 1800, layers: [{ src: other, srcScale: 1, toSrcFull: rotation(0, 0.6, -100, 20) }] },
      {
        width: 800,
        height: 533,
        panelScale: 800 / 1800,
        layers: [
          { src: other, srcScale: 1, toSrcFull: rotation(-4, 0.5, 0, 0) },
          { src: photo, srcScale: 0.5, toSrcFull: rotation(0, 1, 0, 0), columnsBefore: 333 },
        ],
      },
    ];
    for (const job of jobs) {
      const here = drawPanel(job);
      const there = await service.draw(cloneJob(job));
      expect(there.length).toBe(job.width * job.height * 3);
      expect(sha(there)).toBe(sha(here));
    }
  });

  it('moves pixels it owns instead of copying them, and returns the panel as a Buffer', async () => {
    const photo = noise(300, 200, 3);
    const job: PanelJob = { width: 150, height: 100, panelScale: 0.5, layers: [{ src: photo, srcScale: 1, toSrcFull: rotation(0, 1, 0, 0) }] };
    const expected = sha(drawPanel(job));
    const panel = await service.draw(job);
    expect(Buffer.isBuffer(panel)).toBe(true);
    expect(sha(panel)).toBe(expected);
    // Plain memory: moved where Node can say it may be (Electron, Node ≥ 21), else copied once.
    const canTell = typeof (threads as { isMarkedAsUntransferable?: unknown }).isMarkedAsUntransferable === 'function';
    expect(photo.data.byteLength).toBe(canTell ? 0 : 300 * 200 * 3);
  });

  it('answers a bad job with a clear error and draws the next one', async () => {
    const bad: PanelJob = { width: 10, height: 10, panelScale: 1, layers: [{ src: { data: new Uint8Array(5), width: 10, height: 10 }, srcScale: 1, toSrcFull: rotation(0, 1, 0, 0) }] };
    await expect(service.draw(bad)).rejects.toThrow(/could not be drawn.*pixels do not match its size/);
    const good: PanelJob = { width: 4, height: 4, panelScale: 1, layers: [{ src: noise(4, 4, 1), srcScale: 1, toSrcFull: rotation(0, 1, 0, 0) }] };
    expect(sha(await service.draw(cloneJob(good)))).toBe(sha(drawPanel(good)));
  });

  it('fails what is pending when the worker ends, and starts a new one for the next job', async () => {
    const big: PanelJob = { width: 2000, height: 1500, panelScale: 1, layers: [{ src: noise(2000, 1500, 5), srcScale: 1, toSrcFull: rotation(3, 1, 0, 0) }] };
    const pending = service.draw(cloneJob(big));
    // Once the job is in the worker, end the worker under it.
    while (!service.busy) await new Promise((resolve) => setImmediate(resolve));
    await service.stop();
    await expect(pending).rejects.toThrow(/compose worker exited/);
    const small: PanelJob = { width: 8, height: 8, panelScale: 1, layers: [{ src: noise(8, 8, 2), srcScale: 1, toSrcFull: rotation(0, 1, 0, 0) }] };
    expect(sha(await service.draw(cloneJob(small)))).toBe(sha(drawPanel(small)));
  });
});
