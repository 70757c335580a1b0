// Generated photos with a known colour cast, for colour normalisation's tests and e2e: a skin-toned
// scene with a grey card, a few coloured patches and a generated 6×4 colour checker (commonly
// quoted sRGB approximations of the 24 classic patches, in a near-black frame), and the same scene shifted by (dx, dy) and
// seen through per-channel gains in linear light (what a different light or white balance does).
import sharp from 'sharp';
import { fromLinear, toLinear, type Rgb } from '../colour';

export interface CastSpec {
  readonly width: number;
  readonly height: number;
  /** Per-channel gains in linear RGB applied to the second photo. */
  readonly cast: Rgb;
  /** The second photo's content is the first's moved by this many pixels. */
  readonly dx: number;
  readonly dy: number;
}

/** Where the card and patches sit in the first photo (x, y, width, height), and their sRGB colours. */
export function castSceneLayout(width: number, height: number) {
  const u = Math.min(width, height) / 10;
  return {
    grey: { x: 1.5 * u, y: 1.5 * u, w: 2 * u, h: 1.5 * u, rgb: [150, 150, 150] as Rgb },
    patches: [
      { x: 5 * u, y: 1.5 * u, w: u, h: u, rgb: [194, 150, 130] as Rgb },
      { x: 6.5 * u, y: 1.5 * u, w: u, h: u, rgb: [98, 122, 157] as Rgb },
      { x: 5 * u, y: 3 * u, w: u, h: u, rgb: [87, 148, 67] as Rgb },
      { x: 6.5 * u, y: 3 * u, w: u, h: u, rgb: [214, 126, 44] as Rgb },
    ],
    checker: { x: u, y: 5.5 * u, w: 6 * 0.72 * u, h: 4 * 0.72 * u, cols: 6, rows: 4 },
  };
}

/** Row by row from the top left (brown "dark skin") to the bottom right (black). */
export const CHECKER_SRGB: readonly Rgb[] = [
  [115, 82, 68], [194, 150, 130], [98, 122, 157], [87, 108, 67], [133, 128, 177], [103, 189, 170],
  [214, 126, 44], [80, 91, 166], [193, 90, 99], [94, 60, 108], [157, 188, 64], [224, 163, 46],
  [56, 61, 150], [70, 148, 73], [175, 54, 60], [231, 199, 31], [187, 86, 149], [8, 133, 161],
  [243, 243, 242], [200, 200, 200], [160, 160, 160], [122, 122, 121], [85, 85, 85], [52, 52, 52],
];

/** The checker's colour at a point of the scene, or null outside it (frame near-black, patches inset). */
function checkerAt(c: ReturnType<typeof castSceneLayout>['checker'], x: number, y: number): Rgb | null {
  if (x < c.x || y < c.y || x >= c.x + c.w || y >= c.y + c.h) return null;
  const pitch = c.w / c.cols;
  const col = Math.floor((x - c.x) / pitch);
  const row = Math.floor((y - c.y) / pitch);
  const inX = (x - c.x) / pitch - col;
  const inY = (y - c.y) / pitch - row;
  const inset = 0.12;
  return inX < inset || inY < inset || inX > 1 - inset || inY > 1 - inset ? [20, 20, 20] : CHECKER_SRGB[row * c.cols + col]!;
}

function paint(width: number, height: number, cast: Rgb, dx: number, dy: number): Buffer {
  const layout = castSceneLayout(width, height);
  const boxes = [layout.grey, ...layout.patches];
  const lut = [0, 1, 2].map((ch) => Array.from({ length: 256 }, (_, v) => Math.round(fromLinear(toLinear(v) * cast[ch]!))));
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      const sy = y - dy;
      // Skin with a gentle gradient and a darker oval "lesion", so the scene is not flat.
      const lesion = ((sx - width * 0.55) / (width * 0.08)) ** 2 + ((sy - height * 0.65) / (height * 0.1)) ** 2 < 1;
      let rgb: Rgb = lesion ? [140, 85, 70] : [200 + (20 * sy) / height, 160 + (15 * sx) / width, 140];
      for (const b of boxes) if (sx >= b.x && sx < b.x + b.w && sy >= b.y && sy < b.y + b.h) rgb = b.rgb;
      rgb = checkerAt(layout.checker, sx, sy) ?? rgb;
      const at = (y * width + x) * 3;
      for (let ch = 0; ch < 3; ch++) out[at + ch] = lut[ch]![Math.round(rgb[ch]!)]!;
    }
  }
  return out;
}

export async function generateCastPair(spec: CastSpec): Promise<{ from: Buffer; to: Buffer }> {
  const { width, height } = spec;
  const encode = (raw: Buffer) => sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  return { from: await encode(paint(width, height, [1, 1, 1], 0, 0)), to: await encode(paint(width, height, spec.cast, spec.dx, spec.dy)) };
}
