// What a photo correction did at the receiving systems (docs/corrections.md, "At the receiving
// systems"): re-sent, held by consent, not sent, or a copy left there to remove, per target.
import type { PhotoCorrectionResult, TargetOutcome } from '../../../shared/channels/corrections';
import { useT, type Translate } from '../i18n';

function line(t: Translate, o: TargetOutcome): string {
  const target = o.targetName;
  if (o.heldForConsent) return t('corrections.outcome.held', { target, reason: o.heldForConsent });
  const reference = o.previousRemoteId ?? '—';
  if (o.action === 'flagged') return t('corrections.outcome.flagged', { target, reference });
  if (o.action === 'requeued' && o.kind === 'dicom' && o.previousRemoteId) return t('corrections.outcome.superseded', { target, reference });
  if (o.action === 'requeued') return t('corrections.outcome.requeued', { target });
  if (o.action === 'dropped') return t('corrections.outcome.dropped', { target });
  return t('corrections.outcome.pending', { target });
}

export function CorrectionOutcome({ result, onClose }: { readonly result: PhotoCorrectionResult; readonly onClose: () => void }) {
  const t = useT();
  return (
    <div className="corrections-outcome" role="status">
      <h3>{t('corrections.outcome.title')}</h3>
      {result.targets.length === 0 ? (
        <p>{t('corrections.outcome.none')}</p>
      ) : (
        <ul>
          {result.targets.map((o) => (
            <li key={o.targetId} className={o.action === 'flagged' || (o.kind === 'dicom' && o.previousRemoteId) || o.heldForConsent ? 'corrections-outcome__attention' : undefined}>
              {line(t, o)}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          {t('corrections.outcome.close')}
        </button>
      </div>
    </div>
  );
}
