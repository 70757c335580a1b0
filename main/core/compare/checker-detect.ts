// Automatic detection of a 24-patch colour checker (issue 10, "Colour"; docs/compare.md): the
// candidate patches (checker-quads.ts) on one lattice (checker-grid.ts); every 6 × 4 window of a
// lattice mapped onto the photo by a homography through the patches found in it; each of the 24
// cells read at its centre (median, well clear of its edges); and the chart's orientation chosen
// among the eight ways a 6 × 4 grid can lie (turned a quarter, half, three quarters, or mirrored)
// by the published colours, after per-channel gains (any cast or exposure). A grid whose colours do
// not match a checker in any orientation, or match two orientations alike, is not a checker: the
// answer is then "not found", never a guess.
import type { Rgb } from './colour';
import { fitToReference, mismatchedPatches } from './checker-fit';
import { apply, fitHomography, type Matrix3, type Point } from './checker-geometry';
import { lattices, parseKey, type Lattice } from './checker-grid';
import { findPatchCandidates, type CheckerCv, type RgbPixels } from './checker-quads';
import { CHECKER_COLS, CHECKER_PATCHES, CHECKER_ROWS } from './checker-reference';

/** Fewer patches than this recognised as squares in the chart's window: not enough to place the grid. */
export const MIN_SQUARES = 12;
/** Below this confidence the answer is "not found". */
export const MIN_CONFIDENCE = 0.5;
/** Mean ΔE2000 to the published colours (after gains) at which the colour evidence is full, and none. */
const FIT_GOOD = 6;
const FIT_NONE = 15;
/** Mean ΔE2000 the runner-up orientation must be worse by for full confidence in the orientation. */
const MARGIN_FULL = 6;
/** A homography that misses the squares' centres by more than this (in pitches) is not a grid. */
const MAX_GRID_RMS = 0.15;
/** Half-side of the read square about a patch centre, in pitches (a patch is about 0.85 of a pitch). */
const READ_HALF = 0.22;
const READ_STEPS = 9;

export interface CheckerFound {
  readonly found: true;
  /** The patch grid's corners (working pixels): at the dark-skin patch, along the long side, opposite, along the short side. */
  readonly corners: readonly [Point, Point, Point, Point];
  /** Each patch's median sRGB (0–255) about its centre, in the published order (dark skin … black). */
  readonly patches: readonly Rgb[];
  readonly confidence: number;
  /** Direction of the chart's long side (dark skin → bluish green) in the photo, degrees clockwise from the x axis; and whether the chart is seen mirrored. */
  readonly orientation: { readonly rotationDeg: number; readonly mirrored: boolean };
  /** How many of the 24 patches were recognised as squares (the others were placed by the grid). */
  readonly squares: number;
  /** Mean ΔE2000 between the patches read and the published colours after per-channel gains. */
  readonly fitDeltaE: number;
  /** Patches whose reading does not fit the chart's colours (a finger over them, glare): to leave out of a match. */
  readonly mismatched: readonly number[];
}

export interface CheckerNotFound {
  readonly found: false;
  /** no-grid: no 4 × 6 arrangement of squares; not-a-checker: squares whose colours are not a checker's; ambiguous: two orientations fit alike. */
  readonly reason: 'no-grid' | 'not-a-checker' | 'ambiguous';
  readonly confidence: number;
}

export type CheckerDetection = CheckerFound | CheckerNotFound;

/** Chart coordinates (x along the long side 0–6, y along the short side 0–4) → window coordinates, for each of the eight ways the chart can lie. */
const LAYOUTS: ReadonlyArray<{ w: number; h: number; map: (x: number, y: number) => Point }> = [
  { w: 6, h: 4, map: (x, y) => [x, y] },
  { w: 6, h: 4, map: (x, y) => [6 - x, 4 - y] },
  { w: 6, h: 4, map: (x, y) => [6 - x, y] },
  { w: 6, h: 4, map: (x, y) => [x, 4 - y] },
  { w: 4, h: 6, map: (x, y) => [y, x] },
  { w: 4, h: 6, map: (x, y) => [4 - y, 6 - x] },
  { w: 4, h: 6, map: (x, y) => [4 - y, x] },
  { w: 4, h: 6, map: (x, y) => [y, 6 - x] },
];

