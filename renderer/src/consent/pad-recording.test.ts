import { describe, expect, it } from 'vitest';
import type { SignaturePoint } from '../../../shared/consent';
import { MINIMUM_SIGNATURE, measureSignature, samplePoint, signatureProblem, type PointerSample } from './pad-recording';

const pad = { left: 100, top: 50 };
const event = (over: Partial<PointerSample>): PointerSample => ({ clientX: 110, clientY: 60, timeStamp: 1000, pressure: 0.5, tiltX: 0, tiltY: 0, pointerType: 'mouse', ...over });

function line(fromX: number, length: number, durationMs: number, samples: number): SignaturePoint[] {
  return Array.from({ length: samples }, (_, i) => ({
    x: fromX + (length * i) / (samples - 1),
    y: 40,
    t: (durationMs * i) / (samples - 1),
    pressure: null,
    tiltX: null,
    tiltY: null,
    pointerType: 'mouse' as const,
  }));
}

describe('samplePoint', () => {
  it("records a mouse's pressure and tilt as absent, not the spec's 0.5 and 0", () => {
    const p = samplePoint(event({ pointerType: 'mouse', pressure: 0.5 }), pad, 400);
    expect(p).toEqual({ x: 10, y: 10, t: 600, pressure: null, tiltX: null, tiltY: null, pointerType: 'mouse' });
  });

  it("keeps a pen's pressure and tilt, clamped to the contract's ranges", () => {
    const p = samplePoint(event({ pointerType: 'pen', pressure: 0.73, tiltX: 31.6, tiltY: -120 }), pad, 0);
    expect(p).toMatchObject({ pressure: 0.73, tiltX: 32, tiltY: -90, pointerType: 'pen' });
  });

  it('keeps touch pressure but not the tilt a finger cannot have', () => {
    const p = samplePoint(event({ pointerType: 'touch', pressure: 1.4 }), pad, 0);
    expect(p).toMatchObject({ pressure: 1, tiltX: null, tiltY: null, pointerType: 'touch' });
  });

  it('never records a time before the pad was shown', () => {
    expect(samplePoint(event({ timeStamp: 5 }), pad, 10).t).toBe(0);
  });
});

describe('signatureProblem', () => {
  it('refuses an empty pad', () => {
    expect(signatureProblem([])).toBe('empty');
  });

  it('refuses a tap, a short dash and a fast flick', () => {
    expect(signatureProblem([line(0, 0, 0, 1)])).toBe('too-short');
    expect(signatureProblem([line(0, 60, 800, 20)])).toBe('too-short');
    expect(signatureProblem([line(0, 400, 80, 20)])).toBe('too-short');
  });

  it('accepts a signature just over the minimum, counting ink across strokes but not the pauses', () => {
    const half = MINIMUM_SIGNATURE.pathLengthPx / 2 + 1;
    const strokes = [line(0, half, 200, 6), line(300, half, 200, 6)];
    expect(measureSignature(strokes)).toEqual({ pathLengthPx: expect.closeTo(2 * half, 5), inkDurationMs: 400, points: 12, extentPx: 300 + half });
    expect(signatureProblem(strokes)).toBeNull();
    // A long, slow scribble inside a box smaller than the minimum extent is refused too.
    const scribble = Array.from({ length: 60 }, (_, i) => ({ ...line(0, 0, 0, 1)[0]!, x: (i % 2) * 30, y: (i % 3) * 10, t: i * 20 }));
    expect(measureSignature([scribble]).pathLengthPx).toBeGreaterThan(MINIMUM_SIGNATURE.pathLengthPx);
    expect(signatureProblem([scribble])).toBe('too-short');
    // The same ink in less time than the minimum is still refused.
    expect(signatureProblem([line(0, 2 * half, MINIMUM_SIGNATURE.inkDurationMs - 1, 12)])).toBe('too-short');
  });
});
