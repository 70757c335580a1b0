// Finds a millimetre scale ruler in a photo and reads its scale (pixels per millimetre), for the
// automatic calibration. A scale shows as a row of thin dark ticks on a light strip at a constant
// pitch; a millimetre scale also marks every fifth tick longer, so a row a little further along the
// ticks shows the same ticks at five times the pitch. Both are required: skin texture, hair or a
// striped gown rarely repeat that precisely, and a false scale would silently mismeasure every
// lesion. The pitch is the slope of a straight-line fit of tick centre against tick index over the
// whole scale, and its standard error is the calibration's uncertainty. Horizontal and vertical
// scales are found (the photo is read upright); a tilted scale is not, and the user calibrates by
// hand instead.
import sharp from 'sharp';
import type { Calibration } from '../../../shared/annotations/document';

/** Photos wider or taller than this are read at this size; the scale is converted back. */
const WORK_SIZE = 3000;
/** A tick: a local minimum at least this much darker than the brightest pixel near it ... */
const TICK_CONTRAST = 60;
/** ... on a light strip (a printed scale is near white). */
const STRIP_MIN = 160;
/** Fewest consecutive millimetre ticks accepted as a scale (2 cm). */
const MIN_TICKS = 20;
/** Pitches outside this range (pixels per mm, at the working size) are not read. */
const MIN_PITCH = 4;
const MAX_PITCH = 200;
const PITCH_TOLERANCE = 0.15;

interface Chain {
  readonly centres: number[];
  readonly pitch: number;
}

/** Sub-pixel centres of the dark ticks along one line of grey values. */
function tickCentres(line: Uint8Array): number[] {
  const centres: number[] = [];
  const n = line.length;
  for (let x = 3; x < n - 3; x++) {
    const g = line[x]!;
    if (!(g <= line[x - 1]! && g < line[x + 1]!)) continue;
    let bright = 0;
    for (let k = -4; k <= 4; k++) bright = Math.max(bright, line[Math.min(n - 1, Math.max(0, x + k))]!);
    if (bright < STRIP_MIN || bright - g < TICK_CONTRAST) continue;
    // Centroid of darkness over the tick's neighbourhood: sub-pixel, robust to JPEG ringing.
    let sum = 0;
    let weight = 0;
    for (let k = -2; k <= 2; k++) {
      const w = Math.max(0, bright - line[x + k]! - TICK_CONTRAST / 2);
      sum += w * (x + k);
      weight += w;
    }
    centres.push(weight > 0 ? sum / weight : x);
  }
  return centres;
}

/** The longest run of centres at a steady pitch (each step within the tolerance of the run's first step). */
function longestChain(centres: readonly number[]): Chain | null {
  let best: Chain | null = null;
  for (let i = 0; i + 1 < centres.length; i++) {
    const pitch = centres[i + 1]! - centres[i]!;
    if (pitch < MIN_PITCH || pitch > MAX_PITCH) continue;
    const chain = [centres[i]!, centres[i + 1]!];
    let mean = pitch;
    for (let j = i + 2; j < centres.length; j++) {
      const step = centres[j]! - chain.at(-1)!;
      if (Math.abs(step - mean) > mean * PITCH_TOLERANCE) break;
      chain.push(centres[j]!);
      mean = (chain.at(-1)! - chain[0]!) / (chain.length - 1);
    }
    if (!best || chain.length > best.centres.length) best = { centres: chain, pitch: mean };
    // A chain that started here covers its members: the next candidate starts after it.
    if (chain.length >= MIN_TICKS) i += chain.length - 2;
  }
  return best && best.centres.length >= MIN_TICKS ? best : null;
}

/** Least-squares slope of centre against index, with its standard error. */
function fitPitch(centres: readonly number[]): { slope: number; intercept: number; standardError: number } {
  const n = centres.length;
  const meanI = (n - 1) / 2;
  const meanX = centres.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  centres.forEach((x, i) => {
    sxx += (i - meanI) ** 2;
    sxy += (i - meanI) * (x - meanX);
  });
  const slope = sxy / sxx;
  const intercept = meanX - slope * meanI;
  const residual = centres.reduce((acc, x, i) => acc + (x - (intercept + slope * i)) ** 2, 0);
  return { slope, intercept, standardError: Math.sqrt(residual / Math.max(1, n - 2) / sxx) };
}

