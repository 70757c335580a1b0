import { describe, expect, it } from 'vitest';
import { hasCjk, scriptRuns } from './pdf-text';

describe('scriptRuns', () => {
  it('splits CJK runs (with their punctuation) from the rest, in order, losing nothing', () => {
    const text = 'Consent 同意书。 and 日本語、한국어 end';
    const runs = scriptRuns(text);
    expect(runs).toEqual([
      { cjk: false, text: 'Consent ' },
      { cjk: true, text: '同意书。' },
      { cjk: false, text: ' and ' },
      { cjk: true, text: '日本語、한국어' },
      { cjk: false, text: ' end' },
    ]);
    expect(runs.map((r) => r.text).join('')).toBe(text);
  });

  it('keeps Latin, Greek, Cyrillic and Arabic in the body font', () => {
    expect(hasCjk('Ελληνικά Кириллица العربية café')).toBe(false);
    expect(scriptRuns('')).toEqual([{ cjk: false, text: '' }]);
  });
});
