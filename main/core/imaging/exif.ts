// Camera settings from a photo's EXIF (exifr): make, model, lens, exposure, aperture, ISO, focal
// length, flash and white balance. Only these tags are read; GPS and maker notes never are, so no
// location or serial number is stored with a photo. A photo without EXIF simply has none.
import exifr from 'exifr';
import type { CameraSettings } from '../../../shared/domain';

const PICK = ['Make', 'Model', 'LensModel', 'ExposureTime', 'FNumber', 'ISO', 'FocalLength', 'Flash', 'WhiteBalance'];

export async function readCameraSettings(bytes: Uint8Array): Promise<CameraSettings | null> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { pick: PICK, gps: false, makerNote: false })) as
      | Record<string, unknown>
      | undefined;
  } catch {
    return null; // unreadable EXIF is not a reason to refuse a photo that decodes
  }
  if (!tags) return null;
  const settings: CameraSettings = {
    make: text(tags.Make),
    model: text(tags.Model),
    lens: text(tags.LensModel),
    exposureTime: num(tags.ExposureTime),
    fNumber: num(tags.FNumber),
    iso: num(tags.ISO),
    focalLength: num(tags.FocalLength),
    flash: text(tags.Flash),
    whiteBalance: text(tags.WhiteBalance),
  };
  return Object.values(settings).some((v) => v !== null) ? settings : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 120) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : null);
