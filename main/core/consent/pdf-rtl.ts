// The consent PDF laid out right to left, for Arabic. pdfkit has no bidirectional layout: it
// shapes a string with fontkit (which joins Arabic letters and reverses an Arabic run) but places
// words and runs left to right. So this module does the line layout itself: it wraps words to the
// width, then places them from the right margin leftwards, one word per Arabic run and one block per
// run of left-to-right words (names, MRNs, ids, dates in Western digits), which keeps its own order.
import { COLUMNS, MARGIN, type PdfLayout } from './pdf-layout';
import type { Weight } from './pdf-text';

interface Word {
  readonly text: string;
  readonly weight: Weight;
  readonly rtl: boolean;
}

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
const LTR_CHAR = /[\p{L}\p{N}]/u;

/** A word reads right to left when it has an Arabic or Hebrew letter, or has no letter or digit. */
export const isRtlWord = (text: string): boolean => RTL_LETTER.test(text) || !LTR_CHAR.test(text);

function words(segments: ReadonlyArray<{ text: string; weight: Weight }>): Word[] {
  return segments.flatMap(({ text, weight }) =>
    text
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => ({ text: w, weight, rtl: isRtlWord(w) })),
  );
}

/** Consecutive left-to-right words stay one block in their own order; each Arabic word is its own. */
export function visualRuns(line: readonly Word[]): Word[][] {
  const runs: Word[][] = [];
  for (const word of line) {
    const last = runs.at(-1);
    if (last && !word.rtl && !last[0]!.rtl) last.push(word);
    else runs.push([word]);
  }
  return runs;
}

export function rtlLayout(doc: PDFKit.PDFDocument): PdfLayout {
  const right = doc.page.width - MARGIN;
  const width = right - MARGIN;
  const fontName = (w: Weight) => w;
  const measure = (w: Word) => doc.font(fontName(w.weight)).widthOfString(w.text);
  const space = () => doc.font('body').widthOfString(' ');

  /** Places one line's words from `edge` leftwards at `y`. */
  function place(line: readonly Word[], edge: number, y: number): void {
    let x = edge;
    for (const run of visualRuns(line)) {
      const runWidth = run.reduce((n, w) => n + measure(w), 0) + space() * (run.length - 1);
      let wx = x - runWidth;
      for (const w of run) {
        doc.font(fontName(w.weight)).text(w.text, wx, y, { lineBreak: false });
        wx += measure(w) + space();
      }
      x -= runWidth + space();
    }
  }

  /** Writes segments wrapped to `cellWidth`, right-aligned at `edge`, from `top`; returns the y after. */
  function write(segments: ReadonlyArray<{ text: string; weight: Weight }>, size: number, edge = right, cellWidth = width, top = doc.y): number {
    doc.fontSize(size);
    const height = doc.currentLineHeight(true);
    let y = top;
    const paragraphs = segments.length === 1 ? segments[0]!.text.split('\n').map((text) => [{ text, weight: segments[0]!.weight }]) : [segments];
    for (const paragraph of paragraphs) {
      const lines: Word[][] = [[]];
      for (const word of words(paragraph)) {
        const current = lines.at(-1)!;
        const used = current.reduce((n, w) => n + measure(w) + space(), 0);
        if (current.length > 0 && used + measure(word) > cellWidth) lines.push([word]);
        else current.push(word);
      }
      for (const line of lines) {
        if (y + height > doc.page.height - MARGIN) {
          doc.addPage();
          y = MARGIN;
        }
        place(line, edge, y);
        y += height;
      }
    }
    return y;
  }

  const finish = (y: number) => {
    doc.x = MARGIN;
    doc.y = y;
  };

  return {
    heading(text, size, weight = 'bold') {
      finish(write([{ text, weight }], size));
    },
    section(title) {
      doc.moveDown(0.6);
      if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
      finish(write([{ text: title, weight: 'bold' }], 11));
      doc.moveDown(0.2);
    },
    line(label, value) {
      finish(write([{ text: `${label}:`, weight: 'bold' }, { text: value, weight: 'body' }], 10));
    },
    paragraph(text, size, { color = 'black', gap = 0 } = {}) {
      doc.fillColor(color);
      finish(write([{ text, weight: 'body' }], size) + gap);
      doc.fillColor('black');
    },
    row([use, answer, expiry]) {
      // The table mirrored: the use at the right margin, its expiry at the left.
      const top = doc.y;
      const bottoms = [
        write([{ text: use, weight: 'body' }], 10, right - COLUMNS[0].offset, COLUMNS[0].width, top),
        write([{ text: answer, weight: 'bold' }], 10, right - COLUMNS[1].offset, COLUMNS[1].width, top),
        write([{ text: expiry, weight: 'body' }], 10, right - COLUMNS[2].offset, COLUMNS[2].width, top),
      ];
      finish(Math.max(...bottoms));
    },
    boxX: (boxWidth) => right - boxWidth,
  };
}

const ARABIC_CODE_POINT = /\p{Script=Arabic}/u;

/**
 * Text extraction (copy, search, screen readers, pdftotext) rebuilds an Arabic line by reversing
 * its characters from the visual order; a ligature glyph (lam-alef) maps to its letters, which
 * pdfkit records in reading order, so they came back swapped ("ال" for "لا"). Recording them in
 * visual order makes the extracted text the text that was written. Uses pdfkit's font map
 * (`_fontFamilies[].unicode`, filled as text is laid out): call it after the last text, before end().
 */
export function recordRtlLigaturesInVisualOrder(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { unicode?: Array<number[] | undefined> }> })._fontFamilies ?? {};
  // A font is listed under its registered name and its PostScript name: fix each one once.
  for (const font of new Set(Object.values(families))) {
    font.unicode?.forEach((codePoints, gid) => {
      if (codePoints && codePoints.length > 1 && codePoints.every((c) => ARABIC_CODE_POINT.test(String.fromCodePoint(c)))) font.unicode![gid] = [...codePoints].reverse();
    });
  }
}
