// A plain-text PDF of a signed consent, used by signed-document.ts until the full rendering
// (pdf.ts, renderConsentPdf: PDF/A, embedded fonts, the signature image and strokes, from the
// consent UI branch) is merged; the merge replaces this module's one import there. It writes the
// same facts as text (template, hash, choices, signers, times, workstation) with the standard
// Helvetica font, one object table, and nothing outside Latin-1 (other characters become '?').
import { CONSENT_SCOPE_LABELS, type ConsentPdfInput } from '../../../shared/consent';

const LINES_PER_PAGE = 60;
const WRAP = 95;

const latin1 = (s: string): string => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
const escapePdf = (s: string): string => latin1(s).replace(/[\\()]/g, (c) => `\\${c}`);

function wrap(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line.length + word.length + 1 > WRAP && line !== '') {
        out.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(line);
  }
  return out;
}

function linesOf(input: ConsentPdfInput): string[] {
  const s = input.signers;
  return [
    `${input.clinicName}: photo consent ${input.consentId}`,
    `Patient: ${input.patient.name}, MRN ${input.patient.mrn}, born ${input.patient.birthDate}`,
    `Template: ${input.template.name}, version ${input.template.version} (${input.template.language})`,
    `SHA-256 of the text shown: ${input.textSha256}`,
    '',
    ...wrap(input.text),
    '',
    'Choices:',
    ...input.decisions.map((d) => `  ${CONSENT_SCOPE_LABELS[d.scope]}: ${d.decision === 'grant' ? 'GRANTED' : 'REFUSED'}${d.expiresOn ? ` until ${d.expiresOn}` : ''}`),
    `  Body sites: ${input.limits.bodySites === null ? 'all' : input.limits.bodySites.join(', ')}; face may be visible: ${input.limits.faceMayBeVisible ? 'yes' : 'no'}`,
    '',
    `Signed by: ${s.signer.name} (${s.signer.role}${s.signer.relationship ? `, ${s.signer.relationship}, ${s.signer.authority ?? ''}` : ''})`,
    ...(s.minorAssent ? [`Minor's assent: ${s.minorAssent.name}, ${s.minorAssent.given ? 'given' : 'not given'}`] : []),
    ...(s.witness ? [`Witness: ${s.witness.name}`] : []),
    ...(s.interpreter ? [`Interpreter: ${s.interpreter.name} (${s.interpreter.language})`] : []),
    `Identity checked by ${input.identityCheck.staffName}: ${input.identityCheck.method}${input.identityCheck.note ? ` (${input.identityCheck.note})` : ''}`,
    `Signature: ${input.signature.strokes.length} strokes, ${input.signature.strokes.reduce((n, st) => n + st.length, 0)} points`,
    `Signed at ${input.signedAt}; recorded at ${input.recordedAt} by ${input.recordedBy} on workstation ${input.workstationId}`,
  ];
}

export async function renderInterimPdf(input: ConsentPdfInput): Promise<Buffer> {
  const lines = linesOf(input);
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_PAGE) pages.push(lines.slice(i, i + LINES_PER_PAGE));
  // Objects: 1 catalog, 2 pages, 3 font, then per page a page object and its content stream.
  const objects: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  const kids: string[] = [];
  pages.forEach((page, i) => {
    const pageObj = 4 + i * 2;
    const contentObj = pageObj + 1;
    kids.push(`${pageObj} 0 R`);
    const body = ['BT', '/F1 9 Tf', '11 TL', '40 800 Td', ...page.map((l) => `(${escapePdf(l)}) '`), 'ET'].join('\n');
    objects[pageObj] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentObj} 0 R >>`;
    objects[contentObj] = `<< /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`;
  });
  objects[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let n = 1; n < objects.length; n += 1) {
    offsets[n] = Buffer.byteLength(out, 'latin1');
    out += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < objects.length; n += 1) out += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
