// Test images for the quality checks: a good photo and its blurred, dark, bright and glare-spot
// variants, from the simulated camera's scenes and from a few synthetic photographs (skin texture
// close-up, a face-like portrait on a backdrop, a hand on a dark cloth). Used by the calibration
// tests and the ingest benchmark; never shipped to a clinic.
import sharp from 'sharp';
import { renderClinicalScene } from '../capture/simulated-camera';

export const VARIANTS = ['good', 'blurred', 'dark', 'bright', 'glare'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface BaseImage {
  readonly name: string;
  render(width: number, height: number): Promise<Buffer>;
}

export const BASE_IMAGES: readonly BaseImage[] = [
  { name: 'simulated scene 1', render: (w, h) => renderClinicalScene(w, h, 1, 11) },
  { name: 'simulated scene 2', render: (w, h) => renderClinicalScene(w, h, 2, 2024) },
  { name: 'simulated scene 3', render: (w, h) => renderClinicalScene(w, h, 3, 77) },
  { name: 'skin texture close-up', render: skinCloseUp },
  { name: 'portrait on backdrop', render: portrait },
  { name: 'hand on dark cloth', render: handOnCloth },
];

/** Applies a defect to a good JPEG; the result is a JPEG of the same size. */
export async function makeVariant(good: Buffer, variant: Variant): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(good).metadata();
  const img = sharp(good);
  switch (variant) {
    case 'good':
      return good;
    case 'blurred': // defocus of ~0.3 % of the long edge: 7 px on a 2400 px frame, 18 px at 6000
      return img.blur(Math.max(width, height) * 0.003).jpeg({ quality: 90 }).toBuffer();
    case 'dark': // three stops under
      return img.linear(0.14, 0).jpeg({ quality: 90 }).toBuffer();
    case 'bright': // two and a half stops over, highlights blown
      return img.linear(2.6, 20).jpeg({ quality: 90 }).toBuffer();
    case 'glare': {
      // A flash reflection: a white hot spot with a soft rim, ~1.5 % of the frame.
      const r = Math.round(Math.min(width, height) * 0.09);
      const spot = Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><radialGradient id="g">
          <stop offset="0%" stop-color="#fff" stop-opacity="1"/><stop offset="65%" stop-color="#fff" stop-opacity="1"/>
          <stop offset="100%" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>
          <ellipse cx="${width * 0.55}" cy="${height * 0.4}" rx="${r * 1.3}" ry="${r}" fill="url(#g)"/></svg>`,
      );
      return img.composite([{ input: spot }]).jpeg({ quality: 90 }).toBuffer();
    }
  }
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function texture(width: number, height: number, sigma: number, cell: number): Promise<Buffer> {
  const w = Math.max(8, Math.round(width / cell));
  const h = Math.max(8, Math.round(height / cell));
  const small = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma } } }).raw().toBuffer();
  return sharp(small, { raw: { width: w, height: h, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
}

/** Skin filling the frame, with pores and fine lines: texture but no strong edges. */
async function skinCloseUp(width: number, height: number): Promise<Buffer> {
  const rnd = mulberry(5);
  const pores = Array.from({ length: 900 }, () => {
    const x = (rnd() * width).toFixed(0);
    const y = (rnd() * height).toFixed(0);
    return `<circle cx="${x}" cy="${y}" r="${(1 + rnd() * (width / 900)).toFixed(1)}" fill="rgb(150,100,80)" opacity="0.45"/>`;
  }).join('');
  const lines = Array.from({ length: 30 }, () => {
    const x = rnd() * width;
    const y = rnd() * height;
    return `<path d="M${x.toFixed(0)},${y.toFixed(0)} q${(rnd() * 200).toFixed(0)},${(rnd() * 60 - 30).toFixed(0)} ${(width * 0.15).toFixed(0)},${(rnd() * 40 - 20).toFixed(0)}" stroke="rgb(160,110,90)" stroke-width="${(width / 1200).toFixed(1)}" fill="none" opacity="0.5"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(214,160,130)"/>${pores}${lines}</svg>`;
  return sharp(Buffer.from(svg))
    .removeAlpha()
    .composite([{ input: await texture(width, height, 14, 24), raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A face-like oval with eyes, brows and lips on a blue-grey studio backdrop. */
async function portrait(width: number, height: number): Promise<Buffer> {
  const cx = width / 2;
  const cy = height * 0.48;
  const rx = height * 0.27;
  const ry = height * 0.37;
  const eye = (dx: number) =>
    `<ellipse cx="${cx + dx}" cy="${cy - ry * 0.15}" rx="${rx * 0.18}" ry="${rx * 0.08}" fill="#fff"/><circle cx="${cx + dx}" cy="${cy - ry * 0.15}" r="${rx * 0.07}" fill="#3b2a20"/>` +
    `<path d="M${cx + dx - rx * 0.22},${cy - ry * 0.3} q${rx * 0.22},${-rx * 0.1} ${rx * 0.44},0" stroke="#4a3222" stroke-width="${rx * 0.05}" fill="none"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><radialGradient id="bg" cx="50%" cy="40%" r="80%"><stop offset="0%" stop-color="#7d8a99"/><stop offset="100%" stop-color="#4c5663"/></radialGradient>
    <radialGradient id="skin" cx="45%" cy="40%" r="70%"><stop offset="0%" stop-color="#e2b196"/><stop offset="100%" stop-color="#b98166"/></radialGradient></defs>
    <rect width="100%" height="100%" fill="url(#bg)"/>
    <rect x="${cx - rx * 0.45}" y="${cy + ry * 0.7}" width="${rx * 0.9}" height="${height}" fill="#c38d70"/>
    <ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="url(#skin)"/>
    ${eye(-rx * 0.4)}${eye(rx * 0.4)}
    <path d="M${cx},${cy - ry * 0.05} l${-rx * 0.1},${ry * 0.32} h${rx * 0.2} z" fill="#a8735a" opacity="0.6"/>
    <path d="M${cx - rx * 0.3},${cy + ry * 0.5} q${rx * 0.3},${rx * 0.15} ${rx * 0.6},0 q${-rx * 0.3},${rx * 0.05} ${-rx * 0.6},0" fill="#a5524c"/>
    <path d="M${cx - rx},${cy - ry * 0.3} q${rx},${-ry * 1.1} ${rx * 2},0 q${-rx * 0.2},${-ry * 0.55} ${-rx},${-ry * 0.65} q${-rx * 0.8},0 ${-rx},${ry * 0.65}" fill="#2e2019"/>
  </svg>`;
  return sharp(Buffer.from(svg))
    .removeAlpha()
    .composite([{ input: await texture(width, height, 10, 6), raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A hand silhouette with knuckle creases on a dark blue cloth (hand eczema set-up). */
async function handOnCloth(width: number, height: number): Promise<Buffer> {
  const s = height / 1000;
  const finger = (x: number, len: number, angle: number) =>
    `<rect x="${x * s}" y="${(420 - len) * s}" width="${70 * s}" height="${len * s}" rx="${35 * s}" transform="rotate(${angle} ${(x + 35) * s} ${420 * s})" fill="#d9a587"/>` +
    [0.35, 0.65].map((f) => `<line x1="${(x + 12) * s}" y1="${(420 - len * f) * s}" x2="${(x + 58) * s}" y2="${(420 - len * f) * s}" stroke="#a87058" stroke-width="${3 * s}" transform="rotate(${angle} ${(x + 35) * s} ${420 * s})"/>`).join('');
  const ox = (width / s - 700) / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#1d2a44"/>
    <g transform="translate(${ox * s},${120 * s})">
      <rect x="${150 * s}" y="${380 * s}" width="${360 * s}" height="${380 * s}" rx="${80 * s}" fill="#d9a587"/>
      ${finger(150, 300, -8)}${finger(240, 360, -2)}${finger(330, 340, 3)}${finger(420, 280, 9)}
      <rect x="${40 * s}" y="${480 * s}" width="${80 * s}" height="${260 * s}" rx="${40 * s}" transform="rotate(-40 ${80 * s} ${740 * s})" fill="#d9a587"/>
      <rect x="${210 * s}" y="${740 * s}" width="${240 * s}" height="${400 * s}" fill="#d9a587"/>
    </g>
  </svg>`;
  return sharp(Buffer.from(svg))
    .removeAlpha()
    .composite([{ input: await texture(width, height, 12, 5), raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}
