// The signed consent PDF, checked with the tools an auditor would use: qpdf for structure, poppler
// for the text, the fonts, the embedded strokes and a rendering of page 1 (kept in a temp folder
// named in the test output, to look at).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ConsentFontMissing, findConsentPdfFonts } from './pdf-fonts';
import { renderConsentPdf } from './pdf';
import { STROKES_ATTACHMENT_NAME, STROKES_FORMAT } from './pdf-strokes';
import { consentPdfInput as input } from './test-support/pdf-input';

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' });
}

describe('renderConsentPdf', () => {
  it('writes a PDF that qpdf accepts, with the text, choices, signers, times and hash', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-pdf-'));
    const file = path.join(dir, 'consent.pdf');
    const pdf = await renderConsentPdf(await input());
    writeFileSync(file, pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // qpdf exits non-zero (execFileSync throws) on any structural error or warning.
    expect(tool('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
    const text = tool('pdftotext', ['-layout', file, '-']);
    expect(text).toContain('I agree that Harbour Dermatology may take photographs of me.');
    expect(text).toContain('Ελληνικά · Кириллица');
    expect(text).toMatch(/Internal teaching \(education\)\s+GRANTED\s+last day 31 December 2027/);
    expect(text).toMatch(/marketing\)\s+REFUSED/);
    expect(text).toMatch(/publication\)\s+Not asked/);
    expect(text).toContain('Face may be visible: No');
    expect(text).toContain('Ada Okafor (mother; authority: parental responsibility)');
    expect(text).toContain('Witness: Sam Reyes');
    expect(text).toContain('Identity checked by: Dr Ada Admin, by photo identification (passport)');
    expect(text).toContain('Signed at: 6 December 2026 at 02:50:11 UTC (2026-12-06T02:50:11Z)');
    expect(text).toContain('Workstation: ws-7f3a9c');
    expect(text).toContain(`Text SHA-256: ${'a'.repeat(63)}b`);
    // Every font embedded: the record does not depend on the viewer's fonts.
    const fonts = tool('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) expect(row).toMatch(/\byes\s+yes\s+yes\b/);
    const info = tool('pdfinfo', [file]);
    expect(info).toContain('Title:           Photo consent 0123456789abcdef0123456789abcdef');
    expect(info).toMatch(/PDF version:\s+1\.7/);
    // PDF/A-3b identification in the XMP metadata.
    expect(pdf.toString('latin1')).toMatch(/pdfaid:part>3<|pdfaid:part="3"/);
    tool('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const page = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(page).toBeDefined();
    const meta = await sharp(path.join(dir, page ?? '')).metadata();
    expect(meta.width).toBeGreaterThan(400);
    if (process.env.CONSENT_PDF_KEEP) writeFileSync(process.env.CONSENT_PDF_KEEP, readFileSync(path.join(dir, page ?? '')));
  });

  it('embeds the raw strokes as a JSON attachment that equals what the pad recorded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-pdf-'));
    const file = path.join(dir, 'consent.pdf');
    const given = await input();
    writeFileSync(file, await renderConsentPdf(given));
    expect(tool('pdfdetach', ['-list', file])).toContain(STROKES_ATTACHMENT_NAME);
    // PDF/A-3 asks every embedded file to say how it relates to the document.
    expect(readFileSync(file).toString('latin1')).toContain('/AFRelationship /Data');
    const out = path.join(dir, 'strokes.json');
    tool('pdfdetach', ['-save', '1', '-o', out, file]);
    const attached = JSON.parse(readFileSync(out, 'utf8'));
    expect(attached.format).toBe(STROKES_FORMAT);
    expect(attached.pad).toEqual({ width: 800, height: 300, devicePixelRatio: 2 });
    expect(attached.strokes).toEqual(given.signature.strokes);
    // A mouse's pressure stays absent in the record, not a made-up 0.5.
    expect(attached.strokes[1][0].pressure).toBeNull();
  });

  it('keeps a long text on as many pages as it needs, each one valid', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-pdf-'));
    const file = path.join(dir, 'long.pdf');
    const long = Array.from({ length: 120 }, (_, i) => `Paragraph ${i + 1}: the clinic keeps photographs encrypted.`).join('\n');
    writeFileSync(file, await renderConsentPdf(await input({ text: long })));
    tool('qpdf', ['--check', file]);
    expect(Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', [file]))?.[1])).toBeGreaterThan(1);
    const text = tool('pdftotext', [file, '-']);
    expect(text).toContain('Paragraph 120: the clinic keeps photographs encrypted.');
    expect(text).toContain('Signed at: 6 December 2026 at 02:50:11 UTC (2026-12-06T02:50:11Z)');
  });

  it('refuses to render without its font rather than fall back to an unembedded one', () => {
    expect(() => findConsentPdfFonts(['/nonexistent'])).toThrow(ConsentFontMissing);
  });

  it('prints Chinese, Japanese and Korean text and names in an embedded CJK font', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-pdf-'));
    const file = path.join(dir, 'cjk.pdf');
    const base = await input();
    const text = '我同意诊所为我拍摄照片。\n日本語の同意書です。\n한국어 동의서입니다. Latin after.';
    writeFileSync(file, await renderConsentPdf({ ...base, text, template: { ...base.template, language: 'zh' }, signers: { ...base.signers, witness: { name: '王小明' } } }));
    tool('qpdf', ['--check', file]);
    const out = tool('pdftotext', [file, '-']);
    // Each line of the form stays its own line.
    expect(out).toContain('我同意诊所为我拍摄照片。\n日本語の同意書です。\n');
    expect(out).toContain('한국어 동의서입니다. Latin after.');
    expect(out).toContain('Witness: 王小明');
    const fonts = tool('pdffonts', [file]);
    expect(fonts).toMatch(/NotoSansCJK\S*\s.*\byes\s+yes\s+yes\b/);
  });

  it('refuses a record with CJK text when no CJK font is installed, and still prints the rest', async () => {
    const fonts = findConsentPdfFonts(undefined, ['/nonexistent']);
    expect(fonts.cjk).toBeNull();
    await expect(renderConsentPdf({ ...(await input()), text: '我同意' }, fonts)).rejects.toThrow(ConsentFontMissing);
    const pdf = await renderConsentPdf(await input(), fonts);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
