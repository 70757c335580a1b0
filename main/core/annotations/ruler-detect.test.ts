// The automatic calibration against the simulated camera's scale, whose pitch is known exactly
// (half the frame's width is 100 mm: simulated-camera.ts), at several frame sizes and turned
// upright from an EXIF orientation; and no scale found where there is none.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderClinicalScene } from '../capture/simulated-camera';
import { detectRuler } from './ruler-detect';

const knownPxPerMm = (width: number) => (width * 0.5) / 100;

describe('automatic ruler detection', () => {
  it.each([
    [2400, 1600],
    [1200, 800],
    [4000, 2667],
  ])('reads the simulated camera scale at %i×%i within 0.3 percent', async (width, height) => {
    const photo = await renderClinicalScene(width, height, 1, 12345);
    const t0 = performance.now();
    const calibration = await detectRuler(photo);
    const ms = performance.now() - t0;
    expect(calibration).not.toBeNull();
    if (calibration?.source !== 'ruler') throw new Error('expected a detected ruler');
    const c = calibration;
    expect(Math.abs(c.pxPerMm - knownPxPerMm(width)) / knownPxPerMm(width)).toBeLessThan(0.003);
    // The fit's standard error covers the true scale within a few units.
    expect(Math.abs(c.pxPerMm - knownPxPerMm(width))).toBeLessThan(Math.max(5 * c.uncertaintyPxPerMm, 0.002 * knownPxPerMm(width)));
    expect(c.ticks).toBeGreaterThanOrEqual(95);
    // The scale lies along the bottom of the frame, where the camera draws it.
    expect(c.from.y).toBeGreaterThan(height * 0.85);
    expect(c.from.x).toBeCloseTo(width * 0.08, -1);
    console.info(`ruler ${width}×${height}: ${c.pxPerMm.toFixed(4)} px/mm (true ${knownPxPerMm(width)}), ±${c.uncertaintyPxPerMm.toFixed(4)}, ${c.ticks} ticks, ${ms.toFixed(0)} ms`);
  });

  it('reads the scale of a photo stored sideways, in upright coordinates', async () => {
    const photo = await renderClinicalScene(2400, 1600, 2, 777);
    // Pixels turned a quarter, EXIF Orientation 6 says to turn them back: upright it is the same scene.
    const sideways = await sharp(photo).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    const c = await detectRuler(sideways);
    expect(c).not.toBeNull();
    expect(c!.pxPerMm).toBeCloseTo(12, 1);
    expect(c!.from.y).toBeGreaterThan(1600 * 0.85);
  });

  it('finds a vertical scale', async () => {
    const photo = await renderClinicalScene(2400, 1600, 3, 99);
    const turned = await sharp(photo).rotate(90).jpeg({ quality: 92 }).toBuffer();
    const c = await detectRuler(turned);
    expect(c).not.toBeNull();
    expect(c!.pxPerMm).toBeCloseTo(12, 1);
    expect(Math.abs(c!.from.x - c!.to.x)).toBeLessThan(1);
  });

  it('finds nothing in a photo without a scale, or with stripes that are not millimetre marks', async () => {
    const plain = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c89070', noise: { type: 'gaussian', mean: 150, sigma: 20 } } }).jpeg().toBuffer();
    expect(await detectRuler(plain)).toBeNull();
    // Even stripes on a light strip, with no longer fifth marks: a barcode or a gown, not a scale.
    const lines = Array.from({ length: 80 }, (_, i) => `<line x1="${100 + i * 10}" y1="600" x2="${100 + i * 10}" y2="640" stroke="#111" stroke-width="2"/>`).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#c89070"/><rect x="80" y="590" width="840" height="60" fill="#f4f1e6"/>${lines}</svg>`;
    expect(await detectRuler(await sharp(Buffer.from(svg)).jpeg().toBuffer())).toBeNull();
  });
});
