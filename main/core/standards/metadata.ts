// A photo row's capture metadata (migration 0007) as the contract's Photo fields: body site,
// laterality, view and template step; the encounter's provider; quality scores; camera settings.
import type { CameraSettings, CaptureContext, Photo, PhotoQuality } from '../../../shared/domain';
import { QUALITY_CHECKS } from '../../../shared/domain';
import { VIEWS, type View } from '../../../shared/value-sets/views';
import type { PhotoRow } from '../photos/photos';

export function photoMetadataView(row: PhotoRow): Pick<Photo, 'context' | 'providerName' | 'quality' | 'camera'> {
  return { context: contextOf(row), providerName: row.provider_name, quality: qualityOf(row), camera: cameraOf(row) };
}

function contextOf(row: PhotoRow): CaptureContext | null {
  if (!row.body_site_code || !row.body_site_display || !row.laterality || !isView(row.view)) return null;
  const context: CaptureContext = { bodySite: { code: row.body_site_code, display: row.body_site_display }, laterality: row.laterality, view: row.view };
  return row.template_id !== null && row.template_step !== null ? { ...context, template: { id: row.template_id, step: row.template_step } } : context;
}

function qualityOf(row: PhotoRow): PhotoQuality | null {
  if (row.quality_sharpness === null || row.quality_mean_luminance === null) return null;
  const failed = (row.quality_failed ?? '').split(',').filter((c): c is PhotoQuality['failed'][number] => (QUALITY_CHECKS as readonly string[]).includes(c));
  return {
    sharpness: row.quality_sharpness,
    meanLuminance: row.quality_mean_luminance,
    darkClipped: row.quality_dark_clipped ?? 0,
    brightClipped: row.quality_bright_clipped ?? 0,
    glare: row.quality_glare ?? 0,
    failed,
  };
}

function cameraOf(row: PhotoRow): CameraSettings | null {
  const settings: CameraSettings = {
    make: row.exif_make,
    model: row.exif_model,
    lens: row.exif_lens,
    exposureTime: row.exif_exposure_time,
    fNumber: row.exif_f_number,
    iso: row.exif_iso,
    focalLength: row.exif_focal_length,
    flash: row.exif_flash,
    whiteBalance: row.exif_white_balance,
  };
  return Object.values(settings).some((v) => v !== null) ? settings : null;
}

const isView = (v: string | null): v is View => v !== null && (VIEWS as readonly string[]).includes(v);
