// A photo's clinical capture metadata as rows of the viewer's description list: body site (with
// its SNOMED CT code), side, view, template step, provider, quality scores and camera settings.
import type { Photo } from '../../../shared/domain';
import { findTemplate } from '../../../shared/value-sets/templates';
import { LATERALITY_LABELS, VIEW_LABELS } from '../../../shared/value-sets/views';
import { QUALITY_ADVICE } from './QualityPrompt';

const fraction = (x: number) => `${(x * 100).toFixed(1)}%`;

function exposure(t: number): string {
  return t >= 1 ? `${t} s` : `1/${Math.round(1 / t)} s`;
}

/** Short label for a photo's site, side and view, e.g. "Skin of cheek · Left · Close-up". */
export function siteLabel(photo: Photo): string | null {
  const c = photo.context;
  if (!c) return null;
  return [c.bodySite.display, c.laterality === 'unpaired' ? null : LATERALITY_LABELS[c.laterality], VIEW_LABELS[c.view]].filter(Boolean).join(' · ');
}

export function PhotoMetadata({ photo }: { readonly photo: Photo }) {
  const { context, quality, camera } = photo;
  const template = context?.template ? findTemplate(context.template.id) : undefined;
  const settings = camera
    ? [
        camera.exposureTime !== null ? exposure(camera.exposureTime) : null,
        camera.fNumber !== null ? `f/${camera.fNumber}` : null,
        camera.iso !== null ? `ISO ${camera.iso}` : null,
        camera.focalLength !== null ? `${camera.focalLength} mm` : null,
      ].filter(Boolean)
    : [];
  return (
    <>
      <dt>Body site</dt>
      <dd>{context ? `${context.bodySite.display} (SNOMED CT ${context.bodySite.code})` : 'Not recorded'}</dd>
      {context ? (
        <>
          <dt>Side</dt>
          <dd>{LATERALITY_LABELS[context.laterality]}</dd>
          <dt>View</dt>
          <dd>{VIEW_LABELS[context.view]}</dd>
        </>
      ) : null}
      {context?.template ? (
        <>
          <dt>Template</dt>
          <dd>
            {template?.name ?? context.template.id}, step {context.template.step + 1}
            {template ? ` of ${template.shots.length}` : ''}
          </dd>
        </>
      ) : null}
      {photo.providerName ? (
        <>
          <dt>Provider</dt>
          <dd>{photo.providerName}</dd>
        </>
      ) : null}
      {quality ? (
        <>
          <dt>Quality</dt>
          <dd>
            {quality.failed.length === 0 ? 'All checks passed' : `Failed: ${quality.failed.join(', ')}`}
            <span className="muted">
              {' '}
              (sharpness {quality.sharpness.toFixed(0)}, brightness {fraction(quality.meanLuminance)}, clipped {fraction(quality.darkClipped)} dark /{' '}
              {fraction(quality.brightClipped)} bright, glare {fraction(quality.glare)})
            </span>
            {quality.failed.map((f) => (
              <span key={f} className="visually-hidden">
                {' '}
                {QUALITY_ADVICE[f]}
              </span>
            ))}
          </dd>
        </>
      ) : null}
      {camera ? (
        <>
          <dt>Camera</dt>
          <dd>
            {[camera.make, camera.model].filter(Boolean).join(' ') || 'Unknown'}
            {camera.lens ? `, ${camera.lens}` : ''}
          </dd>
          {settings.length > 0 || camera.flash || camera.whiteBalance ? (
            <>
              <dt>Settings</dt>
              <dd>
                {[...settings, camera.flash ? `flash: ${camera.flash}` : null, camera.whiteBalance ? `white balance: ${camera.whiteBalance}` : null].filter(Boolean).join(' · ')}
              </dd>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
