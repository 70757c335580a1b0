// The colour checker's patch centres from its four corners: a chart seen square-on, and the same
// chart rotated and picked from the same physical corner, give the same patch at the same index.
import { describe, expect, it } from 'vitest';
import { checkerCentres, checkerRadius, type Point } from './checker';

describe('checkerCentres', () => {
  it('puts the 24 centres on the patch grid of an upright chart', () => {
    const corners: [Point, Point, Point, Point] = [
      [100, 200],
      [700, 200],
      [700, 600],
      [100, 600],
    ];
    const centres = checkerCentres(corners);
    expect(centres).toHaveLength(24);
    const near = (p: readonly number[] | undefined, [x, y]: Point) => {
      expect(p![0]).toBeCloseTo(x, 9);
      expect(p![1]).toBeCloseTo(y, 9);
    };
    near(centres[0], [150, 250]);
    near(centres[5], [650, 250]);
    near(centres[6], [150, 350]);
    near(centres[23], [650, 550]);
    expect(checkerRadius(corners)).toBeCloseTo(25, 6);
  });

  it('follows the chart when it is rotated a quarter turn', () => {
    // The same chart turned 90° clockwise about (0, 0): (x, y) ↦ (−y, x); corners picked from the same patch.
    const turn = ([x, y]: Point): Point => [-y, x];
    const upright: [Point, Point, Point, Point] = [
      [0, 0],
      [600, 0],
      [600, 400],
      [0, 400],
    ];
    const turned = upright.map(turn) as [Point, Point, Point, Point];
    const a = checkerCentres(upright).map(turn);
    const b = checkerCentres(turned);
    for (let i = 0; i < 24; i++) {
      expect(b[i]![0]).toBeCloseTo(a[i]![0], 9);
      expect(b[i]![1]).toBeCloseTo(a[i]![1], 9);
    }
  });

  it('follows a chart seen in perspective: each centre where the chart’s own plane puts it', () => {
    // A chart tilted away (its far side 30 % shorter): chart coordinates (pitches) → photo by a known homography.
    const H = [
      [80, 10, 200],
      [-6, 95, 150],
      [0.04, 0.01, 1],
    ];
    const project = ([x, y]: Point): Point => {
      const w = H[2]![0]! * x + H[2]![1]! * y + H[2]![2]!;
      return [(H[0]![0]! * x + H[0]![1]! * y + H[0]![2]!) / w, (H[1]![0]! * x + H[1]![1]! * y + H[1]![2]!) / w];
    };
    const corners = [project([0, 0]), project([6, 0]), project([6, 4]), project([0, 4])] as [Point, Point, Point, Point];
    const centres = checkerCentres(corners);
    for (let k = 0; k < 24; k++) {
      const want = project([(k % 6) + 0.5, Math.floor(k / 6) + 0.5]);
      expect(Math.hypot(centres[k]![0] - want[0], centres[k]![1] - want[1])).toBeLessThan(1e-6);
    }
  });
});
