// "Export comparison" in the compare view's toolbar (docs/compare.md, "Export a comparison"): the
// two photos being compared, side by side or as a slider snapshot at the wipe's position, saved by
// the core as a new photo of the patient (compare.export) with the dates, sites and interval
// drawn in, then delivered like every photo. Offered only to roles with photo.export; the core
// decides again. The purpose note is kept with the derivation, never drawn into the image.
import { useId, useState } from 'react';
import type { ComparisonExportMode } from '../../../shared/channels/compare-export';
import type { Photo } from '../../../shared/domain';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useT } from '../i18n';
import { announceComparisonExported } from './exported';
import './export-comparison.css';

interface Props {
  readonly first: Photo;
  readonly second: Photo;
  /** The compare view's mode and wipe: the form starts from what is on screen. */
  readonly viewMode: string;
  readonly wipeAt: number;
  /** Told the new photo (the gallery hears of it through exported.ts in any case). */
  readonly onExported?: (photo: Photo) => void;
}

export function ExportComparison({ first, second, viewMode, wipeAt, onExported }: Props) {
  const t = useT();
  const allowed = useAppStore((s) => s.session?.permissions.includes('photo.export') ?? false);
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<ComparisonExportMode>('side-by-side');
  const [note, setNote] = useState('');
  const [made, setMade] = useState<Photo | null>(null);
  const submit = useSubmit();
  const noteId = useId();
  if (!allowed) return null;

  const start = () => {
    setMode(viewMode === 'slider' ? 'slider' : 'side-by-side');
    setMade(null);
    submit.reset();
    setOpen(true);
  };
  const send = async () => {
    const trimmed = note.trim();
    const result = await submit.run((api) =>
      api.compare.export({ photoIds: [first.id, second.id], mode, ...(mode === 'slider' ? { sliderPosition: wipeAt } : {}), ...(trimmed ? { note: trimmed } : {}) }),
    );
    if (!result?.ok) return;
    setMade(result.value.photo);
    setOpen(false);
    setNote('');
    announceComparisonExported(result.value.photo);
    onExported?.(result.value.photo);
  };

  return (
    <div className="export-comparison">
      <button type="button" className="button button--secondary" aria-expanded={open} onClick={() => (open ? setOpen(false) : start())}>
        {t('derived.open')}
      </button>
      {made && !open ? (
        <p className="export-comparison__done" role="status">
          {t('derived.done')}
        </p>
      ) : null}
      {open ? (
        <form
          className="export-comparison__panel"
          aria-label={t('derived.title')}
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <h3 className="export-comparison__title">{t('derived.title')}</h3>
          <p className="export-comparison__intro">{t('derived.intro')}</p>
          <fieldset className="export-comparison__modes">
            <legend>{t('derived.mode')}</legend>
            <label>
              <input type="radio" name="derived-mode" checked={mode === 'side-by-side'} onChange={() => setMode('side-by-side')} /> {t('derived.mode.sideBySide')}
            </label>
            <label>
              <input type="radio" name="derived-mode" checked={mode === 'slider'} onChange={() => setMode('slider')} /> {t('derived.mode.slider', { percent: wipeAt })}
            </label>
            {mode === 'slider' ? <p className="export-comparison__hint">{t('derived.layoutHint')}</p> : null}
          </fieldset>
          <label htmlFor={noteId}>{t('derived.note')}</label>
          <input id={noteId} type="text" maxLength={500} value={note} placeholder={t('derived.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
          {submit.error ? <CallError error={submit.error} /> : null}
          <div className="export-comparison__actions">
            <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
              {t('derived.cancel')}
            </button>
            <button type="submit" className="button" disabled={submit.pending}>
              {submit.pending ? t('derived.exporting') : t('derived.submit')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
