// Security gate: every tampering that docs/storage-format.md section 5.4 says a decoder MUST reject,
// checked against the app's decoder (openBlob) and the independent WebCrypto decoder, which must
// agree on the reason. Blobs are sealed by the app with 1 KiB segments so several segments are cheap.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import { HEADER_BYTES, TAG_BYTES, openBlob, sealBlob } from './blob-format';
import { SealedBlobRejected, decodeSealedBlob } from './independent-decoder';

const E = 10;
const S = 2 ** E;
const STRIDE = S + TAG_BYTES;
const key = randomBytes(32);
const id = randomBytes(16);
const otherId = randomBytes(16);

const three = randomBytes(3 * S - 72); // 3 segments, the last one partial
const A3 = sealBlob(key, id, three, E);
const two = randomBytes(2 * S); // 2 full segments
const A2 = sealBlob(key, id, two, E);
// Same key and same id, so only the format's own bindings (nonce prefix in the header AAD) can tell them apart.
const B3 = sealBlob(key, id, randomBytes(3 * S - 72), E);
const C3 = sealBlob(key, otherId, randomBytes(3 * S - 72), E);
const empty = sealBlob(key, id, Buffer.alloc(0), E);

const seg = (file: Buffer, i: number) => file.subarray(HEADER_BYTES + i * STRIDE, Math.min(file.length, HEADER_BYTES + (i + 1) * STRIDE));
const flip = (file: Buffer, offset: number) => {
  const copy = Buffer.from(file);
  copy[offset]! ^= 0x01;
  return copy;
};
const setByte = (file: Buffer, offset: number, value: number) => {
  const copy = Buffer.from(file);
  copy[offset] = value;
  return copy;
};

type Reason = SealedBlobRejected['reason'];

interface Tampering {
  readonly name: string;
  readonly file: Buffer;
  readonly reason: Reason;
  readonly expectedId?: Buffer;
  readonly key?: Buffer;
}

const last3 = HEADER_BYTES + 2 * STRIDE; // offset of A3's last segment
const TAMPERINGS: Tampering[] = [
  { name: 'file shorter than a header', file: A3.subarray(0, 20), reason: 'short-file' },
  { name: 'empty file', file: Buffer.alloc(0), reason: 'short-file' },
  { name: 'bad magic', file: setByte(A3, 0, 0x44), reason: 'bad-magic' },
  { name: 'flipped bit in magic', file: flip(A3, 3), reason: 'bad-magic' },
  { name: 'unknown version 2', file: setByte(A3, 4, 2), reason: 'bad-version' },
  { name: 'version 0', file: setByte(A3, 4, 0), reason: 'bad-version' },
  { name: 'unknown algorithm 2', file: setByte(A3, 5, 2), reason: 'bad-algorithm' },
  { name: 'reserved byte 7 set', file: setByte(A3, 7, 1), reason: 'bad-reserved' },
  { name: 'reserved byte 31 set', file: setByte(A3, 31, 0x80), reason: 'bad-reserved' },
  { name: 'segment exponent 9', file: setByte(A3, 6, 9), reason: 'bad-segment-exponent' },
  { name: 'segment exponent 25', file: setByte(A3, 6, 25), reason: 'bad-segment-exponent' },
  { name: 'segment exponent changed within range', file: setByte(A3, 6, 11), reason: 'authentication-failed' },
  { name: 'flipped bit in blob id', file: flip(A3, 12), reason: 'blob-id-mismatch' },
  { name: 'flipped bit in nonce prefix', file: flip(A3, 27), reason: 'authentication-failed' },
  { name: 'flipped bit in first segment ciphertext', file: flip(A3, HEADER_BYTES + 5), reason: 'authentication-failed' },
  { name: 'flipped bit in first segment tag', file: flip(A3, HEADER_BYTES + S + 3), reason: 'authentication-failed' },
  { name: 'flipped bit in middle segment ciphertext', file: flip(A3, HEADER_BYTES + STRIDE + 700), reason: 'authentication-failed' },
  { name: 'flipped bit in last segment ciphertext', file: flip(A3, last3 + 1), reason: 'authentication-failed' },
  { name: 'flipped bit in last segment tag', file: flip(A3, A3.length - 1), reason: 'authentication-failed' },
  { name: 'flipped bit in the empty blob tag', file: flip(empty, HEADER_BYTES), reason: 'authentication-failed' },
  { name: 'header only', file: A3.subarray(0, HEADER_BYTES), reason: 'truncated' },
  { name: 'empty blob without its tag', file: empty.subarray(0, HEADER_BYTES + TAG_BYTES - 1), reason: 'truncated' },
  { name: 'last segment cut shorter than a tag', file: A3.subarray(0, last3 + 10), reason: 'truncated' },
  { name: 'truncated at a segment boundary (last segment dropped)', file: A3.subarray(0, last3), reason: 'authentication-failed' },
  { name: 'truncated to the first segment', file: A3.subarray(0, HEADER_BYTES + STRIDE), reason: 'authentication-failed' },
  { name: 'last byte cut off', file: A3.subarray(0, A3.length - 1), reason: 'authentication-failed' },
  { name: 'first two segments swapped', file: Buffer.concat([A3.subarray(0, HEADER_BYTES), seg(A3, 1), seg(A3, 0), seg(A3, 2)]), reason: 'authentication-failed' },
  { name: 'full segments of an exact-multiple blob swapped', file: Buffer.concat([A2.subarray(0, HEADER_BYTES), seg(A2, 1), seg(A2, 0)]), reason: 'authentication-failed' },
  { name: 'a segment from another blob appended', file: Buffer.concat([A2, seg(B3, 0)]), reason: 'authentication-failed' },
  { name: 'its own last segment appended again', file: Buffer.concat([A2, seg(A2, 1)]), reason: 'authentication-failed' },
  { name: 'one byte appended', file: Buffer.concat([A3, Buffer.from([0])]), reason: 'authentication-failed' },
  { name: 'a tag-sized tail appended', file: Buffer.concat([A2, Buffer.alloc(TAG_BYTES)]), reason: 'authentication-failed' },
  { name: 'a segment replaced by the same segment of another blob', file: Buffer.concat([A3.subarray(0, last3), seg(B3, 2)]), reason: 'authentication-failed' },
  { name: 'header from another blob with the same id', file: Buffer.concat([B3.subarray(0, HEADER_BYTES), A3.subarray(HEADER_BYTES)]), reason: 'authentication-failed' },
  { name: 'header from a blob with another id', file: Buffer.concat([C3.subarray(0, HEADER_BYTES), A3.subarray(HEADER_BYTES)]), reason: 'blob-id-mismatch' },
  { name: 'the whole file of another record', file: C3, reason: 'blob-id-mismatch' },
  { name: 'the right file opened for another record', file: A3, expectedId: otherId, reason: 'blob-id-mismatch' },
  { name: 'the wrong key', file: A3, key: randomBytes(32), reason: 'authentication-failed' },
];