const median = (values: number[]) => {
  const s = values.sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Median sRGB over a square of ±READ_HALF pitch about lattice point (i, j), read through the homography. */
function readCell(image: RgbPixels, H: Matrix3, i: number, j: number): Rgb | null {
  const channels: [number[], number[], number[]] = [[], [], []];
  for (let a = 0; a < READ_STEPS; a++) {
    for (let b = 0; b < READ_STEPS; b++) {
      const t = (k: number) => -READ_HALF + (2 * READ_HALF * k) / (READ_STEPS - 1);
      const [x, y] = apply(H, [i + t(a), j + t(b)]);
      const px = Math.round(x);
      const py = Math.round(y);
      if (px < 0 || py < 0 || px >= image.width || py >= image.height) return null;
      const at = (py * image.width + px) * 3;
      for (let ch = 0; ch < 3; ch++) channels[ch]!.push(image.data[at + ch]!);
    }
  }
  return [median(channels[0]), median(channels[1]), median(channels[2])];
}

interface Hypothesis {
  readonly fit: number;
  readonly runnerUp: number;
  readonly squares: number;
  readonly corners: [Point, Point, Point, Point];
  readonly patches: Rgb[];
}

/** Every 6 × 4 and 4 × 6 window holding enough of the lattice's squares, each read and matched in its four orientations. */
function hypotheses(image: RgbPixels, lattice: Lattice): Hypothesis[] {
  const cells = [...lattice.cells.entries()].map(([k, q]) => ({ at: parseKey(k), centre: q.centre }));
  const is = cells.map((c) => c.at[0]);
  const js = cells.map((c) => c.at[1]);
  const out: Hypothesis[] = [];
  for (const [w, h] of [
    [6, 4],
    [4, 6],
  ] as const) {
    // Every placement overlapping the lattice: a lattice may hold more than a chart (a square beside it) or less (a patch missed).
    for (let oi = Math.min(...is) - w + 1; oi <= Math.max(...is); oi++) {
      for (let oj = Math.min(...js) - h + 1; oj <= Math.max(...js); oj++) {
        const inside = cells.filter((c) => c.at[0] >= oi && c.at[0] < oi + w && c.at[1] >= oj && c.at[1] < oj + h);
        if (inside.length < MIN_SQUARES) continue;
        const H = fitHomography(
          inside.map((c) => c.at),
          inside.map((c) => c.centre),
        );
        if (!H) continue;
        // The squares must lie on the grid the homography draws (in pitches, judged by the local pitch).
        const pitch = Math.hypot(...(apply(H, [oi + 1, oj]).map((v, k) => v - apply(H, [oi, oj])[k]!) as [number, number]));
        const rms = Math.sqrt(inside.reduce((s, c) => s + (Math.hypot(...(apply(H, c.at).map((v, k) => v - c.centre[k]!) as [number, number])) / pitch) ** 2, 0) / inside.length);
        if (!(rms < MAX_GRID_RMS)) continue;
        const orientations = LAYOUTS.filter((l) => l.w === w && l.h === h).flatMap((layout) => {
          const cellOf = (k: number) => layout.map((k % CHECKER_COLS) + 0.5, Math.floor(k / CHECKER_COLS) + 0.5).map((v) => Math.floor(v)) as [number, number];
          const patches = Array.from({ length: CHECKER_PATCHES }, (_, k) => {
            const [a, b] = cellOf(k);
            return readCell(image, H, oi + a, oj + b);
          });
          if (patches.some((p) => p === null)) return [];
          const corner = (x: number, y: number): Point => {
            const [a, b] = layout.map(x, y);
            return apply(H, [oi + a - 0.5, oj + b - 0.5]);
          };
          return [{ fit: fitToReference(patches as Rgb[]), patches: patches as Rgb[], corners: [corner(0, 0), corner(CHECKER_COLS, 0), corner(CHECKER_COLS, CHECKER_ROWS), corner(0, CHECKER_ROWS)] as [Point, Point, Point, Point] }];
        });
        if (orientations.length === 0) continue;
        orientations.sort((a, b) => a.fit - b.fit);
        const [best, second] = orientations;
        out.push({ ...best!, runnerUp: second?.fit ?? Infinity, squares: inside.length });
      }
    }
  }
  return out;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The evidence as one number in 0–1: colours like a checker's, one orientation clearly best, and most patches seen as squares. */
export function confidenceOf(fit: number, runnerUp: number, squares: number): number {
  const colour = clamp01((FIT_NONE - fit) / (FIT_NONE - FIT_GOOD));
  const margin = clamp01((runnerUp - fit) / MARGIN_FULL);
  return colour * margin * (0.5 + (0.5 * Math.min(squares, CHECKER_PATCHES)) / CHECKER_PATCHES);
}

/** Looks for one 24-patch checker in the photo (working size); the best-matching one when there are several. */
export function detectChecker(cv: CheckerCv, image: RgbPixels): CheckerDetection {
  const candidates = findPatchCandidates(cv, image);
  const all = lattices(candidates, MIN_SQUARES).flatMap((l) => hypotheses(image, l));
  if (all.length === 0) return { found: false, reason: 'no-grid', confidence: 0 };
  const best = all.reduce((a, b) => (b.fit < a.fit ? b : a));
  const confidence = confidenceOf(best.fit, best.runnerUp, best.squares);
  if (confidence < MIN_CONFIDENCE) {
    const colourOnly = confidenceOf(best.fit, Infinity, best.squares);
    return { found: false, reason: colourOnly >= MIN_CONFIDENCE ? 'ambiguous' : 'not-a-checker', confidence };
  }
  const [c0, c1, , c3] = best.corners;
  const long = [c1[0] - c0[0], c1[1] - c0[1]] as const;
  const short = [c3[0] - c0[0], c3[1] - c0[1]] as const;
  return {
    found: true,
    corners: best.corners,
    patches: best.patches,
    confidence,
    // Image y points down: an upright chart's long side runs along +x and its short side along +y.
    orientation: { rotationDeg: ((Math.atan2(long[1], long[0]) * 180) / Math.PI + 360) % 360, mirrored: long[0] * short[1] - long[1] * short[0] < 0 },
    squares: best.squares,
    fitDeltaE: best.fit,
    mismatched: mismatchedPatches(best.patches),
  };
}
