// This encounter's shots in this capture session, oldest first, each with its quality verdict and
// its step or site, so the photographer sees what is done without leaving the capture screen.
// Discarded shots leave the strip (store.ts).
import type { Photo } from '../../../shared/domain';
import { findTemplate } from '../../../shared/value-sets/templates';
import { PhotoImage } from '../components/PhotoImage';
import { useT } from '../i18n';
import { useCaptureStandards } from './store';
import { useViewLabels } from './view-labels';

export function Filmstrip({ encounterId }: { readonly encounterId: string | null }) {
  const t = useT();
  const shots = useCaptureStandards((s) => s.shots).filter((p) => p.encounterId === encounterId);
  return (
    <section className="filmstrip" aria-label={t('capture.filmstrip.label')}>
      {shots.length === 0 ? (
        <p className="filmstrip__empty muted">{t('capture.filmstrip.empty')}</p>
      ) : (
        <ol className="filmstrip__list">
          {shots.map((p, i) => (
            <Shot key={p.id} photo={p} index={i + 1} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Shot({ photo, index }: { readonly photo: Photo; readonly index: number }) {
  const t = useT();
  const labels = useViewLabels();
  const failed = photo.quality?.failed ?? [];
  const verdict = !photo.quality ? 'unchecked' : failed.length === 0 ? 'passed' : 'failed';
  const step = photo.context?.template ? findTemplate(photo.context.template.id)?.shots[photo.context.template.step] : undefined;
  const what = step ? t(`capture.step.${step.name}`) : photo.context ? `${photo.context.bodySite.display}, ${labels.view(photo.context.view)}` : '';
  const verdictText =
    verdict === 'passed' ? t('capture.filmstrip.passed') : verdict === 'failed' ? t('capture.filmstrip.failed', { checks: failed.map((f) => t(`capture.quality.check.${f}`)).join(', ') }) : t('capture.filmstrip.unchecked');
  return (
    <li className={`filmstrip__shot filmstrip__shot--${verdict}`} aria-label={t('capture.filmstrip.shot', { index, what, verdict: verdictText })}>
      <PhotoImage className="filmstrip__img" handle={photo.thumbnail.handle} alt="" width={photo.thumbnail.width} height={photo.thumbnail.height} onExpired={() => undefined} />
      <span className="filmstrip__caption">
        <span className="filmstrip__verdict" aria-hidden="true">
          {verdict === 'passed' ? '✓' : verdict === 'failed' ? '!' : '?'}
        </span>{' '}
        {what}
      </span>
    </li>
  );
}
