// Wristband decoding with barcodes generated in the test by zxing-wasm's writer, photographed the
// way a webcam would see them: on a larger grey field, JPEG-compressed, and slightly blurred.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { decodeBarcodes } from './decode';

beforeAll(async () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
});

async function photographed(text: string, format: 'QRCode' | 'Code128'): Promise<Buffer> {
  const written = await writeBarcode(text, { format, scale: 4 });
  expect(written.error).toBe('');
  const png = Buffer.from(await written.image!.arrayBuffer());
  const code = await sharp(png).flatten({ background: '#ffffff' }).toBuffer();
  return sharp({ create: { width: 1280, height: 720, channels: 3, background: '#7a7068' } })
    .composite([{ input: code, left: 400, top: 200 }])
    .blur(0.8)
    .jpeg({ quality: 80 })
    .toBuffer();
}

describe('wristband barcode decoding (core, zxing-wasm from node_modules)', () => {
  it.each(['QRCode', 'Code128'] as const)('reads a %s from a camera frame', async (format) => {
    const codes = await decodeBarcodes(await photographed('MRN-004217', format));
    expect(codes).toEqual([{ format: format === 'QRCode' ? 'QRCode' : 'Code128', text: 'MRN-004217' }]);
  });

  it('finds nothing in a frame without a barcode', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#999' } }).jpeg().toBuffer();
    expect(await decodeBarcodes(blank)).toEqual([]);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(decodeBarcodes(Buffer.from('not an image at all'))).rejects.toBeDefined();
  });
});
