// The compare view's zoom and pan: zoom keeps the point under the cursor still, 1:1 is one photo
// pixel per screen pixel, 0 fits again, panning cannot lose the photo, the second photo is placed
// by its alignment (a homography through CSS matrix3d, exactly), and the original is asked for
// only once the rendition is drawn too large.
import { describe, expect, it } from 'vitest';
import { applyMatrix3d, tiltedMatrix } from './test-support/projective';
import { actualPixelsAt, initialView, localScale, needsOriginal, panBy, place, placement, placementOf, transformOf, unplace, viewForKey, zoomAt, type Frame } from './viewport';

const frame: Frame = { width: 6000, height: 4000, stageWidth: 600, stageHeight: 400 };

describe('compare viewport', () => {
  it('fits at first and zooms about the cursor', () => {
    const view = initialView(frame);
    expect(transformOf(view, frame)).toEqual({ scale: 0.1, tx: 0, ty: 0 });
    const zoomed = zoomAt(view, frame, 2, 150, 100);
    const t = transformOf(zoomed, frame);
    // The photo point (1500, 1000) was under (150, 100) and still is.
    expect(1500 * t.scale + t.tx).toBeCloseTo(150);
    expect(1000 * t.scale + t.ty).toBeCloseTo(100);
  });

  it('shows actual pixels on double-click and fits again on 0', () => {
    const one = actualPixelsAt(initialView(frame), frame, 300, 200);
    expect(transformOf(one, frame).scale).toBeCloseTo(1);
    expect(viewForKey(one, frame, '0')).toEqual(initialView(frame));
    expect(transformOf(viewForKey(one, frame, '+')!, frame).scale).toBeCloseTo(1.25);
    expect(viewForKey(one, frame, 'x')).toBeNull();
  });

  it('never zooms out past fit nor pans the photo away', () => {
    expect(zoomAt(initialView(frame), frame, 0.1).zoom).toBe(1);
    const far = panBy(initialView(frame), frame, -1e6, 1e6);
    expect([far.cx, far.cy]).toEqual([6000, 0]);
  });

  it('places the second photo by its alignment, or fitted in the first one frame', () => {
    expect(
      placement(
        [
          [0.9, -0.1, 30],
          [0.1, 0.9, 40],
          [0, 0, 1],
        ],
        frame,
        frame,
      ),
    ).toBe('matrix(0.9, 0.1, -0.1, 0.9, 30, 40)');
    expect(placement(null, { width: 6000, height: 4000 }, { width: 3000, height: 3000 })).toBe('matrix(1.3333333333333333, 0, 0, 1.3333333333333333, 1000, 0)');
  });

  it('places a homography with matrix3d, exactly where the alignment maps each pixel', () => {
    const css = placement(tiltedMatrix, frame, frame);
    expect(css).toMatch(/^matrix3d\(/);
    const p = placementOf(tiltedMatrix, frame, frame);
    for (const [x, y] of [
      [0, 0],
      [6000, 0],
      [6000, 4000],
      [1234, 3210],
    ] as const) {
      const [ex, ey] = place(p, x, y);
      const [cx, cy] = applyMatrix3d(css, x, y);
      expect(cx).toBeCloseTo(ex, 6);
      expect(cy).toBeCloseTo(ey, 6);
      // And back: the colour pick finds the second photo's own pixel under a point of the first.
      const [ux, uy] = unplace(p, ex, ey);
      expect(ux).toBeCloseTo(x, 6);
      expect(uy).toBeCloseTo(y, 6);
    }
    // Its local scale varies across the photo (perspective); the fit's does not.
    expect(localScale(p, 6000, 0)).not.toBeCloseTo(localScale(p, 0, 0), 2);
    expect(localScale(placementOf(null, frame, { width: 3000, height: 2000 }), 0, 0)).toBeCloseTo(2, 9);
  });

  it('finds the second photo pixel under a point of the first photo frame (manual point picking)', () => {
    const fitted = placementOf(null, { width: 6000, height: 4000 }, { width: 3000, height: 3000 });
    expect(unplace(fitted, 1000 + 1.3333333333333333 * 1500, 1.3333333333333333 * 600).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1500, 600]);
  });

  it('asks for the original only when the rendition is drawn larger than it is', () => {
    expect(needsOriginal(1500, 2048, 6000)).toBe(false);
    expect(needsOriginal(2500, 2048, 6000)).toBe(true);
    expect(needsOriginal(2500, 2048, 2048)).toBe(false);
  });
});
