// Decodes an image fully before it is accepted: a file that only looks like a JPEG (a truncated
// transfer, a renamed document) is refused here, before anything is written.
import sharp from 'sharp';
import { CoreError } from '../../../shared/errors';

export type ImageMime = 'image/jpeg' | 'image/png';

export interface InspectedImage {
  readonly mime: ImageMime;
  readonly width: number;
  readonly height: number;
  readonly thumbnail: { readonly bytes: Buffer; readonly width: number; readonly height: number };
}

export const THUMBNAIL_EDGE = 480;
const MAX_PIXELS = 200_000_000; // 200 MP: above any clinical camera, below a decompression bomb

/** Validates the whole image and makes its thumbnail in one decode. */
export async function inspectImage(bytes: Uint8Array): Promise<InspectedImage> {
  const mime = sniffMime(bytes);
  if (!mime) throw new CoreError('INVALID_IMAGE', 'The file is not a JPEG or PNG image.');
  try {
    const image = sharp(bytes, { failOn: 'warning', limitInputPixels: MAX_PIXELS });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    const { data, info } = await image
      .rotate() // honour EXIF orientation so thumbnails look the way the photographer held the camera
      .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    const rotated = (meta.orientation ?? 1) >= 5;
    return {
      mime,
      width: rotated ? meta.height : meta.width,
      height: rotated ? meta.width : meta.height,
      thumbnail: { bytes: data, width: info.width, height: info.height },
    };
  } catch {
    throw new CoreError('INVALID_IMAGE', 'The image is damaged or incomplete and cannot be decoded.');
  }
}

function sniffMime(bytes: Uint8Array): ImageMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}
