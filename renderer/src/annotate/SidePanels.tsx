// The editor's smaller side panels: layers (shown or hidden, which one new shapes go on), the
// selected shape (its text, the measurements a lesion marker counts, delete), every measurement
// in the document, and the saved versions with their authors.
import type { AnnotationDocument, Shape } from '../../../shared/annotations/document';
import { allShapes } from '../../../shared/annotations/document';
import type { AnnotationVersionInfo } from '../../../shared/channels/annotations';
import { useFormat, useT } from '../i18n';
import { TOOL_LABEL } from './tools';

export function LayersPanel(props: {
  readonly doc: AnnotationDocument;
  readonly hidden: ReadonlySet<string>;
  readonly active: string;
  readonly readOnly: boolean;
  readonly onToggle: (layerId: string) => void;
  readonly onActive: (layerId: string) => void;
  readonly onAdd: () => void;
}) {
  const t = useT();
  return (
    <section className="annotate-panel__section" aria-labelledby="annotate-layers">
      <h3 id="annotate-layers">{t('annotate.layers')}</h3>
      <ul className="annotate-layers">
        {props.doc.layers.map((l) => (
          <li key={l.id}>
            <label>
              <input type="checkbox" checked={!props.hidden.has(l.id)} onChange={() => props.onToggle(l.id)} aria-label={t('annotate.layerShow', { name: l.name })} />
              {l.name} ({l.shapes.length})
            </label>
            {props.readOnly ? null : (
              <label className="annotate-layers__active">
                <input type="radio" name="annotate-active-layer" checked={props.active === l.id} onChange={() => props.onActive(l.id)} aria-label={`${t('annotate.layerActive')}: ${l.name}`} />
              </label>
            )}
          </li>
        ))}
      </ul>
      {props.readOnly ? null : (
        <button type="button" onClick={props.onAdd}>
          {t('annotate.addLayer')}
        </button>
      )}
    </section>
  );
}

const kindLabel = (shape: Shape) => TOOL_LABEL[shape.kind === 'area' ? (shape.outline.type === 'polygon' ? 'areaPolygon' : 'areaEllipse') : shape.kind];

export function SelectionPanel(props: {
  readonly doc: AnnotationDocument;
  readonly shape: Shape | null;
  readonly readOnly: boolean;
  readonly labelOf: (shape: Shape) => string | null;
  readonly onChange: (shape: Shape) => void;
  readonly onDelete: () => void;
}) {
  const t = useT();
  const { shape } = props;
  if (!shape) {
    return (
      <section className="annotate-panel__section">
        <h3>{t('annotate.selection')}</h3>
        <p className="annotate-panel__hint">{t('annotate.nothingSelected')}</p>
      </section>
    );
  }
  const measuring = allShapes(props.doc).filter((s) => s.kind === 'ruler' || s.kind === 'area');
  return (
    <section className="annotate-panel__section" aria-labelledby="annotate-selection">
      <h3 id="annotate-selection">
        {t('annotate.selection')}: {t(kindLabel(shape))}
      </h3>
      {props.labelOf(shape) ? <p>{props.labelOf(shape)}</p> : null}
      {shape.kind === 'text' ? (
        <label className="annotate-panel__field">
          {t('annotate.textLabel')}
          <input type="text" value={shape.text} maxLength={200} readOnly={props.readOnly} onChange={(e) => e.target.value.trim() && props.onChange({ ...shape, text: e.target.value })} />
        </label>
      ) : null}
      {shape.kind === 'arrow' ? (
        <label className="annotate-panel__field">
          {t('annotate.arrowLabel')}
          <input type="text" value={shape.label ?? ''} maxLength={200} readOnly={props.readOnly} onChange={(e) => props.onChange({ ...shape, label: e.target.value })} />
        </label>
      ) : null}
      {shape.kind === 'lesion' ? (
        <fieldset className="annotate-panel__fieldset">
          <legend>{t('annotate.lesionMeasures')}</legend>
          {measuring.map((m) => (
            <label key={m.id}>
              <input
                type="checkbox"
                disabled={props.readOnly}
                checked={shape.measures.includes(m.id)}
                onChange={(e) => props.onChange({ ...shape, measures: e.target.checked ? [...shape.measures, m.id] : shape.measures.filter((x) => x !== m.id) })}
              />
              {t(kindLabel(m))}: {props.labelOf(m)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {props.readOnly ? null : (
        <button type="button" className="button--danger" onClick={props.onDelete}>
          {t('annotate.delete')}
        </button>
      )}
    </section>
  );
}

export function MeasurementsPanel(props: { readonly doc: AnnotationDocument; readonly labelOf: (shape: Shape) => string | null; readonly onSelect: (id: string) => void }) {
  const t = useT();
  const measured = allShapes(props.doc).filter((s) => s.kind === 'ruler' || s.kind === 'area' || s.kind === 'angle');
  return (
    <section className="annotate-panel__section" aria-labelledby="annotate-measurements">
      <h3 id="annotate-measurements">{t('annotate.measurements')}</h3>
      {measured.length === 0 ? (
        <p className="annotate-panel__hint">{t('annotate.noMeasurements')}</p>
      ) : (
        <ul className="annotate-measurements">
          {measured.map((s) => (
            <li key={s.id}>
              <button type="button" className="link-button" onClick={() => props.onSelect(s.id)}>
                {t(kindLabel(s))}
              </button>{' '}
              <span data-testid="measurement">{props.labelOf(s)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function VersionsPanel(props: { readonly versions: readonly AnnotationVersionInfo[]; readonly viewing: number | null; readonly onView: (version: number | undefined) => void }) {
  const t = useT();
  const f = useFormat();
  const current = props.versions.at(-1)?.version;
  return (
    <section className="annotate-panel__section" aria-labelledby="annotate-versions">
      <h3 id="annotate-versions">{t('annotate.versions')}</h3>
      {props.versions.length === 0 ? <p className="annotate-panel__hint">{t('annotate.noVersions')}</p> : null}
      <ol className="annotate-versions" reversed>
        {[...props.versions].reverse().map((v) => (
          <li key={v.version} aria-current={props.viewing === v.version ? 'true' : undefined}>
            <span>{t('annotate.versionLine', { version: v.version, author: v.authorName, when: f.dateTime(v.createdAt) })}</span>
            {v.reason ? <q>{v.reason}</q> : null}
            <button type="button" className="link-button" onClick={() => props.onView(v.version === current ? undefined : v.version)}>
              {t('annotate.view')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
