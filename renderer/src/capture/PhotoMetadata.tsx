// A photo's clinical capture metadata as rows of the viewer's description list: body site (with
// its SNOMED CT code), side, view, template step, provider, quality scores and camera settings, in
// the reader's language (`siteLabel`, the gallery's short line, still reads the value sets' English).
import type { Photo } from '../../../shared/domain';
import { findTemplate } from '../../../shared/value-sets/templates';
import { LATERALITY_LABELS, VIEW_LABELS } from '../../../shared/value-sets/views';
import { useT } from '../i18n';
import { useTemplateText } from './template-text';
import { useViewLabels } from './view-labels';

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
  const t = useT();
  const labels = useViewLabels();
  const text = useTemplateText();
  const { context, quality, camera } = photo;
  const template = context?.template ? findTemplate(context.template.id) : undefined;
  const settings = camera
    ? [
        camera.exposureTime !== null ? exposure(camera.exposureTime) : null,
        camera.fNumber !== null ? `f/${camera.fNumber}` : null,
        camera.iso !== null ? `ISO ${camera.iso}` : null,
        camera.focalLength !== null ? `${camera.focalLength} mm` : null,
        camera.flash ? t('capture.meta.flash', { value: camera.flash }) : null,
        camera.whiteBalance ? t('capture.meta.whiteBalance', { value: camera.whiteBalance }) : null,
      ].filter(Boolean)
    : [];
  return (
    <>
      <dt>{t('capture.meta.bodySite')}</dt>
      <dd>{context ? t('capture.meta.site', { site: context.bodySite.display, code: context.bodySite.code }) : t('capture.meta.notRecorded')}</dd>
      {context ? (
        <>
          <dt>{t('capture.meta.side')}</dt>
          <dd>{labels.laterality(context.laterality)}</dd>
          <dt>{t('capture.meta.view')}</dt>
          <dd>{labels.view(context.view)}</dd>
        </>
      ) : null}
      {context?.template ? (
        <>
          <dt>{t('capture.meta.template')}</dt>
          <dd>
            {template
              ? t('capture.meta.templateStep', { name: text.name(template), step: context.template.step + 1, total: template.shots.length })
              : `${context.template.id}, ${context.template.step + 1}`}
          </dd>
        </>
      ) : null}
      {photo.providerName ? (
        <>
          <dt>{t('capture.meta.provider')}</dt>
          <dd>{photo.providerName}</dd>
        </>
      ) : null}
      {quality ? (
        <>
          <dt>{t('capture.meta.quality')}</dt>
          <dd>
            {quality.failed.length === 0 ? t('capture.meta.allPassed') : t('capture.meta.failed', { checks: quality.failed.map((f) => t(`capture.quality.check.${f}`)).join(', ') })}
            <span className="muted">
              {' '}
              {t('capture.meta.scores', { sharpness: Math.round(quality.sharpness), brightness: quality.meanLuminance, dark: quality.darkClipped, bright: quality.brightClipped, glare: quality.glare })}
            </span>
            {quality.failed.map((f) => (
              <span key={f} className="visually-hidden">
                {' '}
                {t(`capture.quality.advice.${f}`)}
              </span>
            ))}
          </dd>
        </>
      ) : null}
      {camera ? (
        <>
          <dt>{t('capture.meta.camera')}</dt>
          <dd>
            {[camera.make, camera.model].filter(Boolean).join(' ') || t('capture.meta.cameraUnknown')}
            {camera.lens ? `, ${camera.lens}` : ''}
          </dd>
          {settings.length > 0 ? (
            <>
              <dt>{t('capture.meta.settings')}</dt>
              <dd>{settings.join(' · ')}</dd>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
