// The size a gallery thumbnail is decoded at: what the tile draws (object-fit: cover) at the
// screen's pixel ratio, never more than the thumbnail has, so a tile holds no more pixels than it shows.
import { describe, expect, it } from 'vitest';
import { coverSize } from './thumb-bitmap';

describe('coverSize', () => {
  it('scales a 480×320 thumbnail down to a 172×115 tile, covering it on both axes', () => {
    const s = coverSize({ width: 480, height: 320 }, { width: 172, height: 115 }, 1);
    expect(s).toEqual({ width: 173, height: 115 });
    expect(s.width).toBeGreaterThanOrEqual(172);
  });

  it('covers a tile of another shape: a portrait thumbnail is scaled by width and cropped in height', () => {
    expect(coverSize({ width: 320, height: 480 }, { width: 172, height: 115 }, 1)).toEqual({ width: 172, height: 258 });
  });

  it('counts device pixels: at 2× a 172 px tile needs 344 px', () => {
    expect(coverSize({ width: 480, height: 320 }, { width: 172, height: 115 }, 2)).toEqual({ width: 345, height: 230 });
  });

  it('never scales up past the thumbnail it has', () => {
    expect(coverSize({ width: 320, height: 240 }, { width: 300, height: 200 }, 2)).toEqual({ width: 320, height: 240 });
  });

  it('keeps the natural size for a box not laid out yet, and treats a bad pixel ratio as 1', () => {
    expect(coverSize({ width: 320, height: 240 }, { width: 0, height: 0 }, 1)).toEqual({ width: 320, height: 240 });
    expect(coverSize({ width: 480, height: 320 }, { width: 172, height: 115 }, Number.NaN)).toEqual({ width: 173, height: 115 });
  });

  it('never asks for an empty bitmap', () => {
    expect(coverSize({ width: 0, height: 240 }, { width: 100, height: 100 }, 1)).toEqual({ width: 1, height: 1 });
    expect(coverSize({ width: 4000, height: 1 }, { width: 1, height: 1 }, 1)).toEqual({ width: 4000, height: 1 });
  });
});
