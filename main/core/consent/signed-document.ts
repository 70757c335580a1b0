// The PDF step of recording a signed consent, in one place: the record's facts in, the PDF's
// bytes out (renderConsentPdf in pdf.ts: PDF/A-3b, embedded fonts, the signature image and the raw
// strokes as an embedded file).
import type { ConsentPdfInput } from '../../../shared/consent';
import { renderConsentPdf } from './pdf';

export function renderSignedRecord(input: ConsentPdfInput): Promise<Buffer> {
  return renderConsentPdf(input);
}
