// Body site, side and view: pick on the body map or search the shipped SNOMED CT value set; the
// side offers only what the site allows (left/right/both for paired sites, none for midline ones).
// While a template runs the step sets all three, so the picker folds away behind "Change site".
import { useId, useState } from 'react';
import { REGION_LABELS, searchBodySites } from '../../../shared/value-sets/body-sites';
import { VIEWS, lateralitiesFor, type View } from '../../../shared/value-sets/views';
import { useT } from '../i18n';
import { BodyMap } from './BodyMap';
import { useCaptureStandards } from './store';
import { useViewLabels } from './view-labels';
import './site-picker.css';

export function SitePicker({ disabled = false }: { readonly disabled?: boolean }) {
  const t = useT();
  const labels = useViewLabels();
  const { site, laterality, view, chooseSite, chooseLaterality, chooseView, shots, run } = useCaptureStandards();
  const [query, setQuery] = useState('');
  const [showList, setShowList] = useState(false);
  const searchId = useId();
  const matches = searchBodySites(query);
  const photographed = new Set(shots.flatMap((p) => (p.context ? [`${p.context.bodySite.code}|${p.context.laterality}`] : [])));

  const picker = (
    <div className="site-picker">
      <BodyMap selectedCode={site?.code ?? null} selectedLaterality={laterality} onPick={(code, side) => chooseSite(code, side)} photographed={photographed} disabled={disabled} />
      <p className="site-picker__chosen" aria-live="polite">
        {site ? t('capture.site.chosen', { site: site.display }) : t('capture.site.none')}
        {site ? <span className="muted mono"> {t('capture.site.code', { code: site.code })}</span> : null}
      </p>
      <div className="field">
        <label htmlFor={searchId}>{t('capture.site.search')}</label>
        <input
          id={searchId}
          type="search"
          value={query}
          placeholder={t('capture.site.searchExample')}
          onChange={(e) => {
            setQuery(e.target.value);
            setShowList(true);
          }}
          onFocus={() => setShowList(true)}
          disabled={disabled}
        />
      </div>
      {showList && query ? (
        <ul className="site-picker__list" aria-label={t('capture.site.matches')}>
          {matches.length === 0 ? <li className="muted">{t('capture.site.noMatch')}</li> : null}
          {matches.slice(0, 12).map((s) => (
            <li key={s.code}>
              <button
                type="button"
                className="button button--ghost site-picker__option"
                aria-pressed={site?.code === s.code}
                onClick={() => {
                  chooseSite(s.code);
                  setShowList(false);
                  setQuery('');
                }}
              >
                {s.display} <span className="muted">· {REGION_LABELS[s.region]}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="site-picker__row">
        <fieldset className="site-picker__sides" disabled={disabled || !site}>
          <legend>{t('capture.site.side')}</legend>
          {(site ? lateralitiesFor(site.paired) : (['left', 'right', 'bilateral'] as const)).map((l) => (
            <label key={l} className="site-picker__radio">
              <input type="radio" name="laterality" value={l} checked={laterality === l} onChange={() => chooseLaterality(l)} />
              {labels.laterality(l)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${searchId}-view`}>{t('capture.site.view')}</label>
          <select id={`${searchId}-view`} value={view ?? ''} onChange={(e) => chooseView(e.target.value as View)} disabled={disabled}>
            <option value="">{t('capture.site.chooseView')}</option>
            {VIEWS.map((v) => (
              <option key={v} value={v}>
                {labels.view(v)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );

  if (!run) return picker;
  return (
    <details className="site-picker__fold">
      <summary>{t('capture.site.change')}</summary>
      {picker}
    </details>
  );
}
