// Lesions: the patient's numbered lesions at this photo's site to choose from (the lesion tool
// places the chosen one), numbering a new one, and the chosen lesion's sizes over time (each
// photo's saved version), oldest first.
import { useState } from 'react';
import type { Lesion } from '../../../shared/channels/annotations';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit, type Query } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { measurementText } from './measure-label';

interface Props {
  readonly photoId: string;
  /** The patient's lesions at this photo's site (the editor labels markers with them too). */
  readonly lesions: Query<Lesion[]>;
  readonly readOnly: boolean;
  readonly lesionId: string | null;
  readonly onChoose: (lesion: Lesion | null) => void;
  /** Changes after every save, so the history shows what was just saved. */
  readonly savedVersion: number | null;
}

export function LesionPanel({ photoId, lesions, readOnly, lesionId, onChoose, savedVersion }: Props) {
  const t = useT();
  const f = useFormat();
  const history = useQuery(lesionId ? ['annotations.lesionHistory', lesionId, savedVersion] : null, (api) => api.annotations.lesionHistory({ lesionId: lesionId! }));
  const create = useSubmit();
  const [label, setLabel] = useState('');

  const number = async () => {
    const result = await create.run((api) => api.annotations.createLesion({ photoId, label }));
    if (result?.ok) {
      lesions.update((list) => [...(list ?? []), result.value]);
      onChoose(result.value);
      setLabel('');
    }
  };

  return (
    <section className="annotate-panel__section" aria-labelledby="annotate-lesions">
      <h3 id="annotate-lesions">{t('annotate.lesion')}</h3>
      <label className="annotate-panel__field">
        {t('annotate.lesion')}
        <select value={lesionId ?? ''} onChange={(e) => onChoose(lesions.data?.find((l) => l.id === e.target.value) ?? null)}>
          <option value="">{t('annotate.lesionNone')}</option>
          {(lesions.data ?? []).map((l) => (
            <option key={l.id} value={l.id}>
              {t('annotate.lesionName', { number: l.number, label: l.label })}
            </option>
          ))}
        </select>
      </label>
      {readOnly ? null : (
        <div className="annotate-panel__row">
          <label className="annotate-panel__field">
            {t('annotate.lesionLabel')}
            <input type="text" value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <button type="button" disabled={!label.trim() || create.pending} onClick={() => void number()}>
            {t('annotate.lesionCreate')}
          </button>
        </div>
      )}
      <CallError error={create.error ?? lesions.error} />
      {lesionId ? (
        <>
          <h4>{t('annotate.lesionHistory')}</h4>
          {history.data && history.data.measurements.length > 0 ? (
            <table className="annotate-history">
              <tbody>
                {history.data.measurements.map((m) => (
                  <tr key={`${m.photoId}-${m.shapeId}`}>
                    <td>{f.date(m.takenAt.slice(0, 10))}</td>
                    <td>{measurementText({ kind: m.kind, value: m.value, uncertainty: m.uncertainty, unit: m.unit, source: m.source }, t, f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="annotate-panel__hint">{t('annotate.lesionHistoryEmpty')}</p>
          )}
        </>
      ) : null}
    </section>
  );
}
