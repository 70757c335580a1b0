// Withdrawing a consent, whole or some of its uses: forward-only. Shows what the core did: the
// queued deliveries it cancelled and the photos already sent that staff must follow up by hand.
import { useState } from 'react';
import { CONSENT_SCOPE_LABELS, type ConsentRecord, type ConsentScope, type PublishedPhoto } from '../../../shared/consent';
import { formatDateTime } from '../app/format';
import { CallError } from '../data/CallError';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { useSubmit } from '../data/hooks';

export function WithdrawDialog({ consent, onClose, onWithdrawn }: { readonly consent: ConsentRecord; readonly onClose: () => void; readonly onWithdrawn: () => void }) {
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
    <Dialog title="Withdraw consent" onClose={onClose} className="consent-dialog">
      {outcome ? (
        <div role="status">
          <p>Withdrawn. {outcome.cancelled} queued {outcome.cancelled === 1 ? 'delivery was' : 'deliveries were'} cancelled.</p>
          {outcome.published.length > 0 ? (
            <>
              <p>These photos were already sent for the withdrawn uses. Follow them up with the recipients:</p>
              <ul>
                {outcome.published.map((p) => (
                  <li key={`${p.photoId}-${p.targetName}`}>
                    {p.targetName} ({p.purpose}), {formatDateTime(p.deliveredAt)}
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
            <legend>Uses to withdraw</legend>
            {withdrawable.map((scope) => (
              <label key={scope} className="checkbox">
                <input type="checkbox" checked={chosen.includes(scope)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, scope] : c.filter((s) => s !== scope)))} />{' '}
                {CONSENT_SCOPE_LABELS[scope]}
              </label>
            ))}
          </fieldset>
          <Field label="Reason (optional)">{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />}</Field>
          <div className="form-actions">
            <button type="button" className="button button--danger" disabled={submit.pending || chosen.length === 0} onClick={() => void withdraw()}>
              Withdraw
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
