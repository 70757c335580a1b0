// The sealed-blob format as the app writes it: round trips at the sizes that matter (empty, one
// byte, segment boundaries), and the byte layout that docs/storage-format.md promises.
import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import {
  DEFAULT_SEGMENT_EXPONENT,
  HEADER_BYTES,
  TAG_BYTES,
  makeHeader,
  openBlob,
  openSegment,
  parseHeader,
  sealBlob,
  segmentLayout,
  segmentNonce,
} from './blob-format';

const key = randomBytes(32);
const blobId = randomBytes(16);
const E = 10;
const S = 2 ** E;

const sealedSize = (length: number, segmentSize: number) => HEADER_BYTES + length + TAG_BYTES * Math.max(1, Math.ceil(length / segmentSize));

function tamperCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CoreError) return `${error.code}: ${error.message}`;
    return `not a CoreError: ${String(error)}`;
  }
  return 'accepted';
}

describe('sealBlob / openBlob round trips', () => {
  it.each([0, 1, S - 1, S, S + 1, 2 * S, 3 * S + 5])('%i bytes with 1 KiB segments', (length) => {
    const plaintext = randomBytes(length);
    const sealed = sealBlob(key, blobId, plaintext, E);
    expect(sealed.length).toBe(sealedSize(length, S));
    expect(openBlob(key, blobId, sealed).equals(plaintext)).toBe(true);
  });

  it('uses 64 KiB segments by default and round trips a multi-segment photo', () => {
    expect(DEFAULT_SEGMENT_EXPONENT).toBe(16);
    const plaintext = randomBytes(3 * 65536 + 1234);
    const sealed = sealBlob(key, blobId, plaintext);
    expect(sealed[6]).toBe(16);
    expect(sealed.length).toBe(sealedSize(plaintext.length, 65536));
    expect(openBlob(key, blobId, sealed).equals(plaintext)).toBe(true);
  });

  it('never writes the plaintext, and seals the same input differently each time', () => {
    const plaintext = Buffer.from('Patient: Ingrid Marsh-Okafor, lesion left forearm. '.repeat(60));
    const a = sealBlob(key, blobId, plaintext, E);
    const b = sealBlob(key, blobId, plaintext, E);
    expect(a.includes(Buffer.from('Ingrid'))).toBe(false);
    expect(a.subarray(24, 31).equals(b.subarray(24, 31))).toBe(false); // fresh nonce prefix
    expect(a.subarray(HEADER_BYTES).equals(b.subarray(HEADER_BYTES))).toBe(false);
  });
});

describe('byte layout', () => {
  it('writes the 32-byte header field by field', () => {
    const sealed = sealBlob(key, blobId, randomBytes(10), 12);
    expect(sealed.subarray(0, 4).toString('latin1')).toBe('CPWB');
    expect([sealed[4], sealed[5], sealed[6], sealed[7], sealed[31]]).toEqual([1, 1, 12, 0, 0]);
    expect(sealed.subarray(8, 24).equals(blobId)).toBe(true);
    const header = parseHeader(sealed, blobId);
    expect(header.segmentSize).toBe(4096);
    expect(header.noncePrefix.equals(sealed.subarray(24, 31))).toBe(true);
    expect(header.bytes.equals(sealed.subarray(0, 32))).toBe(true);
  });

  it('builds nonces as prefix ‖ u32be counter ‖ last flag', () => {
    const header = makeHeader(blobId, E);
    const nonce = segmentNonce(header, 0x01020304, true);
    expect(nonce.length).toBe(12);
    expect(nonce.subarray(0, 7).equals(header.noncePrefix)).toBe(true);
    expect([...nonce.subarray(7)]).toEqual([1, 2, 3, 4, 1]);
    expect(segmentNonce(header, 2, false)[11]).toBe(0);
  });

  it('each segment is plain AES-256-GCM with the documented nonce and the header as AAD', () => {
    const plaintext = randomBytes(2 * S + 7);
    const sealed = sealBlob(key, blobId, plaintext, E);
    const stride = S + TAG_BYTES;
    const header = sealed.subarray(0, HEADER_BYTES);
    for (const [i, last] of [[0, false], [1, false], [2, true]] as const) {
      const start = HEADER_BYTES + i * stride;
      const segment = sealed.subarray(start, Math.min(sealed.length, start + stride));
      const nonce = Buffer.concat([header.subarray(24, 31), Buffer.from([0, 0, 0, i, last ? 1 : 0])]);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(header);
      decipher.setAuthTag(segment.subarray(segment.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(segment.subarray(0, segment.length - TAG_BYTES)), decipher.final()]);
      expect(plain.equals(plaintext.subarray(i * S, (i + 1) * S))).toBe(true);
    }
  });

  it('an exact multiple of the segment size has no trailing empty segment', () => {
    const sealed = sealBlob(key, blobId, randomBytes(2 * S), E);
    const header = parseHeader(sealed, blobId);
    expect(segmentLayout(header, sealed.length)).toEqual({ count: 2, lastCipherBytes: S + TAG_BYTES });
  });

  it('an empty blob is one tag-only segment', () => {
    const sealed = sealBlob(key, blobId, Buffer.alloc(0), E);
    expect(sealed.length).toBe(HEADER_BYTES + TAG_BYTES);
    expect(segmentLayout(parseHeader(sealed, blobId), sealed.length)).toEqual({ count: 1, lastCipherBytes: TAG_BYTES });
  });

  it('opens single segments, which is how ranges are streamed', () => {
    const plaintext = randomBytes(3 * S + 100);
    const sealed = sealBlob(key, blobId, plaintext, E);
    const header = parseHeader(sealed, blobId);
    const stride = S + TAG_BYTES;
    const middle = openSegment(key, header, 1, false, sealed.subarray(HEADER_BYTES + stride, HEADER_BYTES + 2 * stride));
    expect(middle.equals(plaintext.subarray(S, 2 * S))).toBe(true);
    // The same bytes opened as if they were the last segment must fail: the flag is authenticated.
    expect(tamperCode(() => openSegment(key, header, 1, true, sealed.subarray(HEADER_BYTES + stride, HEADER_BYTES + 2 * stride)))).toMatch(
      /^BLOB_TAMPERED: .*authentication failed/,
    );
  });
});

describe('header construction guards', () => {
  it('refuses blob ids that are not 16 bytes and segment exponents outside 10..24', () => {
    expect(() => makeHeader(randomBytes(15))).toThrow('blob id must be 16 bytes');
    expect(() => makeHeader(blobId, 9)).toThrow('segment exponent out of range');
    expect(() => makeHeader(blobId, 25)).toThrow('segment exponent out of range');
    expect(makeHeader(blobId, 10).segmentSize).toBe(1024);
    expect(makeHeader(blobId, 24).segmentSize).toBe(16 * 1024 * 1024);
  });
});
