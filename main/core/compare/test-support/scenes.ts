// Generated photo pairs with a known transform, for the alignment tests, `cli align`'s test and
// `bench align`. One seeded skin-like scene (mottled tones, pigmented spots, hairs) is rendered
// twice by librsvg: once as the `from` photo, once through a similarity T (rotation about the
// centre, scale, translation) and a brightness change as the `to` photo. The truth, mapping a
// pixel of `to` onto `from`, is T⁻¹, exactly: no resampling of one image into the other.
import sharp from 'sharp';
import { invert, type Matrix3 } from '../similarity';

export interface PairSpec {
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly rotationDeg: number;
  readonly scale: number;
  readonly tx: number;
  readonly ty: number;
  /** Multiplies the `to` photo's brightness (1 = unchanged). */
  readonly gain: number;
}

export interface GeneratedPair {
  readonly from: Buffer;
  readonly to: Buffer;
  /** Maps a pixel (x, y) of `to` onto `from`. */
  readonly truth: Matrix3;
}

/** Mulberry32: a small seeded generator so every run draws the same scenes. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The scene in a 1000 × 1000 unit square, drawn well beyond the frame so a rotated view stays full. */
export function sceneSvgBody(seed: number): string {
  const rnd = seeded(seed);
  const parts: string[] = [];
  const tone = (base: [number, number, number], spread: number) => `rgb(${base.map((c) => Math.max(0, Math.min(255, Math.round(c + (rnd() - 0.5) * spread)))).join(',')})`;
  for (let k = 0; k < 900; k++) {
    const x = -300 + rnd() * 1600;
    const y = -300 + rnd() * 1600;
    parts.push(`<ellipse cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" rx="${(6 + rnd() * 40).toFixed(1)}" ry="${(6 + rnd() * 40).toFixed(1)}" transform="rotate(${(rnd() * 180).toFixed(0)} ${x.toFixed(1)} ${y.toFixed(1)})" fill="${tone([214, 160, 130], 50)}" fill-opacity="0.55"/>`);
  }
  for (let k = 0; k < 500; k++) {
    const x = -300 + rnd() * 1600;
    const y = -300 + rnd() * 1600;
    const r = 1 + rnd() * 7;
    const pts = Array.from({ length: 7 }, (_, i) => {
      const a = (i / 7) * Math.PI * 2;
      const rr = r * (0.6 + rnd() * 0.7);
      return `${(x + Math.cos(a) * rr).toFixed(2)},${(y + Math.sin(a) * rr).toFixed(2)}`;
    });
    parts.push(`<polygon points="${pts.join(' ')}" fill="${tone([110, 70, 50], 60)}"/>`);
  }
  for (let k = 0; k < 300; k++) {
    const x = -300 + rnd() * 1600;
    const y = -300 + rnd() * 1600;
    const a = rnd() * Math.PI * 2;
    const len = 5 + rnd() * 25;
    parts.push(`<path d="M${x.toFixed(1)} ${y.toFixed(1)} q${(Math.cos(a) * len * 0.5 + 3).toFixed(1)} ${(Math.sin(a) * len * 0.5).toFixed(1)} ${(Math.cos(a) * len).toFixed(1)} ${(Math.sin(a) * len).toFixed(1)}" stroke="${tone([70, 50, 40], 30)}" stroke-width="${(0.4 + rnd() * 0.8).toFixed(2)}" fill="none"/>`);
  }
  return parts.join('');
}

/** Scene units → pixels of a width × height photo, then T (pixels of `from` → pixels of `to`). */
export function render(spec: Pick<PairSpec, 'width' | 'height'>, body: string, t: Matrix3): Promise<Buffer> {
  const unit = Math.max(spec.width, spec.height) / 1000;
  const m = [t[0][0] * unit, t[1][0] * unit, t[0][1] * unit, t[1][1] * unit, t[0][2], t[1][2]].map((v) => v.toFixed(6)).join(' ');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.width}" height="${spec.height}"><rect width="100%" height="100%" fill="rgb(222,172,142)"/><g transform="matrix(${m})">${body}</g></svg>`;
  return Promise.resolve(Buffer.from(svg));
}

/** T: rotate by θ and scale by s about the centre, then translate by (tx, ty). */
export function pairTransform(spec: PairSpec): Matrix3 {
  const cx = spec.width / 2;
  const cy = spec.height / 2;
  const th = (spec.rotationDeg * Math.PI) / 180;
  const a = spec.scale * Math.cos(th);
  const b = spec.scale * Math.sin(th);
  return [
    [a, -b, cx - a * cx + b * cy + spec.tx],
    [b, a, cy - b * cx - a * cy + spec.ty],
    [0, 0, 1],
  ];
}

export async function generatePair(spec: PairSpec): Promise<GeneratedPair> {
  const body = sceneSvgBody(spec.seed);
  const t = pairTransform(spec);
  const id: Matrix3 = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const options = { limitInputPixels: false as const, density: 72 };
  const from = await sharp(await render(spec, body, id), options).jpeg({ quality: 90 }).toBuffer();
  const to = await sharp(await render(spec, body, t), options)
    .linear(spec.gain, 0)
    .jpeg({ quality: 90 })
    .toBuffer();
  return { from, to, truth: invert(t) };
}
