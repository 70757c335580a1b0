// Decodes an image fully before it is accepted: a file that only looks like a JPEG (a truncated
// transfer, a renamed document) is refused here, before anything is written. The one decode
// (shrink-on-load to the analysis size) feeds both the thumbnail and the quality checks, and the
// EXIF camera settings are read from the header alongside it.
import sharp from 'sharp';
import type { CameraSettings, PhotoQuality } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import { readCameraSettings } from './exif';
import { ANALYSIS_EDGE, scoreQuality } from './quality';

export type ImageMime = 'image/jpeg' | 'image/png';

export interface InspectedImage {
  readonly mime: ImageMime;
  readonly width: number;
  readonly height: number;
  readonly thumbnail: { readonly bytes: Buffer; readonly width: number; readonly height: number };
  readonly quality: PhotoQuality;
  readonly camera: CameraSettings | null;
}

export const THUMBNAIL_EDGE = 480;
const MAX_PIXELS = 200_000_000; // 200 MP: above any clinical camera, below a decompression bomb

/** Validates the whole image, scores its quality and makes its thumbnail from one decode. */
export async function inspectImage(bytes: Uint8Array): Promise<InspectedImage> {
  const mime = sniffMime(bytes);
  if (!mime) throw new CoreError('INVALID_IMAGE', 'The file is not a JPEG or PNG image.');
  const camera = readCameraSettings(bytes);
  try {
    const image = sharp(bytes, { failOn: 'warning', limitInputPixels: MAX_PIXELS });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    // Decode once, at the analysis size: libjpeg's shrink-on-load does most of the downscale, and
    // the whole entropy-coded stream is still read, so a damaged file fails here.
    const { data, info } = await image
      .rotate() // honour EXIF orientation so thumbnails look the way the photographer held the camera
      .resize(ANALYSIS_EDGE, ANALYSIS_EDGE, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      // The checks read 8-bit RGB. sharp already delivers that for greyscale and 16-bit sources in
      // this pipeline; saying so explicitly keeps the checks from depending on that default.
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = { width: info.width, height: info.height, channels: info.channels };
    const thumbnail = sharp(data, { raw })
      .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    const quality = scoreQuality({ data, ...raw });
    const thumb = await thumbnail;
    const rotated = (meta.orientation ?? 1) >= 5;
    return {
      mime,
      width: rotated ? meta.height : meta.width,
      height: rotated ? meta.width : meta.height,
      thumbnail: { bytes: thumb.data, width: thumb.info.width, height: thumb.info.height },
      quality,
      camera: await camera,
    };
  } catch {
    throw new CoreError('INVALID_IMAGE', 'The image is damaged or incomplete and cannot be decoded.');
  }
}

export function sniffMime(bytes: Uint8Array): ImageMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}
