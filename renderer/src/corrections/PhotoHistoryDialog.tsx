// A photo's corrections in words: what changed, who, when and why, whether it moved with a merge,
// and whether a copy delivered earlier remains at a receiving system.
import type { PhotoCorrection } from '../../../shared/channels/corrections';
import { Dialog } from '../components/Dialog';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { useFormat, useT, type MessageId } from '../i18n';

const FIELD_LABELS: Readonly<Record<string, MessageId>> = {
  bodySite: 'corrections.photo.bodySite',
  laterality: 'corrections.photo.laterality',
  view: 'corrections.photo.view',
  encounterId: 'corrections.photo.encounter',
  patientId: 'corrections.field.patient',
};

const TITLES: Readonly<Record<PhotoCorrection['kind'], MessageId>> = {
  edit: 'corrections.photoHistory.edit',
  delete: 'corrections.photoHistory.delete',
  restore: 'corrections.photoHistory.restore',
};

export function PhotoHistoryDialog({ photoId, onClose }: { readonly photoId: string; readonly onClose: () => void }) {
  const t = useT();
  const f = useFormat();
  const history = useQuery(['corrections.photoHistory', photoId], (api) => api.corrections.photoHistory({ photoId }));
  return (
    <Dialog title={t('corrections.history.title')} onClose={onClose} className="dialog--form">
      <CallError error={history.error} />
      {history.data ? (
        history.data.length === 0 ? (
          <p className="muted">{t('corrections.history.empty')}</p>
        ) : (
          <ol className="corrections-history">
            {history.data.map((c) => {
              const changed = Object.keys(c.before).filter((k) => FIELD_LABELS[k]);
              return (
                <li key={c.id}>
                  <strong>{t(TITLES[c.kind], { date: f.dateTime(c.correctedAt), name: c.correctedByName })}</strong>
                  {changed.length > 0 ? <p>{t('corrections.photoHistory.changed', { fields: f.list(changed.map((k) => t(FIELD_LABELS[k]!))) })}</p> : null}
                  {c.mergeId ? <p>{t('corrections.photoHistory.merge')}</p> : null}
                  <p>{t('corrections.history.reason', { reason: c.reason })}</p>
                  {c.remoteOutcome === 'flagged' ? <p className="corrections-outcome__attention">{t('corrections.photoHistory.flagged')}</p> : null}
                </li>
              );
            })}
          </ol>
        )
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </Dialog>
  );
}
