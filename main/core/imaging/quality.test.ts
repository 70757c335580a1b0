// The quality checks against their calibration set: every defect variant of every base image is
// flagged by exactly its own check, and every good image passes. The printed table is what
// docs/capture-standards.md records (run with CALIBRATION_TABLE=1 to see it).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectImage } from './inspect';
import { QUALITY_THRESHOLDS, failedChecks, scoreQuality } from './quality';
import { BASE_IMAGES, VARIANTS, makeVariant } from './test-images';

const EXPECTED = { good: [], blurred: ['blur'], dark: ['underexposed'], bright: ['overexposed'], glare: ['glare'] } as const;

describe('quality checks on the calibration set', () => {
  it.each(BASE_IMAGES.map((b) => [b.name, b] as const))('%s: each defect is flagged by its check, the good photo passes', async (_name, base) => {
    const good = await base.render(1800, 1200);
    for (const variant of VARIANTS) {
      const q = (await inspectImage(await makeVariant(good, variant))).quality;
      if (process.env.CALIBRATION_TABLE) console.log(`${base.name} | ${variant} | ${JSON.stringify(q)}`);
      expect(q.failed, `${base.name} ${variant}`).toEqual(EXPECTED[variant]);
    }
  });
});

describe('scoreQuality', () => {
  const flat = (value: number, w = 64, h = 48) => ({ data: new Uint8Array(w * h * 3).fill(value), width: w, height: h, channels: 3 });

  it('scores a flat mid-grey frame as unsharp but well exposed', () => {
    const q = scoreQuality(flat(128));
    expect(q).toMatchObject({ sharpness: 0, darkClipped: 0, brightClipped: 0, glare: 0, failed: ['blur'] });
    expect(q.meanLuminance).toBeCloseTo(128 / 255, 2);
  });

  it('measures clipping and a sharp checkerboard', () => {
    const w = 64;
    const h = 64;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill((x + y) % 2 ? 255 : 0, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const q = scoreQuality({ data, width: w, height: h, channels: 3 });
    expect(q.darkClipped).toBeCloseTo(0.5, 2);
    expect(q.brightClipped).toBeCloseTo(0.5, 2);
    expect(q.sharpness).toBeGreaterThan(10_000);
  });

  it('leaves blur and glare unjudged when the exposure is wrong', () => {
    expect(failedChecks({ sharpness: 0, meanLuminance: 0.05, darkClipped: 0.9, brightClipped: 0, glare: 0 })).toEqual(['underexposed']);
    expect(failedChecks({ sharpness: 0, meanLuminance: 0.95, darkClipped: 0, brightClipped: 0.9, glare: 0.5 })).toEqual(['overexposed']);
    expect(failedChecks({ sharpness: QUALITY_THRESHOLDS.minSharpness - 1, meanLuminance: 0.5, darkClipped: 0, brightClipped: 0.02, glare: 0.02 })).toEqual(['blur', 'glare']);
  });

  it('is computed on the rendition the thumbnail comes from, whatever the source size', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#777' } }).jpeg().toBuffer();
    const r = await inspectImage(big);
    expect(r.quality.meanLuminance).toBeCloseTo(0x77 / 255, 1);
    expect(r.width).toBe(4000);
  });
});
