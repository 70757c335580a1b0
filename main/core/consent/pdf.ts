// The signed consent record as a PDF (docs/consent.md, "The signed PDF"): the exact text the signer
// saw and its SHA-256, each use granted or refused with its expiry, the limits, the signers and who
// checked identity, the signature as the pad drew it, the times and the workstation. The raw pointer
// stream rides along as an embedded JSON file, so the record keeps what a signature is, not only a
// picture of it. PDF/A-3b (the PDF/A part that allows embedded files), fonts embedded, so the record
// reads the same in any viewer in twenty years. A pure function of its input: no clock, no disk
// beyond the font files. Its fixed words and dates are in the signing's language (pdf-i18n.ts), laid
// out right to left for Arabic (pdf-rtl.ts).
import PDFDocument from 'pdfkit';
import { CONSENT_SCOPES, type ConsentPdfInput } from '../../../shared/consent';
import { findConsentPdfFonts, type ConsentPdfFonts } from './pdf-fonts';
import { pdfText, type PdfText } from './pdf-i18n';
import { ltrLayout, MARGIN, type PdfLayout } from './pdf-layout';
import { recordRtlLigaturesInVisualOrder, rtlLayout } from './pdf-rtl';
import { strokesAttachment, STROKES_ATTACHMENT_NAME } from './pdf-strokes';
import { hasCjk, registerFonts } from './pdf-text';

const SIGNATURE_BOX = { width: 300, height: 110 };

interface Page {
  readonly doc: PDFKit.PDFDocument;
  readonly layout: PdfLayout;
  readonly text: PdfText;
}

