// A stored photo's decoded pixels, read the way the viewer reads them (photos.open, then the
// handle's stream), for the export tests that check which source photo an export drew where.
import sharp from 'sharp';
import type { CoreClient } from '../../core';
import { unwrap } from '../../test-support/fixtures';

export interface PhotoPixels {
  readonly width: number;
  readonly height: number;
  /** Mean colour (per channel) of the 9 × 9 square about (x, y), rounded to whole pixels. */
  meanAround(x: number, y: number): [number, number, number];
}

export async function photoPixels(client: CoreClient, photoId: string): Promise<PhotoPixels> {
  const opened = unwrap(await client.api.photos.open({ photoId }));
  const resolved = await client.resolvePhoto(opened.handle);
  const chunks: Buffer[] = [];
  for await (const chunk of resolved.stream()) chunks.push(chunk);
  const { data, info } = await sharp(Buffer.concat(chunks)).raw().toBuffer({ resolveWithObject: true });
  const meanAround = (x: number, y: number): [number, number, number] => {
    const sum: [number, number, number] = [0, 0, 0];
    const [cx, cy] = [Math.round(x), Math.round(y)];
    for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) for (let k = 0; k < 3; k++) sum[k]! += data[((cy + dy) * info.width + cx + dx) * info.channels + k]!;
    return [sum[0] / 81, sum[1] / 81, sum[2] / 81];
  };
  return { width: info.width, height: info.height, meanAround };
}
