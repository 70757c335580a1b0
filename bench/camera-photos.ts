// Camera-like 6000×4000 JPEGs for the benches: a few simulated clinical scenes upscaled with fresh
// sensor noise per file (so every file differs and compresses like a real 24 MP frame, ~8–12 MB),
// with EXIF as a DSLR writes it. Generated once per machine into a temp folder per bench.
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { renderClinicalScene } from '../main/core/capture/simulated-camera';

export const PHOTO_WIDTH = 6000;
export const PHOTO_HEIGHT = 4000;
const NOISE_TILE = 1024;

/** `count` photo files under a folder named for `bench`; `seed` keeps each bench's set stable. */
export async function cameraPhotos(bench: string, count: number, seed: number): Promise<string[]> {
  const folder = path.join(os.tmpdir(), `clinic-bench-${bench}-${PHOTO_WIDTH}x${PHOTO_HEIGHT}`);
  await mkdir(folder, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => path.join(folder, `DSC_${String(i + 1).padStart(4, '0')}.jpg`));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) console.log(`${bench}: generating ${missing.length} test photos in ${folder} (once)…`);
  const bases = new Map<number, Buffer>();
  for (const file of missing) {
    const key = files.indexOf(file) % 4;
    if (!bases.has(key)) bases.set(key, await renderClinicalScene(1500, 1000, key + 1, seed + key));
    const noise = await sharp({ create: { width: NOISE_TILE, height: NOISE_TILE, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 22 } } })
      .raw()
      .toBuffer();
    const jpeg = await sharp(bases.get(key)!)
      .resize(PHOTO_WIDTH, PHOTO_HEIGHT, { kernel: 'cubic' })
      .composite([{ input: noise, raw: { width: NOISE_TILE, height: NOISE_TILE, channels: 3 }, tile: true, blend: 'soft-light' }])
      .jpeg({ quality: 92, chromaSubsampling: '4:2:0' })
      .withExif({
        IFD0: { Make: 'Nikon', Model: 'D7500', Software: 'bench' },
        IFD2: { ExposureTime: '1/125', FNumber: '11', ISOSpeedRatings: '200', FocalLength: '60', Flash: '1', WhiteBalance: '0', LensModel: 'AF-S Micro 60mm f/2.8G' },
      })
      .toBuffer();
    await writeFile(`${file}.part`, jpeg);
    await rename(`${file}.part`, file);
  }
  return files;
}
