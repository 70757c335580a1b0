// The patient screen's "Photo consent" section: each use's state today (withdrawn and expired shown
// as such), the consents on record, and the three actions: sign on the pad (signing mode), record a
// scanned paper form, withdraw.
import { useState } from 'react';
import { CONSENT_SCOPE_LABELS, type ConsentRecord, type ScopeStatus } from '../../../shared/consent';
import type { Patient } from '../../../shared/domain';
import { formatDateTime, formatIsoDate } from '../app/format';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { refreshCaptureConsent } from './capture-consent';
import { useConsentStatus } from './consent-hooks';
import { PaperConsentDialog } from './PaperConsentDialog';
import { PrepareSigningDialog } from './PrepareSigningDialog';
import { WithdrawDialog } from './WithdrawDialog';
import './consent.css';

const STATE_LABELS: Record<ScopeStatus['state'], string> = {
  granted: 'Granted',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
  none: 'Not asked',
};

const RECORD_STATE_LABELS: Record<ConsentRecord['state'], string> = {
  active: 'in force',
  'partly-withdrawn': 'partly withdrawn',
  withdrawn: 'withdrawn',
  expired: 'expired',
};

export function ConsentSection({ patient }: { readonly patient: Patient }) {
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const canRecord = permissions.includes('consent.record');
  // The same poll as the header line, so a change made here shows there at once.
  const status = useConsentStatus(patient.id);
  const consents = useQuery(['consent.list', patient.id], (api) => api.consent.list({ patientId: patient.id }));
  const [dialog, setDialog] = useState<'sign' | 'paper' | { withdraw: ConsentRecord } | null>(null);
  const reload = () => {
    void status.refresh();
    void consents.reload();
    // The capture screen beside this section frees or blocks its shutter at once, not at its next poll.
    void refreshCaptureConsent(patient.id);
  };

  return (
    <section className="panel consent-section" aria-labelledby="consent-title">
      <div className="consent-section__head">
        <h2 id="consent-title">Photo consent</h2>
        {canRecord ? (
          <div className="consent-section__actions">
            <button type="button" className="button button--primary" onClick={() => setDialog('sign')}>
              Sign consent
            </button>
            <button type="button" className="button button--secondary" onClick={() => setDialog('paper')}>
              Record paper consent
            </button>
          </div>
        ) : null}
      </div>
      <CallError error={status.error ?? consents.error} />
      <ul className="consent-scopes" aria-label="Consent per use">
        {(status.data ?? []).map((s) => (
          <li key={s.scope} className={`consent-scope consent-scope--${s.state}`}>
            <span className="consent-scope__label">{CONSENT_SCOPE_LABELS[s.scope]}</span>
            <span className="consent-scope__state">
              {STATE_LABELS[s.state]}
              {s.state === 'granted' && s.expiresOn ? ` until ${formatIsoDate(s.expiresOn)}` : ''}
              {s.state === 'expired' && s.expiresOn ? ` on ${formatIsoDate(s.expiresOn)}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {consents.data && consents.data.length > 0 ? (
        <ul className="consent-records" aria-label="Consents on record">
          {consents.data.map((c) => (
            <li key={c.id} className="consent-record">
              <span>
                {c.kind === 'signed' ? `Signed on the pad · ${formatDateTime(c.signedAt)}` : `Paper form · ${formatIsoDate(c.signedAt.slice(0, 10))}`} · <strong>{RECORD_STATE_LABELS[c.state]}</strong>
              </span>
              {canRecord && c.scopes.some((s) => s.decision === 'grant' && s.withdrawnAt === null) ? (
                <button type="button" className="button button--ghost" onClick={() => setDialog({ withdraw: c })}>
                  Withdraw…
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : consents.data ? (
        <p className="muted">No consent on record.</p>
      ) : null}
      {dialog === 'sign' ? <PrepareSigningDialog patient={patient} onClose={() => setDialog(null)} /> : null}
      {dialog === 'paper' ? <PaperConsentDialog patientId={patient.id} onClose={() => setDialog(null)} onRecorded={reload} /> : null}
      {dialog !== null && typeof dialog === 'object' ? <WithdrawDialog consent={dialog.withdraw} onClose={() => setDialog(null)} onWithdrawn={reload} /> : null}
    </section>
  );
}
