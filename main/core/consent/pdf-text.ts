// Text in the consent PDF in the font its script needs: runs of Chinese, Japanese or Korean in the
// CJK font, everything else in the body font, written as one continued line so wrapping and
// spacing stay pdfkit's. pdfkit has no font fallback of its own.
import type { ConsentPdfFonts } from './pdf-fonts';
import { ConsentFontMissing } from './pdf-fonts';

export type Weight = 'body' | 'bold';

const CJK_RUN = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]+)/u;

export interface ScriptRun {
  readonly cjk: boolean;
  readonly text: string;
}

export function scriptRuns(text: string): ScriptRun[] {
  const runs = text
    .split(CJK_RUN)
    .map((part, i) => ({ cjk: i % 2 === 1, text: part }))
    .filter((r) => r.text.length > 0);
  return runs.length > 0 ? runs : [{ cjk: false, text }];
}

export const hasCjk = (text: string): boolean => CJK_RUN.test(text);

/** Registers the fonts (the CJK ones only when `needCjk`, as a collection is large to parse). */
export function registerFonts(doc: PDFKit.PDFDocument, fonts: ConsentPdfFonts, needCjk: boolean): void {
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  if (!needCjk) return;
  if (!fonts.cjk) throw new ConsentFontMissing('cjk');
  doc.registerFont('body-cjk', fonts.cjk.regular.file, fonts.cjk.regular.family);
  doc.registerFont('bold-cjk', fonts.cjk.bold.file, fonts.cjk.bold.family);
}

/**
 * Writes `text` at `at` (or where the cursor is), switching fonts per script run. pdfkit drops a
 * line break that sits alone in a continued run, so a text with CJK is written line by line;
 * a text without keeps pdfkit's own paragraph handling.
 */
export function writeRuns(doc: PDFKit.PDFDocument, weight: Weight, text: string, options: PDFKit.Mixins.TextOptions = {}, at?: { x: number; y: number }): void {
  if (!hasCjk(text) || !text.includes('\n')) return writeLine(doc, weight, text, options, at);
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    // An empty line still takes a line's height, as it does in a single text call.
    writeLine(doc, weight, line === '' ? ' ' : line, { ...options, continued: last ? options.continued : false }, i === 0 ? at : undefined);
  });
}

function writeLine(doc: PDFKit.PDFDocument, weight: Weight, text: string, options: PDFKit.Mixins.TextOptions = {}, at?: { x: number; y: number }): void {
  const runs = scriptRuns(text);
  runs.forEach((run, i) => {
    const opts = { ...options, continued: i < runs.length - 1 ? true : (options.continued ?? false) };
    doc.font(run.cjk ? `${weight}-cjk` : weight);
    if (i === 0 && at) doc.text(run.text, at.x, at.y, opts);
    else doc.text(run.text, opts);
  });
}
