// Renders the otpauth:// enrollment URI as a QR code PNG with zxing-wasm's writer, in the core, so
// the renderer only shows an image (through a blob: URL, which its CSP allows) and needs no codec.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

let ready: Promise<unknown> | null = null;

/** Loads the writer's WebAssembly from the package on disk; nothing is fetched. */
function prepare(): Promise<unknown> {
  ready ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm');
    const bytes = await readFile(wasmPath);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })().catch((error: unknown) => {
    ready = null;
    throw error;
  });
  return ready;
}

export async function qrCodePng(text: string): Promise<Buffer> {
  await prepare();
  const result = await writeBarcode(text, { format: 'QRCode', ecLevel: 'M', scale: 6 });
  if (result.error || !result.image) throw new Error(`qr code writer failed: ${result.error}`);
  return Buffer.from(await result.image.arrayBuffer());
}
