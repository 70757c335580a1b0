// A patient's deleted photos (kept until the retention rules purge them), each with who deleted it,
// when and why; restoring one needs a reason like any correction.
import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { InfoMessage } from '../components/Notice';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { ReasonField, reasonOk } from './ReasonField';

export function DeletedPhotosDialog({ patientId, onClose, onRestored }: { readonly patientId: string; readonly onClose: () => void; readonly onRestored: () => void }) {
  const t = useT();
  const f = useFormat();
  const deleted = useQuery(['corrections.deletedPhotos', patientId], (api) => api.corrections.deletedPhotos({ patientId }));
  const submit = useSubmit();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [restored, setRestored] = useState(false);

  async function restore(photoId: string) {
    setTried(true);
    if (!reasonOk(reason)) return;
    const r = await submit.run((api) => api.corrections.restorePhoto({ photoId, reason }));
    if (!r?.ok) return;
    setRestored(true);
    await deleted.reload();
    onRestored();
  }

  return (
    <Dialog title={t('corrections.deleted.title')} onClose={onClose} className="dialog--form">
      <p>{t('corrections.deleted.intro')}</p>
      <InfoMessage>{restored ? t('corrections.deleted.restored') : null}</InfoMessage>
      <CallError error={deleted.error ?? submit.error} />
      {deleted.data ? (
        deleted.data.length === 0 ? (
          <p className="muted">{t('corrections.deleted.empty')}</p>
        ) : (
          <>
            <ReasonField value={reason} onChange={setReason} showError={tried} />
            <ul className="corrections-picker__list">
              {deleted.data.map((d) => (
                <li key={d.photoId}>
                  <span>
                    {t('corrections.deleted.item', { site: d.bodySite ?? t('corrections.deleted.noSite'), taken: f.dateTime(d.capturedAt), deleted: f.dateTime(d.deletedAt), name: d.deletedByName })}
                    <br />
                    <span className="muted">{t('corrections.history.reason', { reason: d.reason })}</span>
                  </span>
                  <button type="button" className="button button--secondary" disabled={submit.pending} aria-label={t('corrections.deleted.restoreLabel', { taken: f.dateTime(d.capturedAt) })} onClick={() => void restore(d.photoId)}>
                    {t('corrections.deleted.restore')}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </Dialog>
  );
}
