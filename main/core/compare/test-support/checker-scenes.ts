// Generated photos for colour-checker detection's tests: a 24-patch checker (the published sRGB
// values, near-black frame and border) placed in a larger cluttered, noisy scene by a known
// homography (position, size, rotation, a perspective tilt, optionally mirrored), seen through a
// colour cast and an exposure change (per-channel gains in linear light); and scenes that must
// not be taken for one: no chart at all, a tiled floor, a 6 × 4 grid of same-colour squares.
// Pixels are drawn by inverse mapping with 2 × 2 supersampling, so edges are anti-aliased.
import sharp from 'sharp';
import { mulberry32 } from '../../support/seeded-random';
import { apply, fitHomography, type Matrix3, type Point } from '../checker-geometry';
import { CHECKER_REFERENCE_SRGB } from '../checker-reference';
import { fromLinear, toLinear, type Rgb } from '../colour';
import { invert } from '../similarity';

export interface ChartPlacement {
  /** Centre of the patch grid in the scene (pixels). */
  readonly centre: Point;
  /** Patch pitch in pixels (at the centre). */
  readonly pitch: number;
  /** Rotation of the chart's long side from the x axis, degrees clockwise (image y down). */
  readonly rotationDeg: number;
  /** Perspective: the far short side shrinks by this share (0 = square-on). */
  readonly tilt?: number;
  /** The chart seen in a mirror. */
  readonly mirrored?: boolean;
  /** Fingertips over the chart: skin-coloured discs at chart coordinates (pitches), radius in pitches. */
  readonly covered?: ReadonlyArray<{ readonly x: number; readonly y: number; readonly r: number }>;
}

export interface SceneSpec {
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  /** Per-channel gains in linear light (a cast); exposure is the same gain on every channel. */
  readonly cast?: Rgb;
  /** Standard deviation of the sensor noise, in sRGB levels. */
  readonly noise?: number;
  /** A camera's own tone curve on top of sRGB: v ↦ 255·(v/255)^gamma (1 = none); not a gain, so no cast fit undoes it exactly. */
  readonly gamma?: number;
}

/** What a painter returns for a scene point: a colour, or null for "not here". */
type Painter = (x: number, y: number) => Rgb | null;

const FRAME: Rgb = [24, 24, 26];
/** Chart border beyond the patch grid, and the frame between patches (each side of a patch), in pitches. */
const BORDER = 0.35;
const INSET = 0.08;

/** The chart in its own coordinates: patch grid x 0–6, y 0–4 (in pitches), the border around it. */
function chartAt(x: number, y: number): Rgb | null {
  if (x < -BORDER || y < -BORDER || x > 6 + BORDER || y > 4 + BORDER) return null;
  const col = Math.floor(x);
  const row = Math.floor(y);
  if (col < 0 || row < 0 || col > 5 || row > 3) return FRAME;
  const fx = x - col;
  const fy = y - row;
  return fx < INSET || fy < INSET || fx > 1 - INSET || fy > 1 - INSET ? FRAME : CHECKER_REFERENCE_SRGB[row * 6 + col]!;
}

/** The homography from chart coordinates (pitches) to the scene, and the scene corners of the patch grid. */
export function chartHomography(p: ChartPlacement): { toScene: Matrix3; corners: [Point, Point, Point, Point] } {
  const a = (p.rotationDeg * Math.PI) / 180;
  const along: Point = [Math.cos(a) * p.pitch, Math.sin(a) * p.pitch];
  const mirror = p.mirrored ? -1 : 1;
  const across: Point = [-Math.sin(a) * p.pitch * mirror, Math.cos(a) * p.pitch * mirror];
  const tilt = p.tilt ?? 0;
  // The side at x = 6 is farther away: shorter, by `tilt`.
  const at = (x: number, y: number, far: number): Point => [p.centre[0] + along[0] * (x - 3) + across[0] * (y - 2) * far, p.centre[1] + along[1] * (x - 3) + across[1] * (y - 2) * far];
  const corners: [Point, Point, Point, Point] = [at(0, 0, 1 + tilt / 2), at(6, 0, 1 - tilt / 2), at(6, 4, 1 - tilt / 2), at(0, 4, 1 + tilt / 2)];
  return { toScene: fromChart(corners), corners };
}

/** The patch grid's corners in chart coordinates (pitches), in the order `corners` lists them. */
const GRID_CORNERS: readonly Point[] = [
  [0, 0],
  [6, 0],
  [6, 4],
  [0, 4],
];

/** The homography from chart coordinates (pitches) to a picture whose patch grid has these corners. */
export function fromChart(corners: readonly Point[]): Matrix3 {
  return fitHomography(GRID_CORNERS, corners)!;
}

/** A cluttered background: lit skin tones, coloured rectangles and discs, a few of them square. */
function background(width: number, height: number, seed: number): Painter {
  const rnd = mulberry32(seed);
  const shapes = Array.from({ length: 40 }, () => {
    const w = (0.02 + rnd() * 0.12) * width;
    return { x: rnd() * width, y: rnd() * height, w, h: rnd() < 0.3 ? w : (0.02 + rnd() * 0.12) * height, disc: rnd() < 0.4, rgb: [40 + rnd() * 200, 40 + rnd() * 200, 40 + rnd() * 200] as Rgb };
  });
  return (x, y) => {
    for (let k = shapes.length - 1; k >= 0; k--) {
      const s = shapes[k]!;
      const inside = s.disc ? ((x - s.x) / (s.w / 2)) ** 2 + ((y - s.y) / (s.h / 2)) ** 2 < 1 : x >= s.x && y >= s.y && x < s.x + s.w && y < s.y + s.h;
      if (inside) return s.rgb;
    }
    return [190 + (30 * y) / height, 150 + (25 * x) / width, 125];
  };
}

