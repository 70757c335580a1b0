// How the consent PDF puts its parts on the page, for a left-to-right language: headings, section
// titles, "Label: value" lines, wrapped paragraphs and the three columns of the uses table. The
// right-to-left layout (pdf-rtl.ts) has the same shape, so the builder (pdf.ts) does not know which
// one it writes with.
import { writeRuns, type Weight } from './pdf-text';

export const MARGIN = 50;

/** The three columns of the uses table: the use, the answer, the expiry (left to right here). */
export const COLUMNS = [
  { offset: 0, width: 240 },
  // Wide enough for the longest answer in any shipped language ("No preguntado" is 85 pt).
  { offset: 245, width: 88 },
  { offset: 338, width: 157 },
] as const;

export interface PdfLayout {
  heading(text: string, size: number, weight?: Weight): void;
  section(title: string): void;
  line(label: string, value: string): void;
  paragraph(text: string, size: number, options?: { color?: string; gap?: number }): void;
  row(cells: readonly [string, string, string]): void;
  /** Where a box of `width` starts on the line: at the margin the text starts from. */
  boxX(width: number): number;
}

export function ltrLayout(doc: PDFKit.PDFDocument): PdfLayout {
  return {
    heading(text, size, weight = 'bold') {
      doc.fontSize(size);
      writeRuns(doc, weight, text);
    },
    section(title) {
      doc.moveDown(0.6);
      if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
      doc.font('bold').fontSize(11).text(title, MARGIN);
      doc.moveDown(0.2);
    },
    line(label, value) {
      doc.font('bold').fontSize(10).text(`${label}: `, MARGIN, doc.y, { continued: true });
      writeRuns(doc, 'body', value);
    },
    paragraph(text, size, { color = 'black', gap = 0 } = {}) {
      doc.fontSize(size).fillColor(color);
      writeRuns(doc, 'body', text, { align: 'left', paragraphGap: gap });
      doc.fillColor('black');
    },
    row([use, answer, expiry]) {
      const y = doc.y;
      doc.font('body').fontSize(10).text(use, MARGIN + COLUMNS[0].offset, y, { width: COLUMNS[0].width });
      const after = doc.y;
      doc.font('bold').text(answer, MARGIN + COLUMNS[1].offset, y, { width: COLUMNS[1].width });
      doc.font('body').text(expiry, MARGIN + COLUMNS[2].offset, y, { width: COLUMNS[2].width });
      doc.x = MARGIN;
      doc.y = Math.max(after, doc.y);
    },
    boxX: () => MARGIN,
  };
}
