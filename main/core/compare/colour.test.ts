// CIEDE2000 against the 34 published pairs of Sharma, Wu and Dalal (2005, Table 1), and the
// correction fitted from patch pairs: a known colour cast in linear RGB is undone.
import { describe, expect, it } from 'vitest';
import { applyCorrection, deltaE2000, deltaESummary, fitCorrection, fromLinear, srgbToLab, toLinear, type Lab, type Rgb } from './colour';

// [L1, a1, b1, L2, a2, b2, ΔE00], pairs 1–34 in the paper's order.
const SHARMA: readonly (readonly number[])[] = [
  [50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425],
  [50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615],
  [50.0, 2.8361, -74.02, 50.0, 0.0, -82.7485, 3.4412],
  [50.0, -1.3802, -84.2814, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -1.1848, -84.8006, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -0.9009, -85.5211, 50.0, 0.0, -82.7485, 1.0],
  [50.0, 0.0, 0.0, 50.0, -1.0, 2.0, 2.3669],
  [50.0, -1.0, 2.0, 50.0, 0.0, 0.0, 2.3669],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0009, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.001, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0011, 7.2195],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0012, 7.2195],
  [50.0, -0.001, 2.49, 50.0, 0.0009, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.001, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.0011, -2.49, 4.7461],
  [50.0, -0.001, 2.49, 50.0, 0.0012, -2.49, 4.7461],
  [50.0, 2.5, 0.0, 50.0, 0.0, -2.5, 4.3065],
  [50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492],
  [50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977],
  [50.0, 2.5, 0.0, 56.0, -27.0, -3.0, 31.903],
  [50.0, 2.5, 0.0, 58.0, 24.0, 15.0, 19.4535],
  [50.0, 2.5, 0.0, 50.0, 3.1736, 0.5854, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2972, 0.0, 1.0],
  [50.0, 2.5, 0.0, 50.0, 1.8634, 0.5757, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2592, 0.335, 1.0],
  [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
  [63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.263],
  [61.2901, 3.7196, -5.3901, 61.4292, 2.248, -4.962, 1.8731],
  [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
  [22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373],
  [36.4612, 47.858, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
  [90.8027, -2.0831, 1.441, 91.1528, -1.6435, 0.0447, 1.4441],
  [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
  [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
  [2.0776, 0.0795, -1.135, 0.9033, -0.0636, -0.5514, 0.9082],
];

describe('CIEDE2000 (Sharma, Wu and Dalal 2005)', () => {
  it.each(SHARMA.map((row, i) => [i + 1, row] as const))('pair %i', (_n, row) => {
    const [L1, a1, b1, L2, a2, b2, expected] = row as [number, number, number, number, number, number, number];
    const one: Lab = [L1, a1, b1];
    const two: Lab = [L2, a2, b2];
    // The table gives four decimals; the formula is symmetric in its two colours.
    expect(deltaE2000(one, two)).toBeCloseTo(expected, 4);
    expect(deltaE2000(two, one)).toBeCloseTo(expected, 4);
  });

  it('is zero for one colour', () => {
    expect(deltaE2000([40, 12, -30], [40, 12, -30])).toBe(0);
  });
});

describe('sRGB and CIELAB', () => {
  it('round-trips the transfer curve and puts white and mid-grey where CIELAB says', () => {
    for (const v of [0, 10, 64, 128, 200, 255]) expect(fromLinear(toLinear(v))).toBeCloseTo(v, 6);
    const white = srgbToLab([255, 255, 255]);
    expect(white[0]).toBeCloseTo(100, 2);
    expect(Math.hypot(white[1], white[2])).toBeLessThan(0.01);
    const red = srgbToLab([255, 0, 0]);
    expect(red[0]).toBeCloseTo(53.24, 1);
    expect(red[1]).toBeCloseTo(80.09, 1);
    expect(red[2]).toBeCloseTo(67.2, 1);
  });
});

/** A cast as the camera makes it: per-channel gains in linear light. */
const cast = (rgb: Rgb, k: Rgb): Rgb => [fromLinear(toLinear(rgb[0]) * k[0]), fromLinear(toLinear(rgb[1]) * k[1]), fromLinear(toLinear(rgb[2]) * k[2])];

describe('the correction', () => {
  it('a grey patch gives per-channel gains that undo a warm cast', () => {
    const grey: Rgb = [128, 128, 128];
    const pairs = [{ reference: grey, second: cast(grey, [1.25, 1, 0.75]) }];
    const correction = fitCorrection(pairs);
    expect(correction.kind).toBe('gains');
    expect(correction.matrix[0][0]).toBeCloseTo(1 / 1.25, 4);
    expect(correction.matrix[2][2]).toBeCloseTo(1 / 0.75, 4);
    const summary = deltaESummary(pairs, correction.matrix);
    expect(summary.before).toBeGreaterThan(5);
    expect(summary.after).toBeLessThan(0.01);
    // Other colours under the same cast come back too: the cast is a linear gain.
    const skin: Rgb = [205, 150, 125];
    const back = applyCorrection(correction.matrix, cast(skin, [1.25, 1, 0.75]));
    expect(deltaE2000(srgbToLab(skin), srgbToLab(back))).toBeLessThan(0.05);
  });

  it('six or more distinct patches fit a full matrix that undoes channel crosstalk', () => {
    const mix = [
      [0.9, 0.15, 0.0],
      [0.05, 0.85, 0.1],
      [0.0, 0.1, 0.8],
    ];
    const through = (rgb: Rgb): Rgb => {
      const lin = rgb.map(toLinear);
      const out = mix.map((row) => row[0]! * lin[0]! + row[1]! * lin[1]! + row[2]! * lin[2]!);
      return [fromLinear(out[0]!), fromLinear(out[1]!), fromLinear(out[2]!)];
    };
    const patches: Rgb[] = [
      [115, 82, 68],
      [194, 150, 130],
      [98, 122, 157],
      [87, 108, 67],
      [133, 128, 177],
      [103, 189, 170],
      [214, 126, 44],
      [160, 160, 160],
    ];
    const pairs = patches.map((p) => ({ reference: p, second: through(p) }));
    const correction = fitCorrection(pairs);
    expect(correction.kind).toBe('matrix');
    const summary = deltaESummary(pairs, correction.matrix);
    expect(summary.before).toBeGreaterThan(3);
    expect(summary.after).toBeLessThan(0.5);
  });

  it('refuses a black patch rather than dividing by nothing', () => {
    expect(() => fitCorrection([{ reference: [0, 0, 0], second: [0, 0, 0] }])).toThrow(RangeError);
  });
});
