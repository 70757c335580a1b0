// A signed consent as the PDF builder receives it: an English form with Greek, Cyrillic and Arabic
// words in it, a parent signing for a minor, a witness, and a pen-and-mouse signature. Shared by the
// PDF tests (pdf.test.ts, pdf-locale.test.ts).
import sharp from 'sharp';
import type { ConsentPdfInput, SignaturePoint } from '../../../../shared/consent';

export const TEXT = `I agree that Harbour Dermatology may take photographs of me.
Each use below is my own choice; I may withdraw any of them later, which does not undo a use already made.
Ελληνικά · Кириллица · العربية`;

function pen(x: number, y: number, t: number): SignaturePoint {
  return { x, y, t, pressure: 0.4 + (t % 7) / 20, tiltX: 12, tiltY: -8, pointerType: 'pen' };
}
function mouse(x: number, y: number, t: number): SignaturePoint {
  return { x, y, t, pressure: null, tiltX: null, tiltY: null, pointerType: 'mouse' };
}

async function signaturePng(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="220"><rect width="600" height="220" fill="white"/><path d="M40 160 C 120 20, 200 200, 280 90 S 420 40, 560 150" stroke="#102040" stroke-width="6" fill="none"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

export async function consentPdfInput(overrides: Partial<ConsentPdfInput> = {}): Promise<ConsentPdfInput> {
  return {
    consentId: '0123456789abcdef0123456789abcdef',
    clinicName: 'Harbour Dermatology',
    workstationId: 'ws-7f3a9c',
    patient: { name: 'Mira Okafor', mrn: 'MRN-20417', birthDate: '1988-03-14' },
    template: { id: 'fedcba9876543210fedcba9876543210', version: 3, name: 'Photo consent', language: 'en' },
    text: TEXT,
    textSha256: 'a'.repeat(63) + 'b',
    decisions: [
      { scope: 'clinical', decision: 'grant', expiresOn: null },
      { scope: 'education', decision: 'grant', expiresOn: '2027-12-31' },
      { scope: 'marketing', decision: 'refuse', expiresOn: null },
      { scope: 'social', decision: 'refuse', expiresOn: null },
    ],
    limits: { bodySites: ['39937001'], faceMayBeVisible: false },
    signers: {
      signer: { role: 'parent', name: 'Ada Okafor', relationship: 'mother', authority: 'parental responsibility' },
      minorAssent: { name: 'Mira Okafor', given: true },
      witness: { name: 'Sam Reyes' },
      interpreter: null,
    },
    identityCheck: { staffName: 'Dr Ada Admin', method: 'photo-id', note: 'passport' },
    signature: {
      png: await signaturePng(),
      strokes: [
        [pen(10, 20, 0), pen(30, 25, 8), pen(60, 40, 16)],
        [mouse(80, 40, 400), mouse(120, 44, 416)],
      ],
      padWidth: 800,
      padHeight: 300,
      devicePixelRatio: 2,
    },
    signedAt: '2026-12-06T02:50:11.000Z',
    recordedAt: '2026-12-06T02:50:12.000Z',
    recordedBy: 'admin',
    ...overrides,
  };
}

