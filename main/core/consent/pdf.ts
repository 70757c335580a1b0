// The signed consent record as a PDF (docs/consent.md, "The signed PDF"): the exact text the signer
// saw and its SHA-256, each use granted or refused with its expiry, the limits, the signers and who
// checked identity, the signature as the pad drew it, the times and the workstation. The raw pointer
// stream rides along as an embedded JSON file, so the record keeps what a signature is, not only a
// picture of it. PDF/A-3b (the PDF/A part that allows embedded files), fonts embedded, so the record
// reads the same in any viewer in twenty years. A pure function of its input: no clock, no disk
// beyond the font files.
import PDFDocument from 'pdfkit';
import { CONSENT_SCOPES, CONSENT_SCOPE_LABELS, type ConsentPdfInput } from '../../../shared/consent';
import { findConsentPdfFonts, type ConsentPdfFonts } from './pdf-fonts';
import { strokesAttachment, STROKES_ATTACHMENT_NAME } from './pdf-strokes';
import { hasCjk, registerFonts, writeRuns } from './pdf-text';

const MARGIN = 50;
const SIGNATURE_BOX = { width: 300, height: 110 };
const ROLE_LABELS: Readonly<Record<ConsentPdfInput['signers']['signer']['role'], string>> = {
  patient: 'Patient',
  parent: 'Parent',
  guardian: 'Guardian',
  'legal-representative': 'Legal representative',
};
const IDENTITY_LABELS: Readonly<Record<ConsentPdfInput['identityCheck']['method'], string>> = {
  'photo-id': 'photo identification',
  wristband: 'wristband',
  'known-to-staff': 'known to staff',
  other: 'other means',
};

