// What the signature pad records (docs/consent.md, "What the pad records"): every coalesced pointer
// sample with its time, pressure and tilt, in CSS pixels of the pad. A mouse reports pressure 0.5
// while a button is down and tilt 0 because the Pointer Events spec says it must, not because it
// measured anything: we record null for what the pointer cannot measure. Pure, so it is tested
// without a browser.
import type { SignaturePoint } from '../../../shared/consent';

export interface PadRecording {
  readonly strokes: readonly (readonly SignaturePoint[])[];
  readonly padWidth: number;
  readonly padHeight: number;
  readonly devicePixelRatio: number;
}

/** The parts of a PointerEvent a sample needs (a coalesced event has the same fields). */
export interface PointerSample {
  readonly clientX: number;
  readonly clientY: number;
  readonly timeStamp: number;
  readonly pressure: number;
  readonly tiltX: number;
  readonly tiltY: number;
  readonly pointerType: string;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** One sample relative to the pad's top-left corner and to `startedAt` (the pad's first moment). */
export function samplePoint(event: PointerSample, pad: { readonly left: number; readonly top: number }, startedAt: number): SignaturePoint {
  const pointerType = event.pointerType === 'pen' || event.pointerType === 'touch' ? event.pointerType : 'mouse';
  // Touch tilt is always 0 by spec and a mouse has neither pressure nor tilt: only report what
  // the device measures.
  const pressure = pointerType === 'mouse' ? null : round(clamp(event.pressure, 0, 1), 4);
  const tilt = pointerType === 'pen';
  return {
    x: round(event.clientX - pad.left, 2),
    y: round(event.clientY - pad.top, 2),
    t: round(Math.max(0, event.timeStamp - startedAt), 2),
    pressure,
    tiltX: tilt ? clamp(Math.round(event.tiltX), -90, 90) : null,
    tiltY: tilt ? clamp(Math.round(event.tiltY), -90, 90) : null,
    pointerType,
  };
}

/**
 * The least we accept as a signature: a tap, a dot, a short dash or a tiny scribble is not one.
 * Measured in CSS pixels and milliseconds of ink on the pad (time between strokes does not count).
 * The extent (the larger side of the box around all the ink) and the points are also what the core
 * requires (main/core/consent/record-consent.ts), so the pad never accepts what the core refuses.
 */
export const MINIMUM_SIGNATURE = { pathLengthPx: 120, inkDurationMs: 300, points: 10, extentPx: 40 } as const;

export interface SignatureMeasure {
  readonly pathLengthPx: number;
  readonly inkDurationMs: number;
  readonly points: number;
  readonly extentPx: number;
}

export function measureSignature(strokes: readonly (readonly SignaturePoint[])[]): SignatureMeasure {
  let pathLengthPx = 0;
  let inkDurationMs = 0;
  let points = 0;
  const all = strokes.flat();
  const span = (values: number[]) => (values.length === 0 ? 0 : Math.max(...values) - Math.min(...values));
  const extentPx = Math.max(span(all.map((p) => p.x)), span(all.map((p) => p.y)));
  for (const stroke of strokes) {
    points += stroke.length;
    let previous: SignaturePoint | undefined;
    for (const point of stroke) {
      if (previous) pathLengthPx += Math.hypot(point.x - previous.x, point.y - previous.y);
      previous = point;
    }
    const first = stroke[0];
    if (first && previous) inkDurationMs += previous.t - first.t;
  }
  return { pathLengthPx, inkDurationMs, points, extentPx };
}

/** Why this is not yet a signature (the signing screen words it in the form's language); null when it is one. */
export function signatureProblem(strokes: readonly (readonly SignaturePoint[])[]): 'empty' | 'too-short' | null {
  if (strokes.length === 0) return 'empty';
  const m = measureSignature(strokes);
  const min = MINIMUM_SIGNATURE;
  if (m.pathLengthPx < min.pathLengthPx || m.inkDurationMs < min.inkDurationMs || m.points < min.points || m.extentPx < min.extentPx) {
    return 'too-short';
  }
  return null;
}
