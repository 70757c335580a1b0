// The compose worker draws exactly what drawing on this thread draws (the same JPEG, byte for byte:
// a pair side by side on an alignment, a slider snapshot of a fitted pair, a grid of three from the
// right in Arabic), takes the originals over without copying them, answers comparisons asked for at
// once each with its own, answers a damaged photo with a clear error and keeps working, fails a
// comparison it was drawing when it is ended with a clear CoreError, and starts again after it has ended.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import { renderGrid } from './comparison-grid';
import { renderComparison, type ComparisonInput } from './comparison-image';
import { ComposeService } from './compose-service';
import type { Matrix3 } from './similarity';

const service = new ComposeService();
afterAll(() => service.stop());

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Fresh plain memory holding the bytes, as the blob store hands an original over. */
const own = (bytes: Uint8Array) => new Uint8Array(bytes);

/** A seeded noisy photo, so every resampled pixel depends on its four neighbours. */
async function noisy(width: number, height: number, seed: number): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    data[i] = x >> 23;
  }
  return own(await sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
}

const rotated: Matrix3 = [
  [Math.cos(0.15) * 1.08, -Math.sin(0.15) * 1.08, 40],
  [Math.sin(0.15) * 1.08, Math.cos(0.15) * 1.08, -25],
  [0, 0, 1],
];
const captions: [string[], string[]] = [
  ['1 March 2026', 'Left forearm · Anterior'],
  ['+42 days', 'Left forearm · Anterior', 'Aligned to the first photo'],
];
let photos: Uint8Array[];

beforeAll(async () => {
  photos = [await noisy(900, 600, 1), await noisy(900, 600, 2), await noisy(500, 750, 3)];
});

describe('the compose worker', () => {
  it('draws the same JPEG, byte for byte, as drawing on this thread', async () => {
    const pairs: ComparisonInput[] = [
      { first: photos[0]!, second: photos[1]!, matrix: rotated, mode: 'side-by-side', position: 0.5, captions, direction: 'ltr' },
      { first: photos[0]!, second: photos[2]!, matrix: null, mode: 'slider', position: 0.37, captions, direction: 'rtl' },
    ];
    for (const input of pairs) {
      const here = await renderComparison(input);
      const there = await service.renderComparison({ ...input, first: own(input.first), second: own(input.second) });
      expect([there.width, there.height, there.layout]).toEqual([here.width, here.height, null]);
      expect(sha(there.jpeg), input.mode).toBe(sha(here.jpeg));
    }
    const grid = { photos: photos, matrices: [null, null, rotated], captions: [captions[0], captions[1], captions[1]], direction: 'rtl' as const };
    const here = await renderGrid(grid);
    const there = await service.renderGrid({ ...grid, photos: photos.map(own) });
    expect([there.width, there.height, there.layout]).toEqual([here.width, here.height, here.layout]);
    expect(sha(there.jpeg)).toBe(sha(here.jpeg));
  }, 60_000);

  it('takes the originals over instead of copying them', async () => {
    const first = own(photos[0]!);
    const second = own(photos[1]!);
    await service.renderComparison({ first, second, matrix: null, mode: 'side-by-side', position: 0.5, captions, direction: 'ltr' });
    // Moved to the worker: nothing left here (and nothing was copied on the core's thread).
    expect([first.byteLength, second.byteLength]).toEqual([0, 0]);
  }, 60_000);

  it('draws comparisons asked for at once one after the other, each answered with its own', async () => {
    const pair = (mode: 'side-by-side' | 'slider') => service.renderComparison({ first: own(photos[0]!), second: own(photos[2]!), matrix: null, mode, position: 0.5, captions, direction: 'ltr' });
    const grid = service.renderGrid({ photos: photos.map(own), matrices: [null, null, null], captions: [captions[0], captions[1], captions[1]], direction: 'ltr' });
    const [sideBySide, slider, three] = await Promise.all([pair('side-by-side'), pair('slider'), grid]);
    expect([sideBySide.width, slider.width, three.layout]).toEqual([2 * 900, 900, { columns: 2, rows: 2 }]);
  }, 60_000);

  it('answers a damaged photo with a clear error and draws the next comparison', async () => {
    const damaged = own(photos[1]!).slice(0, 2000);
    const refused = service.renderComparison({ first: own(photos[0]!), second: damaged, matrix: null, mode: 'slider', position: 0.5, captions, direction: 'ltr' });
    await expect(refused).rejects.toThrow(/^the comparison could not be drawn: /);
    const drawn = await service.renderComparison({ first: own(photos[0]!), second: own(photos[1]!), matrix: null, mode: 'slider', position: 0.5, captions, direction: 'ltr' });
    expect(drawn.width).toBeGreaterThan(0);
  }, 60_000);

  it('fails a comparison it was drawing when it is ended, with a clear CoreError, and draws the next', async () => {
    const drawing = service.renderGrid({ photos: photos.map(own), matrices: [null, null, rotated], captions: [captions[0], captions[1], captions[1]], direction: 'ltr' }).then(
      () => null,
      (e: unknown) => e,
    );
    await service.stop();
    const error = await drawing;
    expect(error).toBeInstanceOf(CoreError);
    expect([(error as CoreError).code, (error as CoreError).message]).toEqual(['INTERNAL', 'The compose worker was stopped before it answered.']);
    const drawn = await service.renderComparison({ first: own(photos[0]!), second: own(photos[1]!), matrix: null, mode: 'side-by-side', position: 0.5, captions, direction: 'ltr' });
    expect(drawn.width).toBe(2 * 900);
  }, 60_000);

  it('starts a new worker for the next comparison once it has ended', async () => {
    await service.stop();
    const drawn = await service.renderComparison({ first: own(photos[0]!), second: own(photos[1]!), matrix: null, mode: 'side-by-side', position: 0.5, captions, direction: 'ltr' });
    expect(drawn.width).toBe(2 * 900);
  }, 60_000);
});
