// The UID scheme: PS3.5 9.1 rules (digits and dots, no leading zeros, ≤ 64 characters), the same
// name always giving the same UID, different names different UIDs, and org roots checked.
import { describe, expect, it } from 'vitest';
import { deriveUid, formatUuid, isValidUid, nameBasedUuid, ORG_ROOT_MAX_LENGTH, uidNames } from './uids';

describe('PS3.5 UID validity', () => {
  it('accepts valid UIDs and refuses leading zeros, empty components, letters and > 64 characters', () => {
    for (const ok of ['1.2.840.10008.1.2.4.50', '2.25.0', '2.25.329800735698586629295641978511506172918']) expect(isValidUid(ok), ok).toBe(true);
    for (const bad of ['', '1.02.3', '1..2', '.1', '1.', '1.2.a', `1.${'2'.repeat(63)}`]) expect(isValidUid(bad), bad).toBe(false);
  });
});

describe('name-based UIDs', () => {
  it('makes RFC 9562 version-5 UUIDs (version and variant bits set)', () => {
    const u = formatUuid(nameBasedUuid('sop-instance:x'));
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives the same UID for the same photo and a different one for every other name', () => {
    const photos = Array.from({ length: 2000 }, (_, i) => i.toString(16).padStart(32, '0'));
    const uids = photos.map((p) => deriveUid(uidNames.instance(p), null));
    expect(new Set(uids).size).toBe(photos.length);
    expect(deriveUid(uidNames.instance(photos[7]!), null)).toBe(uids[7]);
    expect(deriveUid(uidNames.study(photos[7]!), null)).not.toBe(uids[7]);
    for (const uid of uids) {
      expect(uid.startsWith('2.25.')).toBe(true);
      expect(isValidUid(uid), uid).toBe(true);
    }
  });

  it('fits an org root into 64 characters with at least 30 digits, always valid', () => {
    for (const root of ['1.2.3', '1.2.826.0.1.3680043.10.543', '1.3.6.1.4.1.99999.123456789.1']) {
      for (let i = 0; i < 300; i++) {
        const uid = deriveUid(uidNames.instance(`photo-${i}`), root);
        expect(uid.startsWith(`${root}.`)).toBe(true);
        expect(isValidUid(uid), uid).toBe(true);
      }
    }
    expect(ORG_ROOT_MAX_LENGTH).toBe(33);
  });

  it('refuses an org root that is not a UID prefix or too long, with VALIDATION_FAILED', () => {
    for (const bad of ['1.02', 'abc', '1.2.', `1.${'2'.repeat(32)}`]) {
      expect(() => deriveUid('x', bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});
