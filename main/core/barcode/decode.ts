// Wristband barcodes decoded in the core (Node) with zxing-wasm, the WebAssembly build of ZXing-C++.
// Decoding here rather than in the renderer keeps the renderer's CSP free of 'wasm-unsafe-eval';
// the renderer sends one camera frame at a time (a few hundred kB of JPEG). zxing-wasm fetches its
// .wasm from a CDN unless told otherwise: the binary is read from node_modules and handed over as
// `wasmBinary`, so nothing is fetched from the network.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

export interface DecodedBarcode {
  readonly format: string;
  readonly text: string;
}

/** Wristband symbologies: Code 128 and QR are the common ones; Data Matrix and PDF417 occur too. */
const READER_OPTIONS: ReaderOptions = {
  formats: ['Code128', 'QRCode', 'DataMatrix', 'PDF417', 'Code39'],
  tryHarder: true,
  tryRotate: true,
  maxNumberOfSymbols: 4,
};

let ready: Promise<unknown> | null = null;

/** Instantiates the reader from the local .wasm once per process. */
export function loadBarcodeReader(): Promise<unknown> {
  ready ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const bytes = await readFile(wasmPath);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })().catch((error: unknown) => {
    ready = null;
    throw error;
  });
  return ready;
}

/** Decodes every barcode in an encoded image (JPEG or PNG). Invalid symbols are dropped. */
export async function decodeBarcodes(image: Uint8Array): Promise<DecodedBarcode[]> {
  await loadBarcodeReader();
  // libvips decodes (and so validates) the frame; a webcam frame is downscaled to at most 1920 px,
  // which keeps wristband codes readable and decoding fast. Throws on anything that is not an image.
  const { data, info } = await sharp(image, { limitInputPixels: 40_000_000 })
    .rotate()
    .resize({ width: 1920, height: 1920, fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, colorSpace: 'srgb' as const };
  // zxing-wasm reads any ImageData-shaped object; Node has no ImageData class.
  const results = await readBarcodes(pixels as unknown as Parameters<typeof readBarcodes>[0], READER_OPTIONS);
  const seen = new Set<string>();
  const out: DecodedBarcode[] = [];
  for (const r of results) {
    if (!r.isValid || !r.text) continue;
    const key = `${r.format}\u0000${r.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ format: r.format, text: r.text });
  }
  return out;
}
