// How the pad draws a signature: perfect-freehand turns each stroke's samples into a smooth outline
// whose width follows the pen's pressure (simulated from speed where the pointer has none), drawn
// on a 2D canvas. The same drawing makes the PNG the signed PDF shows, so the record's picture is a
// pure function of the recorded strokes.
import { getStroke } from 'perfect-freehand';
import type { SignaturePoint } from '../../../shared/consent';
import type { PadRecording } from './pad-recording';

const INK = '#0b1f44';

function outline(stroke: readonly SignaturePoint[], last: boolean): number[][] {
  const measured = stroke.some((p) => p.pressure !== null);
  return getStroke(
    stroke.map((p) => [p.x, p.y, p.pressure ?? 0.5]),
    { size: 5, thinning: 0.55, smoothing: 0.55, streamline: 0.45, simulatePressure: !measured, last },
  );
}

/** Draws the outline as quadratic curves through the midpoints (smooth, without corners). */
function fillOutline(ctx: CanvasRenderingContext2D, points: number[][]): void {
  const [first] = points;
  if (!first || points.length < 2) return;
  ctx.beginPath();
  ctx.moveTo(first[0] ?? 0, first[1] ?? 0);
  points.forEach(([x0 = 0, y0 = 0], i) => {
    if (i === 0) return;
    const [x1 = 0, y1 = 0] = points[(i + 1) % points.length] ?? first;
    ctx.quadraticCurveTo(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2);
  });
  ctx.closePath();
  ctx.fill();
}

/**
 * Draws the strokes at `scale` device pixels per CSS pixel. `inProgress` is the stroke being drawn
 * (its end is not tapered yet).
 */
export function drawInk(ctx: CanvasRenderingContext2D, strokes: readonly (readonly SignaturePoint[])[], scale: number, inProgress?: readonly SignaturePoint[]): void {
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = INK;
  for (const stroke of strokes) fillOutline(ctx, outline(stroke, true));
  if (inProgress && inProgress.length > 0) fillOutline(ctx, outline(inProgress, false));
  ctx.restore();
}

/** The signature as a PNG on white (base64, no data: prefix), at the pad's own pixel density. */
export function signaturePng(recording: PadRecording): string {
  const scale = Math.max(1, Math.min(3, recording.devicePixelRatio));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(recording.padWidth * scale);
  canvas.height = Math.round(recording.padHeight * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  drawInk(ctx, recording.strokes, scale);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
