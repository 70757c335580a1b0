// How well a colour checker's 24 readings match the published colours (checker-reference.ts) once
// per-channel gains in linear light take out the cast and exposure: the evidence that a grid of
// squares is a checker and which way round it lies, and the patches that do not belong (a finger
// over one, glare on it), which a colour match should leave out.
import { deltaE2000, fromLinear, srgbToLab, toLinear, type Rgb } from './colour';
import { CHECKER_REFERENCE_SRGB } from './checker-reference';

/** Fewer usable readings than this and there is no fit to speak of. */
const MIN_USABLE = 12;
/** A patch this far (ΔE2000, after the gains) from its published colour, and well beyond the others, is not the chart's. */
const MISMATCH_FLOOR = 15;
const MISMATCH_OVER_MEDIAN = 3;

/** Neither too dark nor clipped in any channel: says something about the cast. */
const usable = (rgb: Rgb) => rgb.every((v) => v >= 5 && v <= 250);

/** Per-channel least-squares gains (linear light) taking the readings `at` onto the published colours. */
function gainsFor(read: readonly Rgb[], at: readonly number[]): [number, number, number] {
  const gain = (ch: 0 | 1 | 2) => {
    let num = 0;
    let den = 0;
    for (const k of at) {
      const s = toLinear(read[k]![ch]);
      num += toLinear(CHECKER_REFERENCE_SRGB[k]![ch]) * s;
      den += s * s;
    }
    return den > 1e-9 ? num / den : 0;
  };
  return [gain(0), gain(1), gain(2)];
}

/** ΔE2000 of reading k, through the gains, to its published colour. */
function distance(read: readonly Rgb[], gains: readonly number[], k: number): number {
  const r = read[k]!;
  const corrected: Rgb = [fromLinear(toLinear(r[0]) * gains[0]!), fromLinear(toLinear(r[1]) * gains[1]!), fromLinear(toLinear(r[2]) * gains[2]!)];
  return deltaE2000(srgbToLab(CHECKER_REFERENCE_SRGB[k]!), srgbToLab(corrected));
}

const usableIndexes = (read: readonly Rgb[]) => read.flatMap((rgb, k) => (usable(rgb) ? [k] : []));

/** Mean ΔE2000 of the readings (published order) to the published colours after the gains that fit them best; Infinity with too few usable. */
export function fitToReference(read: readonly Rgb[]): number {
  const at = usableIndexes(read);
  if (at.length < MIN_USABLE) return Infinity;
  const gains = gainsFor(read, at);
  return at.reduce((sum, k) => sum + distance(read, gains, k), 0) / at.length;
}

/** Readings far from their published colour after gains fitted without them (a robust second pass), in published order. */
export function mismatchedPatches(read: readonly Rgb[]): number[] {
  const at = usableIndexes(read);
  if (at.length < MIN_USABLE) return [];
  const first = gainsFor(read, at);
  const d1 = at.map((k) => distance(read, first, k));
  const median1 = [...d1].sort((a, b) => a - b)[Math.floor(d1.length / 2)]!;
  const outlier = (d: number, median: number) => d > MISMATCH_FLOOR && d > MISMATCH_OVER_MEDIAN * median;
  // Refit without the obvious outliers, so that one covered patch does not bend the gains for the rest.
  const kept = at.filter((_, i) => !outlier(d1[i]!, median1));
  const gains = kept.length >= MIN_USABLE ? gainsFor(read, kept) : first;
  const d2 = at.map((k) => distance(read, gains, k));
  const median2 = [...d2].sort((a, b) => a - b)[Math.floor(d2.length / 2)]!;
  return at.filter((_, i) => outlier(d2[i]!, median2));
}
