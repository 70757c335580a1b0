// The import's progress: a bar, "12 of 40", the time left once there is a rate to go by, and at
// the end what was imported, what was cancelled and each file that failed with its reason.
import type { BridgeError } from '../../../shared/result';
import { messageFor } from '../app/errors';
import { useFormat, useT } from '../i18n';
import type { ImportProgress } from './import-run';

interface Props {
  readonly progress: ImportProgress;
  readonly failures: ReadonlyArray<{ readonly name: string; readonly error: BridgeError }>;
}

export function ImportProgressBar({ progress, failures }: Props) {
  const t = useT();
  const f = useFormat();
  const { done, total, secondsLeft, finished, cancelled } = progress;
  const imported = done - failures.length;
  const left =
    secondsLeft === null ? t('importer.estimating') : secondsLeft >= 90 ? t('importer.minutesLeft', { count: Math.ceil(secondsLeft / 60) }) : t('importer.secondsLeft', { count: secondsLeft });
  return (
    <section className="import-progress" aria-label={t('importer.progressLabel')}>
      <progress max={total} value={done} aria-valuetext={t('importer.progressCount', { done: f.number(done), total: f.number(total) })} />
      <p role="status" aria-live="polite">
        {finished
          ? cancelled
            ? t('importer.cancelledSummary', { imported, total })
            : t('importer.finishedSummary', { imported })
          : `${t('importer.progressCount', { done: f.number(done), total: f.number(total) })} · ${left}`}
      </p>
      {failures.length > 0 ? (
        <ul className="import-progress__failures" aria-label={t('importer.failuresLabel')}>
          {failures.map((x) => (
            <li key={x.name}>
              <span dir="auto">{x.name}</span>: {messageFor(x.error)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
