// The clinic's consent policy (docs/consent.md, "Policy"): whether capture needs a signed photo
// consent, and what a release for clinical care needs. Saved as a whole; the core audits the change.
import { useEffect, useState } from 'react';
import { CLINICAL_PURPOSE_RULES, type ConsentPolicy } from '../../../../shared/consent';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { InfoMessage } from '../../components/Notice';

type ClinicalRule = (typeof CLINICAL_PURPOSE_RULES)[number];

const CLINICAL_LABELS: Record<ClinicalRule, { label: string; explain: string }> = {
  'allowed-visible': {
    label: 'Allowed for care without a consent, and shown',
    explain: 'Photos may go to the record and to colleagues treating the patient even without a consent (as HIPAA permits for treatment); screens say when no consent covers it.',
  },
  'requires-consent': {
    label: 'Needs a consent that grants clinical use',
    explain: 'Photos go to the record, the PACS or the EMR only when the patient granted "Clinical record and care".',
  },
};

export function PolicySection() {
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
      setNotice('Consent policy saved.');
    }
  }

  const changed = draft !== null && policy.data !== undefined && (draft.captureRequiresConsent !== policy.data.captureRequiresConsent || draft.clinicalPurpose !== policy.data.clinicalPurpose);
  return (
    <section className="panel consent-policy" aria-labelledby="consent-policy-title">
      <h2 id="consent-policy-title">Consent policy</h2>
      <CallError error={policy.error ?? save.error} />
      {draft ? (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={draft.captureRequiresConsent} onChange={(e) => setDraft({ ...draft, captureRequiresConsent: e.target.checked })} /> Capture needs a
            signed photo consent
          </label>
          <p className="field__hint consent-policy__hint">When on, the camera is offered only for a patient whose consent in force grants clinical use. Imported photos are not held to it.</p>
          <fieldset className="consent-policy__clinical">
            <legend>Photos for clinical care</legend>
            {CLINICAL_PURPOSE_RULES.map((rule) => (
              <label key={rule} className="consent-policy__option">
                <input type="radio" name="clinical-purpose" checked={draft.clinicalPurpose === rule} onChange={() => setDraft({ ...draft, clinicalPurpose: rule })} />
                <span>
                  <strong>{CLINICAL_LABELS[rule].label}</strong>
                  <span className="field__hint">{CLINICAL_LABELS[rule].explain}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <InfoMessage>{notice}</InfoMessage>
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={!changed || save.pending} onClick={() => void apply()}>
              Save policy
            </button>
          </div>
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