/** The app's messages for each reason (shared/errors code is BLOB_TAMPERED for all). */
const APP_MESSAGE: Record<Reason, RegExp> = {
  'short-file': /short header/,
  'bad-magic': /not a sealed blob/,
  'bad-version': /unknown format/,
  'bad-algorithm': /unknown format/,
  'bad-reserved': /unknown format/,
  'bad-segment-exponent': /bad segment size/,
  'blob-id-mismatch': /belongs to another record/,
  truncated: /truncated/,
  'too-many-segments': /truncated/,
  'authentication-failed': /authentication failed/,
  'length-mismatch': /content hash/,
  'hash-mismatch': /content hash/,
};

describe('sealed blob tampering', () => {
  it('the untampered fixtures open with both decoders', async () => {
    expect(openBlob(key, id, A3).equals(three)).toBe(true);
    expect(Buffer.from(await decodeSealedBlob(key, id, A3)).equals(three)).toBe(true);
    expect(Buffer.from(await decodeSealedBlob(key, id, A2)).equals(two)).toBe(true);
    expect(openBlob(key, id, empty).length).toBe(0);
  });

  describe.each(TAMPERINGS)('$name', (t) => {
    it(`app decoder: BLOB_TAMPERED (${t.reason})`, () => {
      let caught: unknown;
      try {
        openBlob(t.key ?? key, t.expectedId ?? id, t.file);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CoreError);
      expect((caught as CoreError).code).toBe('BLOB_TAMPERED');
      expect((caught as CoreError).message).toMatch(APP_MESSAGE[t.reason]);
    });

    it(`independent decoder: ${t.reason}`, async () => {
      const outcome = await decodeSealedBlob(t.key ?? key, t.expectedId ?? id, t.file).then(
        () => 'accepted',
        (error: unknown) => (error instanceof SealedBlobRejected ? error.reason : `unexpected ${String(error)}`),
      );
      expect(outcome).toBe(t.reason);
    });
  });
});