/** A painter over part of the scene: drawn with 2 × 2 supersampling inside its box (edges anti-aliased). */
interface Overlay {
  readonly paint: Painter;
  readonly box: { x0: number; y0: number; x1: number; y1: number };
}

const boxOf = (points: readonly Point[], margin: number) => ({
  x0: Math.min(...points.map((p) => p[0])) - margin,
  y0: Math.min(...points.map((p) => p[1])) - margin,
  x1: Math.max(...points.map((p) => p[0])) + margin,
  y1: Math.max(...points.map((p) => p[1])) + margin,
});

/** Draws the background (one sample a pixel), the overlay (four), then the cast and noise, as a JPEG. */
async function render(spec: SceneSpec, overlay: Overlay | null): Promise<Buffer> {
  const { width, height } = spec;
  const cast = spec.cast ?? [1, 1, 1];
  const back = background(width, height, spec.seed);
  const rnd = mulberry32(spec.seed ^ 0x9e3779b9);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const lut = [0, 1, 2].map((ch) => Float64Array.from({ length: 256 }, (_, v) => toLinear(v) * cast[ch]!));
  const gamma = spec.gamma ?? 1;
  const tone = (v: number) => 255 * (v / 255) ** gamma;
  const out = Buffer.alloc(width * height * 3);
  const lin = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inBox = overlay !== null && x >= overlay.box.x0 && x <= overlay.box.x1 && y >= overlay.box.y0 && y <= overlay.box.y1;
      lin.fill(0);
      const samples = inBox ? SUPERSAMPLES : CENTRE;
      for (const [sx, sy] of samples) {
        const rgb = (inBox ? overlay.paint(x + sx, y + sy) : null) ?? back(x + sx, y + sy)!;
        for (let ch = 0; ch < 3; ch++) lin[ch]! += lut[ch]![Math.round(rgb[ch]!)]! / samples.length;
      }
      const at = (y * width + x) * 3;
      for (let ch = 0; ch < 3; ch++) out[at + ch] = Math.max(0, Math.min(255, Math.round(tone(fromLinear(lin[ch]!)) + gauss() * (spec.noise ?? 0))));
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}
const SUPERSAMPLES: ReadonlyArray<Point> = [
  [0.25, 0.25],
  [0.75, 0.25],
  [0.25, 0.75],
  [0.75, 0.75],
];
const CENTRE: ReadonlyArray<Point> = [[0.5, 0.5]];

export interface CheckerScene {
  readonly jpeg: Buffer;
  /** The patch grid's corners in the scene: dark-skin corner, along the long side, opposite, along the short side. */
  readonly corners: [Point, Point, Point, Point];
  /** The colours the photo holds for each patch (published values through the cast and tone curve), in published order. */
  readonly patches: Rgb[];
}

/** A checker placed in a cluttered scene. */
export async function checkerScene(spec: SceneSpec, placement: ChartPlacement): Promise<CheckerScene> {
  const { toScene, corners } = chartHomography(placement);
  const toChart = invert(toScene);
  const chart: Painter = (x, y) => {
    const [cx, cy] = apply(toChart, [x, y]);
    const finger = placement.covered?.some((d) => (cx - d.x) ** 2 + (cy - d.y) ** 2 < d.r * d.r);
    return finger ? [205, 150, 125] : chartAt(cx, cy);
  };
  const cast = spec.cast ?? [1, 1, 1];
  const gamma = spec.gamma ?? 1;
  const patches = CHECKER_REFERENCE_SRGB.map((rgb) => rgb.map((v, ch) => 255 * (fromLinear(toLinear(v) * cast[ch]!) / 255) ** gamma) as unknown as Rgb);
  return { jpeg: await render(spec, { paint: chart, box: boxOf(corners, placement.pitch) }), corners, patches };
}

/** The same cluttered scene with no chart in it. */
export const emptyScene = (spec: SceneSpec): Promise<Buffer> => render(spec, null);

/** A tiled floor: square tiles (beige, or each its own colour) with dark grout, `cols` × `rows`, seen through a placement like a chart's. */
export function tiledFloor(spec: SceneSpec, placement: ChartPlacement, cols: number, rows: number, tile: Rgb | ((col: number, row: number) => Rgb) = [205, 190, 160]): Promise<Buffer> {
  const { toScene } = chartHomography(placement);
  const toChart = invert(toScene);
  const extent = [(6 - cols) / 2, (4 - rows) / 2, (6 + cols) / 2, (4 + rows) / 2] as const;
  const box = boxOf(
    [
      apply(toScene, [extent[0], extent[1]]),
      apply(toScene, [extent[2], extent[1]]),
      apply(toScene, [extent[2], extent[3]]),
      apply(toScene, [extent[0], extent[3]]),
    ],
    placement.pitch,
  );
  const floor: Painter = (x, y) => {
    // Centred on the placement's grid: the chart's 6 × 4 cells stand in the middle of the floor.
    const [cx, cy] = apply(toChart, [x, y]);
    const tx = cx + (cols - 6) / 2;
    const ty = cy + (rows - 4) / 2;
    if (tx < 0 || ty < 0 || tx > cols || ty > rows) return null;
    const fx = tx - Math.floor(tx);
    const fy = ty - Math.floor(ty);
    return fx < INSET || fy < INSET || fx > 1 - INSET || fy > 1 - INSET ? [60, 55, 50] : typeof tile === 'function' ? tile(Math.floor(tx), Math.floor(ty)) : tile;
  };
  return render(spec, { paint: floor, box });
}