/** True when some line past `from` shows a subset of the chain's ticks at five times its pitch. */
function hasFifthMarks(lineAt: (i: number) => Uint8Array, from: number, to: number, chain: Chain): boolean {
  const first = chain.centres[0]!;
  const last = chain.centres.at(-1)!;
  for (let i = from; i < to; i++) {
    const inside = tickCentres(lineAt(i)).filter((c) => c >= first - chain.pitch / 2 && c <= last + chain.pitch / 2);
    if (inside.length < 3 || inside.length > chain.centres.length / 3) continue;
    // Every long mark sits on a millimetre tick, and consecutive ones are five ticks apart.
    const steps = inside.slice(1).map((c, k) => (c - inside[k]!) / chain.pitch);
    if (steps.every((s) => Math.abs(s - 5) < 0.5 || Math.abs(s - 10) < 0.5) && steps.filter((s) => Math.abs(s - 5) < 0.5).length >= 2) return true;
  }
  return false;
}

interface Found {
  readonly line: number;
  readonly chain: Chain;
  readonly vertical: boolean;
}

/** Scans every line (rows, or columns when `vertical`) for the longest scale confirmed by its fifth marks. */
function scan(grey: Uint8Array, width: number, height: number, vertical: boolean): Found | null {
  const lines = vertical ? width : height;
  const length = vertical ? height : width;
  const buffer = new Uint8Array(length);
  const lineAt = (i: number): Uint8Array => {
    if (!vertical) return grey.subarray(i * width, (i + 1) * width);
    for (let y = 0; y < height; y++) buffer[y] = grey[y * width + i]!;
    return buffer;
  };
  let best: Found | null = null;
  for (let i = 0; i < lines; i++) {
    const chain = longestChain(tickCentres(lineAt(i)));
    if (chain && (!best || chain.centres.length > best.chain.centres.length)) best = { line: i, chain: { centres: [...chain.centres], pitch: chain.pitch }, vertical };
  }
  if (!best) return null;
  // The longer marks continue past the millimetre ticks on one side or the other.
  const reach = Math.ceil(best.chain.pitch * 6);
  const confirmed =
    hasFifthMarks(lineAt, best.line + 1, Math.min(lines, best.line + reach), best.chain) ||
    hasFifthMarks(lineAt, Math.max(0, best.line - reach), best.line, best.chain);
  return confirmed ? best : null;
}

/** The scale in upright grey pixels, or null when no millimetre scale is found. */
export function detectRulerInGrey(grey: Uint8Array, width: number, height: number, scale = 1): Calibration | null {
  const found = [scan(grey, width, height, false), scan(grey, width, height, true)]
    .filter((f): f is Found => f !== null)
    .sort((a, b) => b.chain.centres.length - a.chain.centres.length)[0];
  if (!found) return null;
  const horizontal = !found.vertical;
  const fit = fitPitch(found.chain.centres);
  const n = found.chain.centres.length;
  const along = (i: number) => (fit.intercept + fit.slope * i) / scale;
  const across = (found.line + 0.5) / scale;
  return {
    source: 'ruler',
    from: horizontal ? { x: along(0), y: across } : { x: across, y: along(0) },
    to: horizontal ? { x: along(n - 1), y: across } : { x: across, y: along(n - 1) },
    ticks: n,
    pxPerMm: fit.slope / scale,
    uncertaintyPxPerMm: fit.standardError / scale,
  };
}

/** Reads a photo (JPEG or PNG bytes, turned upright) and looks for its millimetre scale. */
export async function detectRuler(image: Uint8Array): Promise<Calibration | null> {
  const upright = sharp(image, { failOn: 'error' }).rotate();
  const meta = await sharp(image).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const w = (swap ? meta.height : meta.width) ?? 0;
  const h = (swap ? meta.width : meta.height) ?? 0;
  const scale = Math.min(1, WORK_SIZE / Math.max(w, h, 1));
  const pipeline = scale < 1 ? upright.resize(Math.round(w * scale), Math.round(h * scale)) : upright;
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  return detectRulerInGrey(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, info.width / w);
}
