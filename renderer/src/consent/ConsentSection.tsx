// The patient screen's "Photo consent" section: each use's state today (withdrawn and expired shown
// as such), the consents on record, and the three actions: sign on the pad (signing mode), record a
// scanned paper form, withdraw.
import { useState } from 'react';
import type { ConsentRecord } from '../../../shared/consent';
import type { Patient } from '../../../shared/domain';
import { useAppStore } from '../app/store';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { refreshCaptureConsent } from './capture-consent';
import { useConsentStatus } from './consent-hooks';
import { PaperConsentDialog } from './PaperConsentDialog';
import { PrepareSigningDialog } from './PrepareSigningDialog';
import { recordStateLabel, scopeLabel, scopeStateLabel } from './scope-labels';
import { WithdrawDialog } from './WithdrawDialog';
import './consent.css';

export function ConsentSection({ patient }: { readonly patient: Patient }) {
  const t = useT();
  const f = useFormat();
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
        <h2 id="consent-title">{t('consent.section.title')}</h2>
        {canRecord ? (
          <div className="consent-section__actions">
            <button type="button" className="button button--primary" onClick={() => setDialog('sign')}>
              {t('consent.section.sign')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setDialog('paper')}>
              {t('consent.section.paper')}
            </button>
          </div>
        ) : null}
      </div>
      <CallError error={status.error ?? consents.error} />
      <ul className="consent-scopes" aria-label={t('consent.section.perUse')}>
        {(status.data ?? []).map((s) => (
          <li key={s.scope} className={`consent-scope consent-scope--${s.state}`}>
            <span className="consent-scope__label">{scopeLabel(t, s.scope)}</span>
            <span className="consent-scope__state">
              {s.state === 'granted' && s.expiresOn
                ? t('consent.section.grantedUntil', { date: f.date(s.expiresOn) })
                : s.state === 'expired' && s.expiresOn
                  ? t('consent.section.expiredOn', { date: f.date(s.expiresOn) })
                  : scopeStateLabel(t, s.state)}
            </span>
          </li>
        ))}
      </ul>
      {consents.data && consents.data.length > 0 ? (
        <ul className="consent-records" aria-label={t('consent.section.records')}>
          {consents.data.map((c) => (
            <li key={c.id} className="consent-record">
              <span>
                {c.kind === 'signed' ? t('consent.section.signedOnPad', { when: f.dateTime(c.signedAt) }) : t('consent.section.paperForm', { date: f.date(c.signedAt.slice(0, 10)) })} · <strong>{recordStateLabel(t, c.state)}</strong>
              </span>
              {canRecord && c.scopes.some((s) => s.decision === 'grant' && s.withdrawnAt === null) ? (
                <button type="button" className="button button--ghost" onClick={() => setDialog({ withdraw: c })}>
                  {t('consent.section.withdraw')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : consents.data ? (
        <p className="muted">{t('consent.section.none')}</p>
      ) : null}
      {dialog === 'sign' ? <PrepareSigningDialog patient={patient} onClose={() => setDialog(null)} /> : null}
      {dialog === 'paper' ? <PaperConsentDialog patientId={patient.id} onClose={() => setDialog(null)} onRecorded={reload} /> : null}
      {dialog !== null && typeof dialog === 'object' ? <WithdrawDialog consent={dialog.withdraw} onClose={() => setDialog(null)} onWithdrawn={reload} /> : null}
    </section>
  );
}
