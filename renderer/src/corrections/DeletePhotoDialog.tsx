// Deleting a photo with a reason: soft (kept until the retention rules purge it), and copies
// that already left are listed for removal at the receiving systems, never silently abandoned.
import { useState, type FormEvent } from 'react';
import type { PhotoCorrectionResult } from '../../../shared/channels/corrections';
import type { Photo } from '../../../shared/domain';
import { Dialog } from '../components/Dialog';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useT } from '../i18n';
import { CorrectionOutcome } from './CorrectionOutcome';
import { ReasonField, reasonOk } from './ReasonField';

export function DeletePhotoDialog({ photo, onClose, onDeleted }: { readonly photo: Photo; readonly onClose: () => void; readonly onDeleted: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [result, setResult] = useState<PhotoCorrectionResult | null>(null);
  const submit = useSubmit();

  async function remove(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!reasonOk(reason)) return;
    const r = await submit.run((api) => api.corrections.deletePhoto({ photoId: photo.id, reason }));
    if (r?.ok) setResult(r.value);
  }

  return (
    <Dialog title={t('corrections.photo.deleteTitle')} onClose={result ? onDeleted : onClose} className="dialog--form">
      {result ? (
        <CorrectionOutcome result={result} onClose={onDeleted} />
      ) : (
        <form onSubmit={remove} noValidate aria-busy={submit.pending}>
          <p>{t('corrections.photo.deleteIntro')}</p>
          <CallError error={submit.error} />
          <ReasonField value={reason} onChange={setReason} showError={tried} />
          <div className="form-actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--danger" disabled={submit.pending}>
              {t('corrections.photo.deleteConfirm')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
