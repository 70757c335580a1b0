import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { THUMBNAIL_EDGE, inspectImage } from './inspect';

const jpeg = (w: number, h: number, orientation?: number) => {
  const img = sharp({ create: { width: w, height: h, channels: 3, background: '#b48264' } }).jpeg();
  return (orientation ? img.withMetadata({ orientation }) : img).toBuffer();
};

describe('inspectImage', () => {
  it('accepts a JPEG and makes a bounded JPEG thumbnail', async () => {
    const r = await inspectImage(await jpeg(3000, 2000));
    expect(r).toMatchObject({ mime: 'image/jpeg', width: 3000, height: 2000 });
    expect(Math.max(r.thumbnail.width, r.thumbnail.height)).toBe(THUMBNAIL_EDGE);
    expect((await sharp(r.thumbnail.bytes).metadata()).format).toBe('jpeg');
  });

  it('accepts a PNG', async () => {
    const png = await sharp({ create: { width: 64, height: 32, channels: 4, background: '#ffffff80' } }).png().toBuffer();
    expect(await inspectImage(png)).toMatchObject({ mime: 'image/png', width: 64, height: 32, thumbnail: { width: 64, height: 32 } });
  });

  it('reports the displayed size of a photo taken in portrait (EXIF orientation 6)', async () => {
    const r = await inspectImage(await jpeg(600, 400, 6));
    expect([r.width, r.height]).toEqual([400, 600]);
    expect([r.thumbnail.width, r.thumbnail.height]).toEqual([320, 480]);
  });

  it('scores and thumbnails a greyscale image and a 16-bit PNG like any other photo', async () => {
    // Vertical 0/255 stripes, 4 px wide: half the pixels crushed, half blown, whichever way they are read.
    const stripes = Buffer.alloc(64 * 64, 0).map((_, i) => ((i % 64 >> 2) % 2 ? 255 : 0));
    const grey = await sharp(stripes, { raw: { width: 64, height: 64, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const g = await inspectImage(grey);
    expect(g.quality.darkClipped).toBeCloseTo(0.5, 2);
    expect(g.quality.brightClipped).toBeCloseTo(0.5, 2);
    expect(g.thumbnail).toMatchObject({ width: 64, height: 64 });
    const deep = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#404040' } }).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const d = await inspectImage(deep);
    expect(d.quality.meanLuminance).toBeCloseTo(0x40 / 255, 1);
    expect(d.quality.failed).toEqual(['blur']);
  });

  it.each([
    ['text renamed to .jpg', async () => Buffer.from('this is not an image at all')],
    ['empty file', async () => Buffer.alloc(0)],
    ['truncated JPEG', async () => (await jpeg(800, 600)).subarray(0, 900)],
    ['JPEG header followed by garbage', async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4096, 7)])],
    ['GIF', async () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer()],
  ])('refuses a %s with INVALID_IMAGE', async (_name, make) => {
    await expect(inspectImage(await make())).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
  });
});
