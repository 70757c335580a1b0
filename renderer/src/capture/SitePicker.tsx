// Body site, side and view: pick on the body map or search the shipped SNOMED CT value set; the
// side offers only what the site allows (left/right/both for paired sites, none for midline ones).
import { useId, useState } from 'react';
import { REGION_LABELS, searchBodySites } from '../../../shared/value-sets/body-sites';
import { LATERALITY_LABELS, VIEWS, VIEW_LABELS, lateralitiesFor, type View } from '../../../shared/value-sets/views';
import { BodyMap } from './BodyMap';
import { useCaptureStandards } from './store';

export function SitePicker({ disabled = false }: { readonly disabled?: boolean }) {
  const { site, laterality, view, chooseSite, chooseLaterality, chooseView } = useCaptureStandards();
  const [query, setQuery] = useState('');
  const [showList, setShowList] = useState(false);
  const searchId = useId();
  const matches = searchBodySites(query);

  return (
    <div className="site-picker">
      <BodyMap selectedCode={site?.code ?? null} selectedLaterality={laterality} onPick={(code, side) => chooseSite(code, side)} disabled={disabled} />
      <div className="site-picker__fields">
        <p className="site-picker__chosen" aria-live="polite">
          Body site: <strong>{site ? site.display : 'none chosen'}</strong>
          {site ? <span className="muted mono"> SNOMED CT {site.code}</span> : null}
        </p>
        <div className="field">
          <label htmlFor={searchId}>Search body sites</label>
          <input
            id={searchId}
            type="search"
            value={query}
            placeholder="e.g. cheek, palm, scalp"
            onChange={(e) => {
              setQuery(e.target.value);
              setShowList(true);
            }}
            onFocus={() => setShowList(true)}
            disabled={disabled}
          />
        </div>
        {showList && query ? (
          <ul className="site-picker__list" aria-label="Matching body sites">
            {matches.length === 0 ? <li className="muted">No body site matches.</li> : null}
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
        <fieldset className="site-picker__sides" disabled={disabled || !site}>
          <legend>Side</legend>
          {(site ? lateralitiesFor(site.paired) : (['left', 'right', 'bilateral'] as const)).map((l) => (
            <label key={l} className="radio">
              <input type="radio" name="laterality" value={l} checked={laterality === l} onChange={() => chooseLaterality(l)} />
              {LATERALITY_LABELS[l]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${searchId}-view`}>View</label>
          <select id={`${searchId}-view`} value={view ?? ''} onChange={(e) => chooseView(e.target.value as View)} disabled={disabled}>
            <option value="">Choose a view…</option>
            {VIEWS.map((v) => (
              <option key={v} value={v}>
                {VIEW_LABELS[v]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
