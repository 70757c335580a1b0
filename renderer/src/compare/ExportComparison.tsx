// "Export comparison" in the compare view's toolbar (docs/compare.md, "Export a comparison"): the
// photos being compared, two side by side or as a slider snapshot at the wipe's position, three or
// four as a grid (laid out as the core will draw it: shared/compare-grid.ts), saved by the core as a
// new photo of the patient (compare.export) with the dates, sites and interval drawn in, then
// delivered like every photo. Offered only to roles with photo.export; the core
// decides again. The purpose note is kept with the derivation, never drawn into the image.
import { useId, useState } from 'react';
import type { ComparisonExportMode } from '../../../shared/channels/compare-export';
import { gridLayout } from '../../../shared/compare-grid';
import type { Photo } from '../../../shared/domain';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useT } from '../i18n';
import { announceComparisonExported } from './exported';
import './export-comparison.css';

interface Props {
  /** The two to four photos on screen, earliest first. */
  readonly photos: readonly Photo[];
  /** The compare view's mode and wipe: the form starts from what is on screen. */
  readonly viewMode: string;
  readonly wipeAt: number;
  /** Told the new photo (the gallery hears of it through exported.ts in any case). */
  readonly onExported?: (photo: Photo) => void;
}

export function ExportComparison({ photos, viewMode, wipeAt, onExported }: Props) {
  const t = useT();
  const allowed = useAppStore((s) => s.session?.permissions.includes('photo.export') ?? false);
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<ComparisonExportMode>('side-by-side');
  const [note, setNote] = useState('');
  const [made, setMade] = useState<Photo | null>(null);
  const submit = useSubmit();
  const noteId = useId();
  if (!allowed) return null;

  const first = photos[0]!;
  const grid = photos.length > 2 ? gridLayout(photos.length, first.width / first.height) : null;

  const start = () => {
    setMode(grid ? 'grid' : viewMode === 'slider' ? 'slider' : 'side-by-side');
    setMade(null);
    submit.reset();
    setOpen(true);
  };
  const send = async () => {
    const trimmed = note.trim();
    const result = await submit.run((api) =>
      api.compare.export({ photoIds: photos.map((p) => p.id), mode, ...(mode === 'slider' ? { sliderPosition: wipeAt } : {}), ...(trimmed ? { note: trimmed } : {}) }),
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
            {grid ? (
              <>
                <label>
                  <input type="radio" name="derived-mode" checked={mode === 'grid'} onChange={() => setMode('grid')} />{' '}
                  {grid.rows === 1 ? t('derived.mode.row', { count: photos.length }) : t('derived.mode.grid', { columns: grid.columns, rows: grid.rows })}
                </label>
                <p className="export-comparison__hint">{t('derived.gridHint')}</p>
              </>
            ) : (
              <>
                <label>
                  <input type="radio" name="derived-mode" checked={mode === 'side-by-side'} onChange={() => setMode('side-by-side')} /> {t('derived.mode.sideBySide')}
                </label>
                <label>
                  <input type="radio" name="derived-mode" checked={mode === 'slider'} onChange={() => setMode('slider')} /> {t('derived.mode.slider', { percent: wipeAt })}
                </label>
                {mode === 'slider' ? <p className="export-comparison__hint">{t('derived.layoutHint')}</p> : null}
              </>
            )}
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
