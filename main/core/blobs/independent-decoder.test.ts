// The independent WebCrypto decoder (written from docs/storage-format.md alone) reads what the
// app seals, at every size class, and the worked example printed in the document.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBlob, sealBlob } from './blob-format';
import { SealedBlobRejected, decodeSealedBlob, fromHex } from './independent-decoder';

const key = randomBytes(32);
const id = randomBytes(16);

describe('independent decoder reads blobs sealed by the app', () => {
  const cases: Array<[string, number, number]> = [
    ['0 bytes', 0, 16],
    ['1 byte', 1, 16],
    ['exactly one segment', 1024, 10],
    ['one segment + 1', 1025, 10],
    ['several segments', 5 * 1024 + 333, 10],
    ['several full segments', 4 * 4096, 12],
    ['several 64 KiB segments', 2 * 65536 + 1, 16],
  ];
  it.each(cases)('%s (%i bytes, exponent %i)', async (_name, length, exponent) => {
    const plaintext = randomBytes(length);
    const sealed = sealBlob(key, id, plaintext, exponent);
    const decoded = await decodeSealedBlob(key, id, sealed, { byteSize: length, sha256: createHash('sha256').update(plaintext).digest('hex') });
    expect(Buffer.from(decoded).equals(plaintext)).toBe(true);
  });

  it('checks the expected length and hash from the database row when given', async () => {
    const plaintext = randomBytes(100);
    const sealed = sealBlob(key, id, plaintext, 10);
    const sha256 = createHash('sha256').update(plaintext).digest('hex');
    const reason = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (e instanceof SealedBlobRejected ? e.reason : String(e)));
    expect(await reason(decodeSealedBlob(key, id, sealed, { byteSize: 101, sha256 }))).toBe('length-mismatch');
    expect(await reason(decodeSealedBlob(key, id, sealed, { byteSize: 100, sha256: '0'.repeat(64) }))).toBe('hash-mismatch');
  });
});

describe('the worked example in docs/storage-format.md', () => {
  const doc = readFileSync(path.resolve(__dirname, '../../../docs/storage-format.md'), 'utf8');
  const block = /<!-- worked-example:begin -->([\s\S]*?)<!-- worked-example:end -->/.exec(doc)?.[1] ?? '';
  const field = (name: string) => fromHex(new RegExp(`^${name}\\s+([0-9a-f]+)$`, 'm').exec(block)?.[1] ?? '');

  it('decodes with both decoders to the documented plaintext', async () => {
    const [exampleKey, exampleId, plaintext, sealed] = [field('key'), field('blob id'), field('plaintext'), field('sealed')];
    expect(Buffer.from(plaintext).toString('utf8')).toBe('Sealed-blob example.\n');
    expect(sealed.length).toBe(32 + plaintext.length + 16);
    expect(Buffer.from(await decodeSealedBlob(exampleKey, exampleId, sealed))).toEqual(Buffer.from(plaintext));
    expect(openBlob(Buffer.from(exampleKey), Buffer.from(exampleId), Buffer.from(sealed))).toEqual(Buffer.from(plaintext));
  });
});