export async function renderConsentPdf(input: ConsentPdfInput, fonts: ConsentPdfFonts = findConsentPdfFonts()): Promise<Buffer> {
  const recordedAt = new Date(input.recordedAt);
  const text = pdfText(input.template.language);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    lang: input.template.language,
    displayTitle: true,
    info: {
      Title: text.t('meta.title', { id: input.consentId }),
      Author: input.clinicName,
      Subject: text.t('meta.subject', { name: input.template.name, version: input.template.version }),
      Keywords: `consent; template-sha256=${input.textSha256}; workstation=${input.workstationId}`,
      Creator: 'Clinic Photo Workstation',
      CreationDate: recordedAt,
      ModDate: recordedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // Every text a person typed (form, names, notes) decides whether the CJK font is needed.
  registerFonts(doc, fonts, hasCjk(JSON.stringify({ ...input, signature: null })));
  const page: Page = { doc, text, layout: text.direction === 'rtl' ? rtlLayout(doc) : ltrLayout(doc) };

  header(page, input);
  page.layout.section(text.t('section.text'));
  // 9.5 pt fits a template's usual ~90-character source lines on A4 without ragged re-wrapping.
  page.layout.paragraph(input.text, 9.5, { gap: 2 });
  page.layout.paragraph(text.t('textSha', { hash: input.textSha256 }), 8, { color: '#444' });
  decisions(page, input);
  limits(page, input);
  signers(page, input);
  signature(page, input);
  times(page, input);
  recordRtlLigaturesInVisualOrder(doc);

  doc.file(strokesAttachment(input), {
    name: STROKES_ATTACHMENT_NAME,
    type: 'application/json',
    description: text.t('meta.strokes'),
    relationship: 'Data',
    creationDate: new Date(input.signedAt),
    modifiedDate: new Date(input.signedAt),
  });
  doc.end();
  return done;
}

function header({ doc, layout, text }: Page, input: ConsentPdfInput): void {
  layout.heading(input.clinicName, 16);
  layout.heading(text.t('title'), 13);
  doc.moveDown(0.3);
  const { patient, template } = input;
  layout.line(text.t('label.patient'), text.t('patient.value', { name: patient.name, mrn: patient.mrn, birthDate: text.date(patient.birthDate) }));
  layout.line(text.t('label.form'), text.t('form.value', { name: template.name, version: template.version, language: template.language }));
  layout.line(text.t('label.record'), input.consentId);
}

function decisions({ layout, text }: Page, input: ConsentPdfInput): void {
  layout.section(text.t('section.uses'));
  const byScope = new Map(input.decisions.map((d) => [d.scope, d]));
  for (const scope of CONSENT_SCOPES) {
    const d = byScope.get(scope);
    const answer = d === undefined ? text.t('answer.notAsked') : d.decision === 'grant' ? text.t('answer.granted') : text.t('answer.refused');
    const expiry = d?.decision === 'grant' ? (d.expiresOn ? text.t('expiry.lastDay', { date: text.date(d.expiresOn) }) : text.t('expiry.none')) : '';
    layout.row([`${text.t(`scope.${scope}`)} (${scope})`, answer, expiry]);
  }
}

function limits({ layout, text }: Page, input: ConsentPdfInput): void {
  layout.section(text.t('section.limits'));
  const sites = input.limits.bodySites;
  layout.line(text.t('label.bodySites'), sites === null ? text.t('bodySites.all') : text.t('bodySites.only', { codes: sites.join(', ') }));
  layout.line(text.t('label.face'), input.limits.faceMayBeVisible ? text.t('yes') : text.t('no'));
}

function signers({ layout, text }: Page, input: ConsentPdfInput): void {
  layout.section(text.t('section.signers'));
  const { signer, minorAssent, witness, interpreter } = input.signers;
  const who = signer.role === 'patient' ? signer.name : text.t('signer.detail', { name: signer.name, relationship: signer.relationship ?? '', authority: signer.authority ?? '' });
  layout.line(text.t(`role.${signer.role}`), who);
  if (minorAssent) layout.line(text.t('label.minorAssent'), `${minorAssent.name}: ${minorAssent.given ? text.t('assent.given') : text.t('assent.notGiven')}`);
  if (witness) layout.line(text.t('label.witness'), witness.name);
  if (interpreter) layout.line(text.t('label.interpreter'), `${interpreter.name} (${interpreter.language})`);
  const { staffName, method, note } = input.identityCheck;
  const how = text.t(`identity.${method}`);
  layout.line(text.t('label.identity'), note ? text.t('identity.valueWithNote', { staff: staffName, method: how, note }) : text.t('identity.value', { staff: staffName, method: how }));
}

function signature({ doc, layout, text }: Page, input: ConsentPdfInput): void {
  // The heading, the box and its caption stay on one page.
  if (doc.y + SIGNATURE_BOX.height + 70 > doc.page.height - MARGIN) doc.addPage();
  layout.section(text.t('section.signature'));
  const top = doc.y;
  const left = layout.boxX(SIGNATURE_BOX.width);
  doc.rect(left, top, SIGNATURE_BOX.width, SIGNATURE_BOX.height).lineWidth(0.5).strokeColor('#888').stroke();
  doc.image(Buffer.from(input.signature.png), left + 4, top + 4, {
    fit: [SIGNATURE_BOX.width - 8, SIGNATURE_BOX.height - 8],
    align: 'center',
    valign: 'center',
  });
  doc.x = MARGIN;
  doc.y = top + SIGNATURE_BOX.height + 4;
  const { strokes } = input.signature;
  const points = strokes.reduce((n, s) => n + s.length, 0);
  const types = [...new Set(strokes.flat().map((p) => p.pointerType))].join(', ');
  layout.paragraph(text.t('signature.caption', { strokes: strokes.length, points, types, file: STROKES_ATTACHMENT_NAME }), 8, { color: '#444' });
}

function times({ layout, text }: Page, input: ConsentPdfInput): void {
  layout.section(text.t('section.record'));
  layout.line(text.t('label.signedAt'), text.dateTime(input.signedAt));
  layout.line(text.t('label.recordedAt'), text.t('recordedBy', { time: text.dateTime(input.recordedAt), user: input.recordedBy }));
  layout.line(text.t('label.workstation'), input.workstationId);
  layout.line(text.t('label.textSha'), input.textSha256);
}
