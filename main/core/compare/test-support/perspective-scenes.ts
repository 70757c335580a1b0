// Generated photo pairs that differ by a known perspective, for the homography's tests and
// `bench align`: the seeded scene of scenes.ts rendered once with a margin; the `from` photo is its
// middle, the `to` photo the same rendering seen by a camera turned by `tiltXDeg` about the vertical
// axis and `tiltYDeg` about the horizontal one (K·R·K⁻¹, focal length 1.2 × the longest side, a
// normal lens), then moved by a similarity, warped with OpenCV's warpPerspective. The truth maps a
// pixel of `to` onto `from` exactly (up to the bilinear resampling of the warp).
import sharp from 'sharp';
import type { OpenCv } from '../opencv';
import { invert, multiply, type Matrix3 } from '../similarity';
import { pairTransform, render, sceneSvgBody, type GeneratedPair, type PairSpec } from './scenes';

export interface PerspectiveSpec extends PairSpec {
  readonly tiltXDeg: number;
  readonly tiltYDeg: number;
}

/** The narrow part of OpenCV the warp needs (the package's typings are mostly `any`). */
interface WarpCv extends OpenCv {
  Size: new (width: number, height: number) => unknown;
  Scalar: new () => unknown;
  CV_8UC3: number;
  INTER_LINEAR: number;
  BORDER_REPLICATE: number;
  warpPerspective(src: unknown, dst: unknown, m: unknown, size: unknown, flags: number, borderMode: number, borderValue: unknown): void;
}

/** T, pixels of `from` → pixels of `to`: the camera's turn about the photo's centre, then the similarity. */
export function perspectiveTransform(spec: PerspectiveSpec): Matrix3 {
  const f = 1.2 * Math.max(spec.width, spec.height);
  const cx = spec.width / 2;
  const cy = spec.height / 2;
  const k: Matrix3 = [
    [f, 0, cx],
    [0, f, cy],
    [0, 0, 1],
  ];
  const ax = (spec.tiltXDeg * Math.PI) / 180;
  const ay = (spec.tiltYDeg * Math.PI) / 180;
  const aboutVertical: Matrix3 = [
    [Math.cos(ax), 0, Math.sin(ax)],
    [0, 1, 0],
    [-Math.sin(ax), 0, Math.cos(ax)],
  ];
  const aboutHorizontal: Matrix3 = [
    [1, 0, 0],
    [0, Math.cos(ay), -Math.sin(ay)],
    [0, Math.sin(ay), Math.cos(ay)],
  ];
  const turn = multiply(multiply(k, multiply(aboutVertical, aboutHorizontal)), invert(k));
  const t = multiply(pairTransform(spec), turn);
  return t.map((row) => row.map((v) => v / t[2][2])) as Matrix3;
}

export async function generatePerspectivePair(cv: OpenCv, spec: PerspectiveSpec): Promise<GeneratedPair> {
  const warpCv = cv as WarpCv;
  const { width, height } = spec;
  // The margin keeps the turned, scaled view inside rendered scene (no smeared border).
  const pad = Math.round(0.2 * Math.max(width, height));
  const padded = { width: width + 2 * pad, height: height + 2 * pad };
  const shift: Matrix3 = [
    [1, 0, pad],
    [0, 1, pad],
    [0, 0, 1],
  ];
  const unit = Math.max(width, height) / 1000;
  // render() scales scene units by the padded size's unit; undo that so the scene keeps `from`'s scale.
  const paddedUnit = Math.max(padded.width, padded.height) / 1000;
  const keepScale: Matrix3 = [
    [unit / paddedUnit, 0, pad],
    [0, unit / paddedUnit, pad],
    [0, 0, 1],
  ];
  const svg = await render(padded, sceneSvgBody(spec.seed), keepScale);
  const raw = await sharp(svg, { limitInputPixels: false, density: 72 }).removeAlpha().raw().toBuffer();
  const t = perspectiveTransform(spec);
  const src = new warpCv.Mat(padded.height, padded.width, warpCv.CV_8UC3);
  const dst = new warpCv.Mat();
  const m = warpCv.matFromArray(3, 3, cv.CV_32FC1, multiply(t, invert(shift)).flat());
  const border = new warpCv.Scalar();
  try {
    src.data.set(raw);
    warpCv.warpPerspective(src, dst, m, new warpCv.Size(width, height), warpCv.INTER_LINEAR, warpCv.BORDER_REPLICATE, border);
    const options = { raw: { width, height, channels: 3 as const } };
    const from = await sharp(raw, { raw: { ...padded, channels: 3 } })
      .extract({ left: pad, top: pad, width, height })
      .jpeg({ quality: 90 })
      .toBuffer();
    const to = await sharp(Buffer.from(dst.data), options).linear(spec.gain, 0).jpeg({ quality: 90 }).toBuffer();
    return { from, to, truth: invert(t) };
  } finally {
    src.delete();
    dst.delete();
    m.delete();
  }
}
