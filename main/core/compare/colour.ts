// Colour science for the compare view's normalisation (issue 10, "Colour"; docs/compare.md):
// sRGB ↔ linear RGB ↔ CIE XYZ (D65) ↔ CIELAB, the CIEDE2000 colour difference (Sharma, Wu and
// Dalal 2005, whose published test pairs are this module's unit tests), and the correction that
// brings the second photo's patches onto the first's: per-channel gains in linear RGB (a grey
// patch, or several patches), or a full 3×3 matrix once enough distinct patches (a checker) exist.
export type Rgb = readonly [number, number, number];
export type Lab = readonly [number, number, number];
export type Matrix3 = readonly [Rgb, Rgb, Rgb];

/** sRGB component in 0–255 to linear light in 0–1 (IEC 61966-2-1). */
export function toLinear(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linear light 0–1 to an sRGB component in 0–255 (not rounded, clipped to the gamut). */
export function fromLinear(v: number): number {
  const c = Math.min(1, Math.max(0, v));
  return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
}

const D65: Rgb = [0.95047, 1, 1.08883];

/** Linear sRGB (0–1) to CIELAB under D65. */
export function linearToLab([r, g, b]: Rgb): Lab {
  const xyz = [0.4124564 * r + 0.3575761 * g + 0.1804375 * b, 0.2126729 * r + 0.7151522 * g + 0.072175 * b, 0.0193339 * r + 0.119192 * g + 0.9503041 * b];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const [fx, fy, fz] = xyz.map((v, i) => f(v / D65[i]!)) as [number, number, number];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

export const srgbToLab = (rgb: Rgb): Lab => linearToLab([toLinear(rgb[0]), toLinear(rgb[1]), toLinear(rgb[2])]);

const deg = (rad: number) => (rad * 180) / Math.PI;
const rad = (d: number) => (d * Math.PI) / 180;

/** CIEDE2000 ΔE between two CIELAB colours (kL = kC = kH = 1), as Sharma, Wu and Dalal (2005) give it. */
export function deltaE2000([L1, a1, b1]: Lab, [L2, a2, b2]: Lab): number {
  const C1 = Math.hypot(a1, b1);
  const C2 = Math.hypot(a2, b2);
  const Cbar7 = ((C1 + C2) / 2) ** 7;
  const G = 0.5 * (1 - Math.sqrt(Cbar7 / (Cbar7 + 25 ** 7)));
  const a1p = (1 + G) * a1;
  const a2p = (1 + G) * a2;
  const C1p = Math.hypot(a1p, b1);
  const C2p = Math.hypot(a2p, b2);
  const hue = (b: number, a: number) => (b === 0 && a === 0 ? 0 : (deg(Math.atan2(b, a)) + 360) % 360);
  const h1p = hue(b1, a1p);
  const h2p = hue(b2, a2p);
  const dLp = L2 - L1;
  const dCp = C2p - C1p;
  // The hue difference is undefined (taken as 0) when either colour is achromatic.
  let dhp = 0;
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin(rad(dhp / 2));
  const Lbarp = (L1 + L2) / 2;
  const Cbarp = (C1p + C2p) / 2;
  let hbarp = h1p + h2p;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) <= 180) hbarp = (h1p + h2p) / 2;
    else hbarp = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
  }
  const T = 1 - 0.17 * Math.cos(rad(hbarp - 30)) + 0.24 * Math.cos(rad(2 * hbarp)) + 0.32 * Math.cos(rad(3 * hbarp + 6)) - 0.2 * Math.cos(rad(4 * hbarp - 63));
  const dTheta = 30 * Math.exp(-(((hbarp - 275) / 25) ** 2));
  const Cbarp7 = Cbarp ** 7;
  const Rc = 2 * Math.sqrt(Cbarp7 / (Cbarp7 + 25 ** 7));
  const Sl = 1 + (0.015 * (Lbarp - 50) ** 2) / Math.sqrt(20 + (Lbarp - 50) ** 2);
  const Sc = 1 + 0.045 * Cbarp;
  const Sh = 1 + 0.015 * Cbarp * T;
  const Rt = -Math.sin(rad(2 * dTheta)) * Rc;
  const l = dLp / Sl;
  const c = dCp / Sc;
  const h = dHp / Sh;
  return Math.sqrt(l * l + c * c + h * h + Rt * c * h);
}

