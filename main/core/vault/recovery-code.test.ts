// Recovery code format: entropy, grouping, forgiving input, and the checksum catching typos.
import { describe, expect, it } from 'vitest';
import { ALPHABET, formatRecoveryCode, generateRecoveryCode, normaliseRecoveryCode, recoveryChecksum } from './recovery-code';

const code = () => formatRecoveryCode(generateRecoveryCode());

describe('recovery codes', () => {
  it('are 8 groups of 4 Crockford base32 characters, the last group a checksum', () => {
    const shown = code();
    expect(shown).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    const canonical = shown.replace(/-/g, '');
    expect(recoveryChecksum(canonical.slice(0, 28))).toBe(canonical.slice(28));
  });

  it('carry 140 random bits: no repeats, and every symbol turns up in every position', () => {
    const codes = Array.from({ length: 400 }, generateRecoveryCode);
    expect(new Set(codes).size).toBe(codes.length);
    const first = new Set(codes.map((c) => c[0]));
    expect(first.size).toBeGreaterThan(28); // 32 symbols, 400 draws
  });

  it('accept lower case, spaces, missing hyphens, and O/I/L for 0/1', () => {
    const canonical = generateRecoveryCode();
    const typed = ` ${formatRecoveryCode(canonical).toLowerCase().replace(/-/g, ' ')} `;
    expect(normaliseRecoveryCode(typed)).toBe(canonical);
    const withLetters = canonical.replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normaliseRecoveryCode(withLetters)).toBe(canonical);
  });

  it('catch every single-character typo and every swap of two neighbours', () => {
    const canonical = generateRecoveryCode();
    let caught = 0;
    let tried = 0;
    for (let i = 0; i < canonical.length; i++) {
      for (const c of ALPHABET) {
        if (c === canonical[i]) continue;
        tried++;
        try {
          normaliseRecoveryCode(canonical.slice(0, i) + c + canonical.slice(i + 1));
        } catch (error) {
          if ((error as { code?: string }).code === 'INVALID_RECOVERY_CODE') caught++;
        }
      }
    }
    // The 20-bit checksum misses a given wrong code with probability 2^-20.
    expect(caught).toBe(tried);
    for (let i = 0; i + 1 < canonical.length; i++) {
      if (canonical[i] === canonical[i + 1]) continue;
      const swapped = canonical.slice(0, i) + canonical[i + 1] + canonical[i] + canonical.slice(i + 2);
      expect(() => normaliseRecoveryCode(swapped)).toThrow(/mistyped/);
    }
  });

  it('refuse wrong lengths and characters outside the alphabet (U is not a symbol)', () => {
    const canonical = generateRecoveryCode();
    expect(() => normaliseRecoveryCode(canonical.slice(1))).toThrow(/mistyped/);
    expect(() => normaliseRecoveryCode(`${canonical}0`)).toThrow(/mistyped/);
    expect(() => normaliseRecoveryCode(`U${canonical.slice(1)}`)).toThrow(/mistyped/);
  });
});
