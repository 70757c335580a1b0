// The capture screen's consent check: blocks only when the policy asks for a consent and the
// patient's clinical use is not granted, and says which state the patient is in.
import { describe, expect, it } from 'vitest';
import { CONSENT_SCOPES, type ConsentPolicy, type ScopeStatus } from '../../../shared/consent';
import { translator } from '../../../shared/i18n/intl';
import { captureConsentReason as reasonIn } from './capture-consent';

const captureConsentReason = (policy: ConsentPolicy | undefined, status: ScopeStatus[] | undefined) => reasonIn(translator('en').t, policy, status);

const on: ConsentPolicy = { captureRequiresConsent: true, clinicalPurpose: 'allowed-visible' };
const off: ConsentPolicy = { captureRequiresConsent: false, clinicalPurpose: 'allowed-visible' };
const statuses = (clinical: ScopeStatus['state']): ScopeStatus[] =>
  CONSENT_SCOPES.map((scope) => ({ scope, state: scope === 'clinical' ? clinical : 'granted', expiresOn: null, consentId: clinical === 'none' ? null : 'a'.repeat(32) }));

describe('captureConsentReason', () => {
  it('does not block when the policy does not require a consent, whatever the patient signed', () => {
    expect(captureConsentReason(off, statuses('none'))).toBeNull();
    expect(captureConsentReason(off, statuses('withdrawn'))).toBeNull();
  });

  it('does not block while the policy or the status is still unknown (the core decides at ingest)', () => {
    expect(captureConsentReason(undefined, statuses('none'))).toBeNull();
    expect(captureConsentReason(on, undefined)).toBeNull();
  });

  it('does not block a patient whose clinical use is granted', () => {
    expect(captureConsentReason(on, statuses('granted'))).toBeNull();
  });

  it.each([
    ['none', 'none recorded'],
    ['refused', 'refused'],
    ['withdrawn', 'withdrawn'],
    ['expired', 'expired'],
  ] as const)('blocks a patient whose clinical use is %s and says so', (state, words) => {
    const reason = captureConsentReason(on, statuses(state));
    expect(reason).toContain('only with a signed photo consent');
    expect(reason).toContain(`(${words})`);
  });

  it('blocks when the status does not mention clinical use at all', () => {
    expect(captureConsentReason(on, statuses('granted').filter((s) => s.scope !== 'clinical'))).toContain('(none recorded)');
  });

  it('ignores grants of other uses: only clinical use lets capture go ahead', () => {
    const reason = captureConsentReason(on, statuses('refused'));
    expect(reason).not.toBeNull();
  });
});

describe('captureConsentReason in German', () => {
  it('says why in German, with the state in its own words', () => {
    const reason = reasonIn(translator('de').t, on, statuses('withdrawn'));
    expect(reason).toBe('Diese Praxis fotografiert nur mit einer unterschriebenen Fotoeinwilligung. Für Patientenakte und Behandlung liegt keine gültige Einwilligung vor (widerrufen).');
  });
});
