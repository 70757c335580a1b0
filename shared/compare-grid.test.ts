// The grid layout of an exported comparison: landscape frames go 2 × 2, portrait (and square three)
// in one row, whichever shows each panel larger on a 16:10 screen; only three or four photos.
import { describe, expect, it } from 'vitest';
import { gridLayout } from './compare-grid';

describe('gridLayout', () => {
  it('puts landscape photos 2 × 2 and portrait photos in one row', () => {
    expect(gridLayout(4, 3 / 2)).toEqual({ columns: 2, rows: 2 });
    expect(gridLayout(3, 3 / 2)).toEqual({ columns: 2, rows: 2 });
    expect(gridLayout(4, 2 / 3)).toEqual({ columns: 4, rows: 1 });
    expect(gridLayout(3, 2 / 3)).toEqual({ columns: 3, rows: 1 });
  });

  it('puts three square photos in a row but four in a square', () => {
    expect(gridLayout(3, 1)).toEqual({ columns: 3, rows: 1 });
    expect(gridLayout(4, 1)).toEqual({ columns: 2, rows: 2 });
  });

  it('refuses what is not a grid', () => {
    expect(() => gridLayout(2, 1.5)).toThrow(RangeError);
    expect(() => gridLayout(5, 1.5)).toThrow(RangeError);
    expect(() => gridLayout(4, 0)).toThrow(RangeError);
    expect(() => gridLayout(4, Number.NaN)).toThrow(RangeError);
  });
});
