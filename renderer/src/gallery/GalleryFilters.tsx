// The gallery's filters: visit, body site, side, view, template, capture days, quality flag and
// source. Every control maps to one field of GalleryFilter; "any" removes the field. Each control
// is named by aria-label (a wrapping label would also read out every option of its select); the
// visible caption beside it is hidden from assistive technology so the name is read once.
import type { Encounter } from '../../../shared/domain';
import type { GalleryFilter, GalleryGroup } from '../../../shared/gallery';
import { LATERALITIES, VIEWS } from '../../../shared/value-sets/views';
import { useFormat, useT } from '../i18n';
import { localDay } from './timeline-intervals';
import { viewLabelKey } from './labels';

interface Props {
  readonly filter: GalleryFilter;
  readonly encounters: readonly Encounter[];
  /** The patient's body sites (from the unfiltered site counts). */
  readonly sites: readonly GalleryGroup[];
  readonly templates: ReadonlyArray<{ id: string; name: string }>;
  readonly onChange: (next: GalleryFilter) => void;
}

const NONE = '__none__';

/** A select's value for a nullable filter field: '' any, NONE "without one", else the value. */
const valueOf = (v: string | null | undefined) => (v === undefined ? '' : v === null ? NONE : v);
const fieldOf = (v: string): string | null | undefined => (v === '' ? undefined : v === NONE ? null : v);

function without<K extends keyof GalleryFilter>(filter: GalleryFilter, key: K, value: GalleryFilter[K] | undefined): GalleryFilter {
  const next = { ...filter };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

export function GalleryFilters({ filter, encounters, sites, templates, onChange }: Props) {
  const t = useT();
  const f = useFormat();
  const siteCodes = [...new Map(sites.filter((g) => g.site?.code).map((g) => [g.site!.code!, g.site!.display ?? g.site!.code!])).entries()];
  const set = <K extends keyof GalleryFilter>(key: K, value: GalleryFilter[K] | undefined) => onChange(without(filter, key, value));
  return (
    <fieldset className="gallery__filters">
      <legend className="visually-hidden">{t('gallery.filters')}</legend>
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterVisit')}</span>
        <select aria-label={t('gallery.filterVisit')} value={valueOf(filter.encounterId)} onChange={(e) => set('encounterId', fieldOf(e.target.value))}>
          <option value="">{t('gallery.any')}</option>
          {encounters.map((e) => (
            <option key={e.id} value={e.id}>
              {e.reason ? t('gallery.visitOption', { date: f.date(localDay(e.startedAt)), reason: e.reason }) : f.date(localDay(e.startedAt))}
            </option>
          ))}
          <option value={NONE}>{t('gallery.outsideVisit')}</option>
        </select>
      </div>
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterSite')}</span>
        <select aria-label={t('gallery.filterSite')} value={valueOf(filter.bodySiteCode)} onChange={(e) => set('bodySiteCode', fieldOf(e.target.value))}>
          <option value="">{t('gallery.any')}</option>
          {siteCodes.map(([code, display]) => (
            <option key={code} value={code}>
              {display}
            </option>
          ))}
          <option value={NONE}>{t('gallery.noSite')}</option>
        </select>
      </div>
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterSide')}</span>
        <select aria-label={t('gallery.filterSide')} value={valueOf(filter.laterality)} onChange={(e) => set('laterality', fieldOf(e.target.value) as GalleryFilter['laterality'])}>
          <option value="">{t('gallery.any')}</option>
          {LATERALITIES.map((l) => (
            <option key={l} value={l}>
              {t(`gallery.side_${l}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterView')}</span>
        <select aria-label={t('gallery.filterView')} value={valueOf(filter.view)} onChange={(e) => set('view', fieldOf(e.target.value))}>
          <option value="">{t('gallery.any')}</option>
          {VIEWS.map((v) => (
            <option key={v} value={v}>
              {t(viewLabelKey(v))}
            </option>
          ))}
        </select>
      </div>
      {templates.length > 0 ? (
        <div className="gallery__field">
          <span aria-hidden="true">{t('gallery.filterTemplate')}</span>
          <select aria-label={t('gallery.filterTemplate')} value={filter.templateId ?? ''} onChange={(e) => set('templateId', e.target.value === '' ? undefined : e.target.value)}>
            <option value="">{t('gallery.any')}</option>
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterFrom')}</span>
        <input aria-label={t('gallery.filterFrom')} type="date" value={filter.from ?? ''} max={filter.to} onChange={(e) => set('from', e.target.value === '' ? undefined : e.target.value)} />
      </div>
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterTo')}</span>
        <input aria-label={t('gallery.filterTo')} type="date" value={filter.to ?? ''} min={filter.from} onChange={(e) => set('to', e.target.value === '' ? undefined : e.target.value)} />
      </div>
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterQuality')}</span>
        <select aria-label={t('gallery.filterQuality')} value={filter.quality ?? ''} onChange={(e) => set('quality', e.target.value === '' ? undefined : (e.target.value as 'flagged' | 'clean'))}>
          <option value="">{t('gallery.any')}</option>
          <option value="flagged">{t('gallery.qualityFlagged')}</option>
          <option value="clean">{t('gallery.qualityClean')}</option>
        </select>
      </div>
      <div className="gallery__field">
        <span aria-hidden="true">{t('gallery.filterSource')}</span>
        <select aria-label={t('gallery.filterSource')} value={filter.source ?? ''} onChange={(e) => set('source', e.target.value === '' ? undefined : (e.target.value as 'camera' | 'import'))}>
          <option value="">{t('gallery.any')}</option>
          <option value="camera">{t('gallery.sourceCamera')}</option>
          <option value="import">{t('gallery.sourceImport')}</option>
        </select>
      </div>
      {Object.keys(filter).length > 0 ? (
        <button type="button" className="button button--ghost" onClick={() => onChange({})}>
          {t('gallery.clearFilters')}
        </button>
      ) : null}
    </fieldset>
  );
}
