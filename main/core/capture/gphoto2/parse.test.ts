// Parsers and error mapping against output recorded from this machine's gphoto2 and written from
// gphoto2's documented formats (e2e/fixtures/gphoto2/README.md says which is which).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from './errors';
import { findJpegEnd, JpegStreamSplitter, SizedFileReader } from './frames';
import { parseAutoDetect, parseFailure, parseVersion } from './parse';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../e2e/fixtures/gphoto2');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('gphoto2 output parsers', () => {
  it('reads the --auto-detect table, with and without cameras', () => {
    expect(parseAutoDetect(fixture('auto-detect-none.stdout.txt'))).toEqual([]);
    expect(parseAutoDetect(fixture('auto-detect-two-cameras.stdout.txt'))).toEqual([
      { model: 'Canon EOS 80D', port: 'usb:001,004' },
      { model: 'Nikon DSC D7500', port: 'usb:002,007' },
    ]);
    // A model that fills its column leaves one space before the port.
    expect(parseAutoDetect('Model  Port\n----------------------------------------------------------\nSony Alpha-A7r IV (Control) usb:003,002\n')).toEqual([
      { model: 'Sony Alpha-A7r IV (Control)', port: 'usb:003,002' },
    ]);
    expect(parseAutoDetect('garbage without a rule')).toEqual([]);
  });

  it('reads the version banner', () => {
    expect(parseVersion(fixture('version.stdout.txt'))).toEqual({ gphoto2: '2.5.28', libgphoto2: '2.5.30' });
    expect(parseVersion('nothing')).toBeNull();
  });

  it('reads error blocks', () => {
    expect(parseFailure(fixture('capture-no-camera.stderr.txt'))).toEqual({ resultCode: -105, messages: ['Could not detect any camera', 'Unknown model'] });
  });

  it.each([
    ['capture-no-camera.stderr.txt', 'CAMERA_NOT_DETECTED'],
    ['directory-browse-capture-unsupported.stderr.txt', 'CAMERA_UNSUPPORTED'],
    ['capture-usb-claimed.stderr.txt', 'CAMERA_BUSY'],
    ['capture-card-full.stderr.txt', 'CAMERA_CARD_FULL'],
    ['capture-disconnected.stderr.txt', 'CAMERA_DISCONNECTED'],
    ['capture-timeout.stderr.txt', 'CAMERA_TIMEOUT'],
  ])('maps %s to %s', (file, code) => {
    expect(classifyFailure(fixture(file))).toBe(code);
  });

  it('maps bare result codes and unknown text', () => {
    expect(classifyFailure("*** Error (-110: 'I/O in progress') ***")).toBe('CAMERA_BUSY');
    expect(classifyFailure("*** Error (-52: 'Could not find the requested device on the USB port') ***")).toBe('CAMERA_DISCONNECTED');
    expect(classifyFailure("*** Error (-1: 'Unspecified error') ***")).toBe('CAPTURE_FAILED');
    expect(classifyFailure('')).toBe('CAPTURE_FAILED');
  });
});

async function jpeg(seed: number, withThumbnail = false): Promise<Buffer> {
  const img = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: seed, g: 100, b: 200 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 80 });
  const bytes = await img.toBuffer();
  if (!withThumbnail) return bytes;
  // An APP1 segment holding a complete little JPEG (SOI…EOI), as EXIF thumbnails do.
  const inner = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).jpeg().toBuffer();
  const payload = Buffer.concat([Buffer.from('Exif\0\0'), inner]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([bytes.subarray(0, 2), app1, payload, bytes.subarray(2)]);
}

describe('MJPEG splitting', () => {
  it('cuts a stream written in arbitrary pieces into whole frames, even with embedded thumbnails', async () => {
    const frames = [await jpeg(10), await jpeg(20, true), await jpeg(30)];
    const stream = Buffer.concat([Buffer.from('junk'), ...frames]);
    for (const piece of [1, 7, 1000, stream.length]) {
      const splitter = new JpegStreamSplitter();
      const got: Buffer[] = [];
      for (let i = 0; i < stream.length; i += piece) got.push(...splitter.push(stream.subarray(i, i + piece)));
      expect(got.map((f) => f.length)).toEqual(frames.map((f) => f.length));
      expect(Buffer.compare(got[1]!, frames[1]!)).toBe(0);
    }
    for (const f of frames) expect(findJpegEnd(f)).toBe(f.length);
    await expect(sharp(frames[1]!).metadata()).resolves.toMatchObject({ width: 64 });
  });

  it('waits for more bytes on a partial frame and skips a fake SOI', async () => {
    const f = await jpeg(40);
    expect(findJpegEnd(f.subarray(0, f.length - 1))).toBeNull();
    expect(findJpegEnd(Buffer.from([0xff, 0xd8, 0x12, 0x34]))).toBe('invalid');
    const splitter = new JpegStreamSplitter();
    expect(splitter.push(Buffer.concat([Buffer.from([0xff, 0xd8, 0x00]), f]))).toHaveLength(1);
  });
});

describe('--stdout-size framing', () => {
  it('separates files from event lines, in any chunking', async () => {
    const a = await jpeg(1);
    const b = await jpeg(2);
    const stream = Buffer.concat([
      Buffer.from('UNKNOWN PTP Property d1a2 changed\n'),
      Buffer.from(`${a.length}\n`),
      a,
      Buffer.from('CAPTURECOMPLETE\n'),
      Buffer.from(`${b.length}\n`),
      b,
    ]);
    for (const piece of [1, 5, 333, stream.length]) {
      const reader = new SizedFileReader();
      const events = [];
      for (let i = 0; i < stream.length; i += piece) events.push(...reader.push(stream.subarray(i, i + piece)));
      expect(events.map((e) => (e.kind === 'file' ? e.bytes.length : e.text))).toEqual(['UNKNOWN PTP Property d1a2 changed', a.length, 'CAPTURECOMPLETE', b.length]);
      expect(reader.truncated).toBe(false);
    }
  });

  it('notices a transfer cut short and refuses absurd sizes', () => {
    const reader = new SizedFileReader();
    reader.push(Buffer.from('5000\nabc'));
    expect(reader.truncated).toBe(true);
    expect(() => new SizedFileReader().push(Buffer.from('999999999999\n'))).toThrow(/implausible/);
  });
});
