// The signature's raw pointer stream as the JSON file embedded in the signed PDF
// (docs/consent.md, "What the pad records"). Self-describing, so a reader years later needs no code
// of ours to interpret it: units, the pad's size and pixel ratio, one array of samples per stroke.
import type { ConsentPdfInput } from '../../../shared/consent';

export const STROKES_ATTACHMENT_NAME = 'signature-strokes.json';
export const STROKES_FORMAT = 'clinic-photo-signature/1';

export function strokesAttachment(input: ConsentPdfInput): Buffer {
  const { strokes, padWidth, padHeight, devicePixelRatio } = input.signature;
  const body = {
    format: STROKES_FORMAT,
    consentId: input.consentId,
    units: { x: 'CSS px from the pad top-left', y: 'CSS px from the pad top-left', t: 'ms since the pad was shown' },
    // Pressure and tilt are null where the pointer does not report them (a mouse), never a default.
    pad: { width: padWidth, height: padHeight, devicePixelRatio },
    signedAt: input.signedAt,
    strokes,
  };
  return Buffer.from(`${JSON.stringify(body, null, 1)}\n`, 'utf8');
}
