// TOTP against RFC 6238 Appendix B (all three HMACs, 8 digits) and RFC 4226 Appendix D, plus the
// acceptance rules: ±1 step drift and no replay of a step already used.
import { describe, expect, it } from 'vitest';
import { base32Encode, hotp, matchTotp, otpauthUri, totpAt, totpStep } from './totp';

const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii');

// RFC 6238 Appendix B: time (s) → [SHA1, SHA256, SHA512] 8-digit codes.
const RFC6238: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC6238)('matches Appendix B at T=%i', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(new Date(seconds * 1000));
    expect(hotp(SEED_SHA1, step, 8, 'sha1')).toBe(sha1);
    expect(hotp(SEED_SHA256, step, 8, 'sha256')).toBe(sha256);
    expect(hotp(SEED_SHA512, step, 8, 'sha512')).toBe(sha512);
  });

  it('matches RFC 4226 Appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SEED_SHA1, i))).toEqual(expected);
  });

  it('encodes base32 per RFC 4648', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(SEED_SHA1)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts one step of drift either way, and nothing further', () => {
    const now = new Date(1_700_000_000_000);
    const code = (offsetSteps: number) => totpAt(SEED_SHA1, new Date(now.getTime() + offsetSteps * 30_000));
    const step = totpStep(now);
    expect(matchTotp(SEED_SHA1, code(0), now, null)).toBe(step);
    expect(matchTotp(SEED_SHA1, code(-1), now, null)).toBe(step - 1);
    expect(matchTotp(SEED_SHA1, code(1), now, null)).toBe(step + 1);
    expect(matchTotp(SEED_SHA1, code(-2), now, null)).toBeNull();
    expect(matchTotp(SEED_SHA1, code(2), now, null)).toBeNull();
    expect(matchTotp(SEED_SHA1, 'abcdef', now, null)).toBeNull();
  });

  it('refuses a code from a step already used (replay) or earlier', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    const code = totpAt(SEED_SHA1, now);
    expect(matchTotp(SEED_SHA1, code, now, step)).toBeNull();
    expect(matchTotp(SEED_SHA1, totpAt(SEED_SHA1, new Date(now.getTime() - 30_000)), now, step)).toBeNull();
    expect(matchTotp(SEED_SHA1, totpAt(SEED_SHA1, new Date(now.getTime() + 30_000)), now, step)).toBe(step + 1);
  });

  it('builds an otpauth URI authenticator apps read', () => {
    const text = otpauthUri(SEED_SHA1, 'Harbour Dermatology', 'alice');
    expect(text.startsWith('otpauth://totp/Harbour%20Dermatology:alice?')).toBe(true);
    const uri = new URL(text);
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(uri.searchParams.get('digits')).toBe('6');
  });
});
