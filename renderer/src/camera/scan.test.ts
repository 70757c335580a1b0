// What the capture screens announce after a wristband scan: a restricted record says to request
// access and carries no demographics (the look-up returns none), and a rate-limited look-up says to
// wait rather than to try again at once.
import { describe, expect, it } from 'vitest';
import { t } from '../i18n';
import { scanMessage as scanMessageIn } from './scan';

const scanMessage = (o: Parameters<typeof scanMessageIn>[0]) => scanMessageIn(o, t);

const ID = 'f'.repeat(32);

describe('scanMessage', () => {
  it('tells a restricted record apart, from the look-up answer alone', () => {
    expect(scanMessage({ kind: 'found', value: 'VIP-0042', patient: { id: ID, mrn: 'VIP-0042', restricted: true } })).toBe(
      'Wristband scanned: MRN VIP-0042. This record is restricted: request access to open it.',
    );
    expect(scanMessage({ kind: 'found', value: 'MRN-1', patient: { id: ID, mrn: 'MRN-1', restricted: false } })).toBe('Wristband scanned: MRN MRN-1.');
  });

  it('counts the partial matches, and blocks without guessing', () => {
    expect(scanMessage({ kind: 'several', value: 'MRN', count: 3 })).toBe('The scanned code MRN is not an exact MRN and matches 3 patients. Capture is blocked: confirm the patient by searching.');
    expect(scanMessage({ kind: 'several', value: 'MRN', count: 1 })).toMatch(/matches a record only partly\./);
  });

  it('asks to wait when look-ups are rate-limited', () => {
    expect(scanMessage({ kind: 'failed', value: 'MRN-1', rateLimited: true })).toMatch(/^Too many wristband look-ups.*Wait a minute/);
    expect(scanMessage({ kind: 'failed', value: 'MRN-1', rateLimited: false })).toBe('The scanned wristband could not be looked up. Try again.');
  });
});
