// Withdrawing a consent, whole or some of its uses: forward-only. Shows what the core did: the
// queued deliveries it cancelled and the photos already sent that staff must follow up by hand.
import { useState } from 'react';
import type { ConsentRecord, ConsentScope, PublishedPhoto } from '../../../shared/consent';
import { CallError } from '../data/CallError';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { scopeLabel } from './scope-labels';

export function WithdrawDialog({ consent, onClose, onWithdrawn }: { readonly consent: ConsentRecord; readonly onClose: () => void; readonly onWithdrawn: () => void }) {
  const t = useT();
  const f = useFormat();
  const withdrawable = consent.scopes.filter((s) => s.decision === 'grant' && s.withdrawnAt === null).map((s) => s.scope);
  const [chosen, setChosen] = useState<ConsentScope[]>(withdrawable);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ cancelled: number; published: readonly PublishedPhoto[] } | null>(null);
  const submit = useSubmit();

  async function withdraw() {
    const result = await submit.run((api) => api.consent.withdraw({ consentId: consent.id, scopes: chosen, reason }));
    if (result?.ok) {
      setOutcome({ cancelled: result.value.cancelledDeliveries, published: result.value.published });
      onWithdrawn();
    }
  }

  return (
    <Dialog title={t('consent.withdraw.title')} onClose={onClose} className="consent-dialog">
      {outcome ? (
        <div role="status">
          <p>{t('consent.withdraw.done', { count: outcome.cancelled })}</p>
          {outcome.published.length > 0 ? (
            <>
              <p>{t('consent.withdraw.published')}</p>
              <ul>
                {outcome.published.map((p) => (
                  <li key={`${p.photoId}-${p.targetName}`}>
                    {p.targetName} ({scopeLabel(t, p.purpose)}), {f.dateTime(p.deliveredAt)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : (
        <>
          <CallError error={submit.error} />
          <fieldset>
            <legend>{t('consent.withdraw.uses')}</legend>
            {withdrawable.map((scope) => (
              <label key={scope} className="checkbox">
                <input type="checkbox" checked={chosen.includes(scope)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, scope] : c.filter((s) => s !== scope)))} />{' '}
                {scopeLabel(t, scope)}
              </label>
            ))}
          </fieldset>
          <Field label={t('consent.withdraw.reason')}>{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />}</Field>
          <div className="form-actions">
            <button type="button" className="button button--danger" disabled={submit.pending || chosen.length === 0} onClick={() => void withdraw()}>
              {t('consent.withdraw.action')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
