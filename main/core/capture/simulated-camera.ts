// The built-in simulated camera: clinical-looking test photos (a skin-toned field under slightly
// uneven light, a pigmented lesion with an irregular border, a millimetre scale ruler and a grey
// patch) that differ from shot to shot. It runs through the same driver interface and ingest path
// as a real camera, so everything downstream is exercised without hardware.
import { randomInt } from 'node:crypto';
import sharp from 'sharp';
import type { CameraDriver, CapturedFrame } from './camera';
import { mulberry32 } from '../support/seeded-random';

export const SIMULATED_CAMERA_ID = 'simulated:0';

export interface SimulatedCameraOptions {
  readonly width?: number;
  readonly height?: number;
}

export function createSimulatedCamera(options: SimulatedCameraOptions = {}): CameraDriver {
  const width = options.width ?? 2400;
  const height = options.height ?? 1600;
  let shot = 0;
  return {
    id: SIMULATED_CAMERA_ID,
    label: 'Simulated camera (built-in)',
    kind: 'simulated',
    async capture(): Promise<CapturedFrame> {
      shot += 1;
      const bytes = await renderClinicalScene(width, height, shot);
      return { bytes, device: 'Simulated camera (built-in)' };
    },
  };
}

export async function renderClinicalScene(width: number, height: number, shot: number, seed = randomInt(2 ** 31)): Promise<Buffer> {
  const rnd = mulberry32(seed ^ (shot * 2654435761));
  const skin = SKIN_TONES[Math.floor(rnd() * SKIN_TONES.length)]!;
  const cx = width * (0.35 + rnd() * 0.3);
  const cy = height * (0.3 + rnd() * 0.3);
  const r = Math.min(width, height) * (0.06 + rnd() * 0.07);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs>
      <radialGradient id="light" cx="${30 + rnd() * 40}%" cy="${30 + rnd() * 30}%" r="85%">
        <stop offset="0%" stop-color="${shade(skin, 1.08)}"/>
        <stop offset="100%" stop-color="${shade(skin, 0.82)}"/>
      </radialGradient>
      <radialGradient id="lesion" cx="50%" cy="50%" r="50%">
        <stop offset="0%" stop-color="rgb(${60 + rnd() * 30},${35 + rnd() * 20},${25 + rnd() * 15})"/>
        <stop offset="70%" stop-color="rgb(${95 + rnd() * 30},${60 + rnd() * 20},${45 + rnd() * 15})"/>
        <stop offset="100%" stop-color="${shade(skin, 0.9)}" stop-opacity="0.2"/>
      </radialGradient>
      <filter id="soft"><feGaussianBlur stdDeviation="${(r * 0.04).toFixed(1)}"/></filter>
    </defs>
    <rect width="100%" height="100%" fill="url(#light)"/>
    ${freckles(rnd, width, height, skin)}
    <path d="${blobPath(rnd, cx, cy, r)}" fill="url(#lesion)" filter="url(#soft)"/>
    ${ruler(width, height)}
    <rect x="${width - height * 0.16}" y="${height * 0.05}" width="${height * 0.1}" height="${height * 0.1}" fill="rgb(128,128,128)" stroke="#222" stroke-width="2"/>
  </svg>`;
  // Skin mottling (low-frequency noise, upscaled) and sensor grain (a cached tile of gaussian noise)
  // are blended in with libvips; generating full-frame noise per shot costs most of a second.
  const mottle = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 10 } } })
    .raw()
    .toBuffer();
  const mottleFull = await sharp(mottle, { raw: { width: 96, height: 64, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
  return sharp(Buffer.from(svg))
    .removeAlpha()
    .composite([
      { input: mottleFull, raw: { width, height, channels: 3 }, blend: 'soft-light' },
      { input: await grainTile(), raw: { width: GRAIN_TILE, height: GRAIN_TILE, channels: 3 }, tile: true, blend: 'overlay' },
    ])
    .jpeg({ quality: 90, chromaSubsampling: '4:2:0' })
    .withExif({ IFD0: { Make: 'Clinic Photo', Model: 'Simulated camera', Software: 'clinic-photo-workstation' } })
    .toBuffer();
}

const GRAIN_TILE = 512;
let grain: Promise<Buffer> | undefined;
const grainTile = (): Promise<Buffer> =>
  (grain ??= sharp({ create: { width: GRAIN_TILE, height: GRAIN_TILE, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 5 } } })
    .raw()
    .toBuffer());
const SKIN_TONES: Array<[number, number, number]> = [
  [241, 194, 167],
  [224, 172, 138],
  [198, 140, 104],
  [161, 106, 74],
  [120, 78, 52],
];

function shade([r, g, b]: [number, number, number], k: number): string {
  const c = (v: number) => Math.max(0, Math.min(255, Math.round(v * k)));
  return `rgb(${c(r)},${c(g)},${c(b)})`;
}

/** An irregular closed outline around (cx, cy): asymmetric, with notches, like a naevus. */
function blobPath(rnd: () => number, cx: number, cy: number, r: number): string {
  const points = 28;
  const phase = rnd() * Math.PI * 2;
  const stretch = 0.75 + rnd() * 0.5;
  const pts = Array.from({ length: points }, (_, i) => {
    const a = (i / points) * Math.PI * 2;
    const wobble = 1 + 0.18 * Math.sin(3 * a + phase) + 0.1 * Math.sin(7 * a + phase * 2) + (rnd() - 0.5) * 0.12;
    return [cx + Math.cos(a) * r * wobble * stretch, cy + Math.sin(a) * r * wobble] as const;
  });
  return `M${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' L')} Z`;
}

function freckles(rnd: () => number, width: number, height: number, skin: [number, number, number]): string {
  return Array.from({ length: 40 }, () => {
    const x = rnd() * width;
    const y = rnd() * height * 0.8;
    const s = 2 + rnd() * 5;
    return `<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${s.toFixed(1)}" fill="${shade(skin, 0.78)}" opacity="${(0.3 + rnd() * 0.4).toFixed(2)}"/>`;
  }).join('');
}

/** A 10 cm scale ruler along the bottom edge with mm, 5 mm and cm ticks. */
function ruler(width: number, height: number): string {
  const mm = (width * 0.5) / 100;
  const x0 = width * 0.08;
  const y0 = height * 0.86;
  const ticks = Array.from({ length: 101 }, (_, i) => {
    const len = i % 10 === 0 ? height * 0.05 : i % 5 === 0 ? height * 0.035 : height * 0.02;
    const x = (x0 + i * mm).toFixed(1);
    return `<line x1="${x}" y1="${y0.toFixed(1)}" x2="${x}" y2="${(y0 + len).toFixed(1)}" stroke="#111" stroke-width="${i % 10 === 0 ? 3 : 1.5}"/>`;
  }).join('');
  return `<rect x="${x0 - mm * 3}" y="${y0 - mm * 2}" width="${mm * 106}" height="${height * 0.09}" fill="#f4f1e6" stroke="#333" stroke-width="2"/>${ticks}`;
}
