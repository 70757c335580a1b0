// Photo quality checks, run on every capture before it is stored: sharpness (variance of the
// Laplacian), exposure (mean luminance and clipped fractions) and glare (specular highlight area).
// They work on the small RGB rendition the ingest path already decodes for the thumbnail, so they
// cost a few milliseconds, not a second decode. Thresholds are calibrated on generated variants of
// the simulated camera's scenes and synthetic photographs (quality-calibration.test.ts prints the
// numbers; docs/capture-standards.md records them).
import type { PhotoQuality } from '../../../shared/domain';

/** The long edge of the rendition the checks run on; the scores are only comparable at this size. */
export const ANALYSIS_EDGE = 600;

export const QUALITY_THRESHOLDS = {
  /** Below this variance of the Laplacian (grey levels², at ANALYSIS_EDGE) a photo is blurred. */
  minSharpness: 14,
  /** Mean luminance (0–1) below which a photo is underexposed … */
  minMeanLuminance: 0.15,
  /** … or when more than this fraction of pixels is crushed to black (≤ 6/255). */
  maxDarkClipped: 0.3,
  /** Mean luminance (0–1) above which a photo is overexposed … */
  maxMeanLuminance: 0.8,
  /** … or when more than this fraction of pixels is blown out (≥ 250/255). */
  maxBrightClipped: 0.05,
  /** More than this fraction of the frame in specular highlights is glare. */
  maxGlare: 0.005,
} as const;

const DARK = 6;
const BRIGHT = 250;
/** A specular highlight: near white, nearly colourless, and far brighter than the scene around it. */
const SPECULAR = 250;
const SPECULAR_CHROMA = 30;
const SPECULAR_ABOVE_MEDIAN = 55;
const SPOT_MIN_PIXELS = 4;
const SPOT_MAX_ASPECT = 4;

export interface RawRgb {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/** Scores an RGB(A) raster. Pure and synchronous; ~10 ms at ANALYSIS_EDGE. */
export function scoreQuality(image: RawRgb): PhotoQuality {
  const { data, width, height, channels } = image;
  const n = width * height;
  const grey = new Uint8Array(n);
  const histogram = new Uint32Array(256);
  let sum = 0;
  let dark = 0;
  let bright = 0;
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    // Rec. 709 luma in integer arithmetic (weights ×1024).
    const y = (218 * data[p]! + 732 * data[p + 1]! + 74 * data[p + 2]!) >> 10;
    grey[i] = y;
    histogram[y]!++;
    sum += y;
    if (y <= DARK) dark++;
    else if (y >= BRIGHT) bright++;
  }
  const median = percentile(histogram, n, 0.5);

  const specular = median + SPECULAR_ABOVE_MEDIAN <= 255 ? specularSpotArea(data, grey, width, height, channels, Math.max(SPECULAR, median + SPECULAR_ABOVE_MEDIAN)) : 0;

  const quality = {
    sharpness: round(laplacianVariance(grey, width, height), 2),
    meanLuminance: round(sum / n / 255, 4),
    darkClipped: round(dark / n, 5),
    brightClipped: round(bright / n, 5),
    glare: round(specular / n, 5),
  };
  return { ...quality, failed: failedChecks(quality) };
}

export function failedChecks(q: Omit<PhotoQuality, 'failed'>): PhotoQuality['failed'] {
  const t = QUALITY_THRESHOLDS;
  const failed: PhotoQuality['failed'] = [];
  if (q.meanLuminance < t.minMeanLuminance || q.darkClipped > t.maxDarkClipped) failed.push('underexposed');
  if (q.meanLuminance > t.maxMeanLuminance || q.brightClipped > t.maxBrightClipped) failed.push('overexposed');
  // A frame with the wrong exposure cannot be judged for focus (contrast is gone) or glare (the
  // whole subject is a highlight): the one useful retake advice is the exposure.
  if (failed.length > 0) return failed;
  if (q.sharpness < t.minSharpness) failed.push('blur');
  if (q.glare > t.maxGlare) failed.push('glare');
  return failed;
}

/**
 * Pixels in specular spots: near-white, colourless, far above the scene's median, in connected
 * blobs that are spot-shaped (bounding box no longer than SPOT_MAX_ASPECT × its width, at least
 * SPOT_MIN_PIXELS). A white scale ruler or label in the frame is a long strip and does not count;
 * single hot pixels are noise.
 */
function specularSpotArea(data: Uint8Array, grey: Uint8Array, width: number, height: number, channels: number, floor: number): number {
  const n = width * height;
  const mask = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    if (grey[i]! < floor) continue;
    const r = data[p]!;
    const g = data[p + 1]!;
    const b = data[p + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) <= SPECULAR_CHROMA) mask[i] = 1;
  }
  let total = 0;
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    if (mask[start] !== 1) continue;
    mask[start] = 2;
    stack.push(start);
    let area = 0;
    let minX = width;
    let maxX = 0;
    let minY = height;
    let maxY = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      area++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1]) {
        if (j >= 0 && mask[j] === 1) {
          mask[j] = 2;
          stack.push(j);
        }
      }
    }
    const w = maxX - minX + 1;
    const h = maxY - minY + 1;
    if (area >= SPOT_MIN_PIXELS && Math.max(w, h) <= SPOT_MAX_ASPECT * Math.min(w, h)) total += area;
  }
  return total;
}

/** Variance of the 4-neighbour Laplacian over the interior pixels. */
function laplacianVariance(grey: Uint8Array, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const v = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      sum += v;
      sumSq += v * v;
    }
  }
  const count = (width - 2) * (height - 2);
  const mean = sum / count;
  return sumSq / count - mean * mean;
}

function percentile(histogram: Uint32Array, n: number, q: number): number {
  const target = n * q;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= target) return v;
  }
  return 255;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