export async function renderConsentPdf(input: ConsentPdfInput, fonts: ConsentPdfFonts = findConsentPdfFonts()): Promise<Buffer> {
  const recordedAt = new Date(input.recordedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    lang: input.template.language,
    displayTitle: true,
    info: {
      Title: `Photo consent ${input.consentId}`,
      Author: input.clinicName,
      Subject: `Signed photo consent, template "${input.template.name}" version ${input.template.version}`,
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

  header(doc, input);
  section(doc, 'Text shown to the signer');
  // 9.5 pt fits a template's usual ~90-character source lines on A4 without ragged re-wrapping.
  doc.fontSize(9.5);
  writeRuns(doc, 'body', input.text, { align: 'left', paragraphGap: 2 });
  doc.font('body').fontSize(8).fillColor('#444').text(`SHA-256 of this text: ${input.textSha256}`).fillColor('black');
  decisions(doc, input);
  limits(doc, input);
  signers(doc, input);
  signature(doc, input);
  times(doc, input);

  doc.file(strokesAttachment(input), {
    name: STROKES_ATTACHMENT_NAME,
    type: 'application/json',
    description: 'The raw pointer stream of the signature (coalesced pointer events)',
    relationship: 'Data',
    creationDate: new Date(input.signedAt),
    modifiedDate: new Date(input.signedAt),
  });
  doc.end();
  return done;
}

function header(doc: PDFKit.PDFDocument, input: ConsentPdfInput): void {
  doc.fontSize(16);
  writeRuns(doc, 'bold', input.clinicName);
  doc.font('bold').fontSize(13).text('Photo consent: signed record');
  doc.moveDown(0.3);
  const { patient, template } = input;
  line(doc, 'Patient', `${patient.name}   MRN ${patient.mrn}   born ${patient.birthDate}`);
  line(doc, 'Form', `${template.name}, version ${template.version} (${template.language})`);
  line(doc, 'Record', input.consentId);
}

function decisions(doc: PDFKit.PDFDocument, input: ConsentPdfInput): void {
  section(doc, 'Uses of the photos');
  const byScope = new Map(input.decisions.map((d) => [d.scope, d]));
  for (const scope of CONSENT_SCOPES) {
    const d = byScope.get(scope);
    const answer = d === undefined ? 'Not asked' : d.decision === 'grant' ? 'GRANTED' : 'REFUSED';
    const expiry = d?.decision === 'grant' ? (d.expiresOn ? `last day ${d.expiresOn}` : 'no expiry') : '';
    const y = doc.y;
    doc.font('body').fontSize(10).text(`${CONSENT_SCOPE_LABELS[scope]} (${scope})`, MARGIN, y, { width: 250 });
    const after = doc.y;
    doc.font('bold').text(answer, MARGIN + 260, y, { width: 75 });
    doc.font('body').text(expiry, MARGIN + 340, y, { width: 155 });
    doc.x = MARGIN;
    doc.y = Math.max(after, doc.y);
  }
}

function limits(doc: PDFKit.PDFDocument, input: ConsentPdfInput): void {
  section(doc, 'Limits');
  const sites = input.limits.bodySites;
  line(doc, 'Body sites', sites === null ? 'All body sites' : `Only SNOMED CT ${sites.join(', ')}`);
  line(doc, 'Face may be visible', input.limits.faceMayBeVisible ? 'Yes' : 'No');
}

function signers(doc: PDFKit.PDFDocument, input: ConsentPdfInput): void {
  section(doc, 'Signers');
  const { signer, minorAssent, witness, interpreter } = input.signers;
  const detail = signer.role === 'patient' ? '' : ` (${signer.relationship ?? ''}; authority: ${signer.authority ?? ''})`;
  line(doc, ROLE_LABELS[signer.role], `${signer.name}${detail}`);
  if (minorAssent) line(doc, "Minor's assent", `${minorAssent.name}: ${minorAssent.given ? 'given' : 'not given'}`);
  if (witness) line(doc, 'Witness', witness.name);
  if (interpreter) line(doc, 'Interpreter', `${interpreter.name} (${interpreter.language})`);
  const { staffName, method, note } = input.identityCheck;
  line(doc, 'Identity checked by', `${staffName}, by ${IDENTITY_LABELS[method]}${note ? ` (${note})` : ''}`);
}

function signature(doc: PDFKit.PDFDocument, input: ConsentPdfInput): void {
  // The heading, the box and its caption stay on one page.
  if (doc.y + SIGNATURE_BOX.height + 70 > doc.page.height - MARGIN) doc.addPage();
  section(doc, 'Signature');
  const top = doc.y;
  doc.rect(MARGIN, top, SIGNATURE_BOX.width, SIGNATURE_BOX.height).lineWidth(0.5).strokeColor('#888').stroke();
  doc.image(Buffer.from(input.signature.png), MARGIN + 4, top + 4, {
    fit: [SIGNATURE_BOX.width - 8, SIGNATURE_BOX.height - 8],
    align: 'center',
    valign: 'center',
  });
  doc.x = MARGIN;
  doc.y = top + SIGNATURE_BOX.height + 4;
  const { strokes } = input.signature;
  const points = strokes.reduce((n, s) => n + s.length, 0);
  const types = [...new Set(strokes.flat().map((p) => p.pointerType))].join(', ');
  doc
    .font('body')
    .fontSize(8)
    .fillColor('#444')
    .text(`${strokes.length} strokes, ${points} points (${types}); the raw strokes are attached as ${STROKES_ATTACHMENT_NAME}.`)
    .fillColor('black');
}

function times(doc: PDFKit.PDFDocument, input: ConsentPdfInput): void {
  section(doc, 'Record');
  line(doc, 'Signed at', utc(input.signedAt));
  line(doc, 'Recorded at', `${utc(input.recordedAt)} by ${input.recordedBy}`);
  line(doc, 'Workstation', input.workstationId);
  line(doc, 'Text SHA-256', input.textSha256);
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  doc.moveDown(0.6);
  if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
  doc.font('bold').fontSize(11).text(title, MARGIN);
  doc.moveDown(0.2);
}

function line(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.font('bold').fontSize(10).text(`${label}: `, MARGIN, doc.y, { continued: true });
  writeRuns(doc, 'body', value);
}

/** "2026-12-06 02:41:57 UTC": the record's times are UTC, as the audit log's are. */
function utc(iso: string): string {
  return `${new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}