/** One patch seen in both photos: mean sRGB (0–255) in the first (reference) and in the second. */
export interface PatchPair {
  readonly reference: Rgb;
  readonly second: Rgb;
}

export interface Correction {
  /** Linear-RGB matrix applied to the second photo: rgb' = M · rgb. Diagonal for gains. */
  readonly matrix: Matrix3;
  readonly kind: 'gains' | 'matrix';
}

/** Enough well-spread patches for a full matrix; fewer get per-channel gains (a grey patch gives exactly those). */
export const MATRIX_MIN_PATCHES = 6;

/** Per channel, the least-squares gain through the origin: Σ ref·sec / Σ sec². */
export function fitGains(pairs: readonly PatchPair[]): Matrix3 {
  const gain = (ch: 0 | 1 | 2) => {
    let num = 0;
    let den = 0;
    for (const p of pairs) {
      const s = toLinear(p.second[ch]);
      num += toLinear(p.reference[ch]) * s;
      den += s * s;
    }
    if (den < 1e-9) throw new RangeError('patch too dark to correct');
    return num / den;
  };
  const [r, g, b] = [gain(0), gain(1), gain(2)];
  return [
    [r, 0, 0],
    [0, g, 0],
    [0, 0, b],
  ];
}

function solve3(A: number[][], y: number[]): [number, number, number] {
  // Cramer's rule on a 3×3 system; the caller checks conditioning through the determinant.
  const det = (m: number[][]) => m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const d = det(A);
  if (Math.abs(d) < 1e-12) throw new RangeError('patches too alike for a colour matrix');
  const col = (k: number) => det(A.map((row, i) => row.map((v, j) => (j === k ? y[i]! : v))));
  return [col(0) / d, col(1) / d, col(2) / d];
}

/** Least-squares 3×3 matrix in linear RGB: each output channel a combination of the three inputs. */
export function fitMatrix(pairs: readonly PatchPair[]): Matrix3 {
  const S = pairs.map((p) => p.second.map(toLinear));
  const ata = [0, 1, 2].map((i) => [0, 1, 2].map((j) => S.reduce((sum, s) => sum + s[i]! * s[j]!, 0)));
  const row = (ch: number) => solve3(ata, [0, 1, 2].map((i) => S.reduce((sum, s, k) => sum + s[i]! * toLinear(pairs[k]!.reference[ch]!), 0)));
  return [row(0), row(1), row(2)];
}

export function fitCorrection(pairs: readonly PatchPair[]): Correction {
  if (pairs.length === 0) throw new RangeError('no patches');
  if (pairs.length >= MATRIX_MIN_PATCHES) {
    try {
      return { kind: 'matrix', matrix: fitMatrix(pairs) };
    } catch {
      // Patches too alike (all near grey): gains are the well-posed part of the answer.
    }
  }
  return { kind: 'gains', matrix: fitGains(pairs) };
}

/** An sRGB colour through the correction, back in sRGB (0–255). */
export function applyCorrection(m: Matrix3, rgb: Rgb): Rgb {
  const lin = rgb.map(toLinear);
  const out = m.map((row) => row[0] * lin[0]! + row[1] * lin[1]! + row[2] * lin[2]!);
  return [fromLinear(out[0]!), fromLinear(out[1]!), fromLinear(out[2]!)];
}

/** Mean ΔE2000 over the patches, before and after the correction, and per patch. */
export function deltaESummary(pairs: readonly PatchPair[], m: Matrix3): { before: number; after: number; patches: { before: number; after: number }[] } {
  const patches = pairs.map((p) => {
    const ref = srgbToLab(p.reference);
    return { before: deltaE2000(ref, srgbToLab(p.second)), after: deltaE2000(ref, srgbToLab(applyCorrection(m, p.second))) };
  });
  const mean = (k: 'before' | 'after') => patches.reduce((s, p) => s + p[k], 0) / patches.length;
  return { before: mean('before'), after: mean('after'), patches };
}
