// The PDF step of recording a signed consent, in one place: the record's facts in, the PDF's
// bytes out. The full rendering is renderConsentPdf (pdf.ts, from the consent UI branch); until
// that is merged, the import below names the interim plain-text rendering with the same signature.
import type { ConsentPdfInput } from '../../../shared/consent';
import { renderInterimPdf as renderConsentPdf } from './interim-pdf';

export function renderSignedRecord(input: ConsentPdfInput): Promise<Buffer> {
  return renderConsentPdf(input);
}
