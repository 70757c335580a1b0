// The signed consent PDF in the signing's language (issue 16): the form's language chooses the
// fixed labels and the date formats (Intl), whatever language the staff member's screen is in; an
// Arabic form is laid out right to left in an embedded font with Arabic glyphs. Checked as an
// auditor would: pdftotext for the words, pdftotext -bbox for where they sit, pdffonts for the fonts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsentPdfInput } from '../../../shared/consent';
import { renderConsentPdf } from './pdf';
import { isRtlWord, visualRuns } from './pdf-rtl';
import { consentPdfInput } from './test-support/pdf-input';

const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
/** pdftotext marks right-to-left runs with Unicode embedding controls; the words are what count. */
const words = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e]/g, '').replace(/[ \t]+/g, ' ');

async function render(overrides: Partial<ConsentPdfInput>, name: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-pdf-locale-'));
  const file = path.join(dir, name);
  writeFileSync(file, await renderConsentPdf(await consentPdfInput(overrides)));
  tool('qpdf', ['--check', file]);
  return file;
}

// Without harakat (as most forms are written): pdftotext splits a word at a mark it finds above the line.
const ARABIC_FORM = 'أوافق على أن تلتقط العيادة صورا لي.\nيمكنني سحب أي استخدام لاحقا.';

describe('consent PDF language', () => {
  it('labels and dates follow the form signed (German), not English', async () => {
    const base = await consentPdfInput();
    const file = await render({ template: { ...base.template, name: 'Fotoeinwilligung', language: 'de' } }, 'de.pdf');
    const text = words(tool('pdftotext', ['-layout', file, '-']));
    expect(text).toContain('Fotoeinwilligung: unterschriebener Datensatz');
    expect(text).toContain('Patient/in: Mira Okafor MRN MRN-20417 geboren am 14. März 1988');
    expect(text).toMatch(/Interne Lehre \(education\) ERTEILT letzter Tag 31\. Dezember/);
    expect(text).toMatch(/\(marketing\) ABGELEHNT/);
    expect(text).toMatch(/\(ai-training\) Nicht gefragt/);
    expect(text).toContain('Gesicht darf sichtbar sein: Nein');
    expect(text).toContain('Identität geprüft von: Dr Ada Admin, per Lichtbildausweis (passport)');
    expect(text).toContain('Unterschrieben am: 6. Dezember 2026 um 02:50:11 UTC (2026-12-06T02:50:11Z)');
    expect(text).not.toMatch(/Signed at|GRANTED|Face may be visible/);
    expect(tool('pdfinfo', [file])).toContain('Title:           Fotoeinwilligung 0123456789abcdef0123456789abcdef');
  });

  it('a form in a language the product does not ship keeps English labels', async () => {
    const base = await consentPdfInput();
    const file = await render({ template: { ...base.template, language: 'pt-BR' } }, 'pt.pdf');
    expect(words(tool('pdftotext', [file, '-']))).toContain('Photo consent: signed record');
  });

  it('an Arabic form is right to left, in Arabic, with its Arabic glyphs embedded', async () => {
    const base = await consentPdfInput();
    const file = await render({ text: ARABIC_FORM, template: { ...base.template, name: 'موافقة التصوير', language: 'ar' } }, 'ar.pdf');
    const text = words(tool('pdftotext', [file, '-']));
    // The words come back in reading order: the layout placed them right to left.
    // (pdftotext splits a word at a shadda and moves a colon; the words themselves must be there.)
    expect(text).toContain('موافقة التصوير');
    expect(text).toContain('المريض');
    expect(text).toContain('أوافق على أن تلتقط العيادة صورا لي.');
    // Lam-alef is one glyph; extraction gives its two letters in reading order ("لا", not "ال").
    expect(text).toContain('يمكنني سحب أي استخدام لاحقا.');
    expect(text).toContain('تاريخ الميلاد');
    expect(text).toContain('استخدامات الصور');
    expect(text).toContain('ممنوح');
    expect(text).toContain('مرفوض');
    // Names, ids and dates (Western digits) stay left to right inside the Arabic line.
    expect(text).toContain('Mira Okafor');
    expect(text).toContain('MRN-20417');
    // The date in Arabic words (pdftotext's own reordering moves the neutral colon and spaces around it).
    expect(text).toMatch(/ديسمبر ?2026/);
    expect(text).toContain('2026-12-06T02:50:11Z');
    expect(text).not.toMatch(/Signed at|GRANTED|Patient:/);

    // Every line of the Arabic form ends at the right margin (A4 is 595 pt wide, the margin 50).
    // -bbox lists each word's box, its letters in the order they sit on the page (right to left).
    const bbox = tool('pdftotext', ['-bbox', file, '-']);
    const box = (word: string) => {
      const onPage = [...word].reverse().join('');
      const m = new RegExp(`xMin="([\\d.]+)"[^>]*xMax="([\\d.]+)"[^>]*>${onPage}<`).exec(bbox);
      return { left: Number(m?.[1]), right: Number(m?.[2]) };
    };
    expect(box('أوافق').right).toBeGreaterThan(540);
    expect(box('أوافق').right).toBeLessThanOrEqual(546);
    expect(box('يمكنني').right).toBeGreaterThan(540);
    // The first word of a line is at the right, the last one furthest left.
    expect(box('لي.').right).toBeLessThan(box('أوافق').left);
    expect(tool('pdffonts', [file])).toMatch(/DejaVuSans\S*\s.*\byes\s+yes\s+yes\b/);
  });

  it('keeps a run of left-to-right words in its order and each Arabic word on its own', () => {
    const word = (text: string) => ({ text, weight: 'body' as const, rtl: isRtlWord(text) });
    const runs = visualRuns(['المريض:', 'Mira', 'Okafor', 'MRN-20417', 'تاريخ'].map(word));
    expect(runs.map((r) => r.map((w) => w.text))).toEqual([['المريض:'], ['Mira', 'Okafor', 'MRN-20417'], ['تاريخ']]);
    expect(isRtlWord('—')).toBe(true);
    expect(isRtlWord('2026')).toBe(false);
  });
});
