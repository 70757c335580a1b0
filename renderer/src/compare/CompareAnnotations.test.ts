// The annotations' transform on a compare stage: a point of a photo lands on the screen exactly
// where the stage draws that pixel (its placement in the first photo's frame, then zoom and pan),
// although the overlay's SVG shows the frame fitted and centred; under a homography too, where
// the whole SVG is given a CSS matrix3d instead.
import { describe, expect, it } from 'vitest';
import { stageMatrix, stageTransform } from './CompareAnnotations';
import { applyMatrix3d, tiltedMatrix } from './test-support/projective';
import { place as placeAt, placementOf, transformOf, zoomAt, initialView, type Frame } from './viewport';

const apply = ([a, b, c, d, e, f]: readonly number[], x: number, y: number): [number, number] => [a! * x + b! * y + c!, d! * x + e! * y + f!];

describe('stageMatrix', () => {
  const first = { width: 3000, height: 2000 };
  const second = { width: 2400, height: 1800 };
  const frame: Frame = { ...first, stageWidth: 640, stageHeight: 520 };
  const fit = Math.min(frame.stageWidth / frame.width, frame.stageHeight / frame.height);
  /** What the SVG's viewBox "meet" does to a viewBox point. */
  const meet = ([x, y]: [number, number]): [number, number] => [(frame.stageWidth - frame.width * fit) / 2 + x * fit, (frame.stageHeight - frame.height * fit) / 2 + y * fit];
  const view = zoomAt(initialView(first), frame, 3.2, 400, 150);
  const t = transformOf(view, frame);
  const stage = { ...t, frame };

  it('puts a pixel of the first photo where the zoomed stage draws it', () => {
    const [sx, sy] = meet(apply(stageMatrix(stage, null), 1234, 567));
    expect(sx).toBeCloseTo(t.tx + 1234 * t.scale, 6);
    expect(sy).toBeCloseTo(t.ty + 567 * t.scale, 6);
  });

  it('puts a pixel of an aligned second photo where its alignment and the view draw it', () => {
    const th = (7 * Math.PI) / 180;
    const matrix = [
      [1.1 * Math.cos(th), -1.1 * Math.sin(th), 85],
      [1.1 * Math.sin(th), 1.1 * Math.cos(th), -40],
      [0, 0, 1],
    ];
    const place = placementOf(matrix, first, second);
    const [px, py] = apply(place, 800, 900);
    const [sx, sy] = meet(apply(stageMatrix(stage, place), 800, 900));
    expect(sx).toBeCloseTo(t.tx + px * t.scale, 6);
    expect(sy).toBeCloseTo(t.ty + py * t.scale, 6);
  });

  it('puts a pixel of a second photo aligned by a homography where the stage draws it', () => {
    const place = placementOf(tiltedMatrix, first, second);
    const drawn = stageTransform(stage, place);
    expect(drawn.shapes).toBeUndefined();
    for (const [x, y] of [
      [0, 0],
      [2400, 0],
      [800, 900],
      [2400, 1800],
    ] as const) {
      const [px, py] = placeAt(place, x, y);
      // The shape's point in viewBox units, through meet, then through the SVG's CSS transform.
      const [sx, sy] = applyMatrix3d(drawn.svg!, ...meet([x, y]));
      expect(sx).toBeCloseTo(t.tx + px * t.scale, 6);
      expect(sy).toBeCloseTo(t.ty + py * t.scale, 6);
    }
    expect(stageTransform(stage, placementOf(null, first, second)).svg).toBeUndefined();
  });
});
