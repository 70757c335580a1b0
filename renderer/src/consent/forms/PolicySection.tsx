// The clinic's consent policy (docs/consent.md, "Policy"): whether capture needs a signed photo
// consent, and what a release for clinical care needs. Saved as a whole; the core audits the change.
import { useEffect, useState } from 'react';
import { CLINICAL_PURPOSE_RULES, type ConsentPolicy } from '../../../../shared/consent';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { InfoMessage } from '../../components/Notice';
import { useT } from '../../i18n';

export function PolicySection() {
  const t = useT();
  const policy = useQuery('consent.getPolicy', (api) => api.consent.getPolicy({}));
  const [draft, setDraft] = useState<ConsentPolicy | null>(null);
  const save = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (policy.data) setDraft(policy.data);
  }, [policy.data]);

  async function apply() {
    if (!draft) return;
    setNotice(null);
    const result = await save.run((api) => api.consent.setPolicy({ policy: draft }));
    if (result?.ok) {
      policy.set(result.value);
      setNotice(t('consent.policy.saved'));
    }
  }

  const changed = draft !== null && policy.data !== undefined && (draft.captureRequiresConsent !== policy.data.captureRequiresConsent || draft.clinicalPurpose !== policy.data.clinicalPurpose);
  return (
    <section className="panel consent-policy" aria-labelledby="consent-policy-title">
      <h2 id="consent-policy-title">{t('consent.policy.title')}</h2>
      <CallError error={policy.error ?? save.error} />
      {draft ? (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={draft.captureRequiresConsent} onChange={(e) => setDraft({ ...draft, captureRequiresConsent: e.target.checked })} />{' '}
            {t('consent.policy.capture')}
          </label>
          <p className="field__hint consent-policy__hint">{t('consent.policy.captureHint')}</p>
          <fieldset className="consent-policy__clinical">
            <legend>{t('consent.policy.clinical')}</legend>
            {CLINICAL_PURPOSE_RULES.map((rule) => (
              <label key={rule} className="consent-policy__option">
                <input type="radio" name="clinical-purpose" checked={draft.clinicalPurpose === rule} onChange={() => setDraft({ ...draft, clinicalPurpose: rule })} />
                <span>
                  <strong>{t(`consent.policy.rule.${rule}`)}</strong>
                  <span className="field__hint">{t(`consent.policy.rule.${rule}.explain`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <InfoMessage>{notice}</InfoMessage>
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={!changed || save.pending} onClick={() => void apply()}>
              {t('consent.policy.save')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t('consent.loading')}</p>
      )}
    </section>
  );
}
