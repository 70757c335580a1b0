// SMART App Launch end to end against a real OpenID provider (oidc-provider, configured as the
// EHR's SMART server) and the FHIR test server that accepts only that provider's live tokens:
// standalone and EHR launch through the loopback redirect with PKCE S256, the launch context's
// patient matched locally, a swapped PKCE challenge and a forged state refused, the access token
// refreshed before it expires, every token revoked at sign-out, and no token on disk in the clear.
import type { Patient as FhirPatient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
import { startFhirServer, type FhirPeer } from '../test-support/peers';
import { scriptedBrowser, type ScriptedBrowserOptions } from '../test-support/peers/scripted-browser';
import { startSmartProvider, type SmartProviderPeer } from '../test-support/peers/smart-provider';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { s256 } from './pkce';

const MRN_SYSTEM = 'urn:clinic-photo:mrn';
const TTL_SECONDS = 120;
let fhir: FhirPeer;
let smart: SmartProviderPeer;
let lind: FhirPatient;
let noMrn: FhirPatient;

beforeAll(async () => {
  fhir = await startFhirServer({ acceptToken: (t) => smart.acceptsToken(t), smartConfiguration: () => smart.smartConfiguration() });
  smart = await startSmartProvider({ fhirBaseUrl: fhir.baseUrl, accessTokenTtl: TTL_SECONDS });
  lind = await fhir.create<FhirPatient>({
    resourceType: 'Patient',
    identifier: [{ system: MRN_SYSTEM, value: 'SM-100' }],
    name: [{ use: 'official', family: 'Lind', given: ['Astrid'] }],
    birthDate: '1980-03-14',
    gender: 'female',
  });
  noMrn = await fhir.create<FhirPatient>({ resourceType: 'Patient', name: [{ family: 'Okafor', given: ['Ben'] }], birthDate: '1991-07-02', gender: 'male' });
}, 60_000);
afterAll(async () => {
  await smart?.stop();
  await fhir?.stop();
});

async function clinic(browser: ScriptedBrowserOptions = {}) {
  let now = Date.now();
  const b = scriptedBrowser(browser);
  const c = await initializedClinic({ clock: () => new Date(now), smart: { browser: b, redirectTimeoutMs: 5_000 } });
  const target = unwrap(await c.client.api.delivery.createTarget({ target: { name: 'EHR', kind: 'fhir', baseUrl: fhir.baseUrl, authKind: 'none' } }));
  unwrap(await c.client.api.smart.configure({ targetId: target.id, clientId: smart.clientId }));
  const local = unwrap(await c.client.api.patients.register({ mrn: 'SM-100', familyName: 'Lind', givenName: 'Astrid', birthDate: '1980-03-14', sex: 'F' }));
  const settle = async () => {
    await vi.waitFor(async () => expect(unwrap(await c.client.api.smart.status({})).flow.state).not.toBe('waiting'), { timeout: 10_000, interval: 20 });
    return unwrap(await c.client.api.smart.status({})).flow;
  };
  return { ...c, browser: b, target, local, settle, advance: (ms: number) => (now += ms) };
}

const tokensSince = (n: number) => smart.tokenRequests().slice(n);

describe('SMART App Launch (oidc-provider + FHIR test server)', () => {
  it('standalone launch: system browser, loopback redirect, PKCE S256; the picked patient opens the local record', async () => {
    const c = await clinic();
    try {
      smart.pickPatient({ patient: lind.id! });
      const before = smart.tokenRequests().length;
      expect(unwrap(await c.client.api.smart.begin({})).state).toBe('waiting');
      const flow = await c.settle();
      expect(flow).toMatchObject({ state: 'done', patient: { fhirId: lind.id, mrn: 'SM-100', match: { status: 'confirmed', patientId: c.local.id } } });

      const asked = new URL(c.browser.opened[0]!);
      expect(asked.origin).toBe(smart.issuer);
      expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
      expect(asked.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(asked.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(asked.searchParams.get('aud')).toBe(fhir.baseUrl);
      expect(asked.searchParams.get('scope')).toContain('launch/patient');
      expect(asked.searchParams.get('state')!.length).toBeGreaterThanOrEqual(43);
      expect(tokensSince(before)).toEqual([expect.objectContaining({ grantType: 'authorization_code', status: 200 })]);
      // The loopback listener served one request and closed.
      await expect(fetch(asked.searchParams.get('redirect_uri')!)).rejects.toThrow();

      // The FHIR server takes only the provider's tokens: the look-up works because the user now holds one.
      const found = unwrap(await c.client.api.ehr.searchPatients({ identifier: 'SM-100' }));
      expect(found).toMatchObject({ ambiguous: false, patients: [{ match: { status: 'confirmed', patientId: c.local.id } }] });
    } finally {
      await c.dispose();
    }
  });

  it('EHR launch: the launch value from the command line carries patient and encounter', async () => {
    const c = await clinic();
    try {
      const launch = smart.createLaunch({ patient: lind.id!, encounter: 'enc-42' });
      c.core.receiveSmartLaunch(`iss=${encodeURIComponent(fhir.baseUrl)}&launch=${launch}`);
      expect(unwrap(await c.client.api.smart.status({})).pendingLaunch).toEqual({ iss: fhir.baseUrl });
      unwrap(await c.client.api.smart.begin({ ehr: true }));
      const flow = await c.settle();
      expect(flow).toMatchObject({ state: 'done', encounter: 'enc-42', patient: { match: { status: 'confirmed', patientId: c.local.id } } });
      const asked = new URL(c.browser.opened[0]!);
      expect(asked.searchParams.get('launch')).toBe(launch);
      expect(asked.searchParams.get('scope')).toMatch(/(^| )launch( |$)/);
      expect(unwrap(await c.client.api.smart.status({})).pendingLaunch).toBeNull();
    } finally {
      await c.dispose();
    }
  });

  it('refuses an EHR launch from an issuer that is not a configured FHIR server, before any browser opens', async () => {
    const c = await clinic();
    try {
      c.core.receiveSmartLaunch(`iss=https://evil.example/fhir&launch=abc`);
      const r = await c.client.api.smart.begin({ ehr: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'SMART_LAUNCH_FAILED' } });
      expect(c.browser.opened).toEqual([]);
      const log = unwrap(await c.client.api.audit.search({ action: 'smart.launch', page: 0, pageSize: 10 }));
      expect(JSON.stringify(log)).toContain('SMART_LAUNCH_FAILED;kind=ehr');
      expect(() => c.core.receiveSmartLaunch('launch=only')).toThrow(/iss and launch/);
    } finally {
      await c.dispose();
    }
  });

  it('a launch patient whose birth date disagrees with the local record under the same MRN is a mismatch', async () => {
    const c = await clinic();
    try {
      const other = await fhir.create<FhirPatient>({ resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: 'SM-100' }], name: [{ family: 'Lind', given: ['Astrid'] }], birthDate: '1981-03-14' });
      smart.pickPatient({ patient: other.id! });
      unwrap(await c.client.api.smart.begin({}));
      expect(await c.settle()).toMatchObject({ state: 'done', patient: { match: { status: 'mismatch', patientId: c.local.id } } });
      smart.pickPatient({ patient: noMrn.id! });
      unwrap(await c.client.api.smart.begin({}));
      expect(await c.settle()).toMatchObject({ state: 'done', patient: { mrn: null, match: { status: 'unidentified', patientId: null } } });
    } finally {
      await c.dispose();
    }
  });

  it('refuses a code whose PKCE challenge was swapped on the way out (the verifier does not match)', async () => {
    const c = await clinic({ alterRequest: (url) => url.searchParams.set('code_challenge', s256('an attacker-chosen verifier that is long enough')) });
    try {
      smart.pickPatient({ patient: lind.id! });
      const before = smart.tokenRequests().length;
      unwrap(await c.client.api.smart.begin({}));
      const flow = await c.settle();
      expect(flow).toMatchObject({ state: 'failed', patient: null });
      expect(flow.message).toMatch(/invalid_grant/);
      expect(tokensSince(before)).toEqual([expect.objectContaining({ grantType: 'authorization_code', status: 400, error: 'invalid_grant' })]);
      expect(await c.client.api.ehr.searchPatients({ identifier: 'SM-100' })).toMatchObject({ ok: false, error: { code: 'EHR_UNAVAILABLE' } });
    } finally {
      await c.dispose();
    }
  });

  it('refuses a redirect whose state is not the one sent, and never redeems its code', async () => {
    const c = await clinic({ alterRedirect: (url) => url.searchParams.set('state', 'forged-state-value') });
    try {
      smart.pickPatient({ patient: lind.id! });
      const before = smart.tokenRequests().length;
      unwrap(await c.client.api.smart.begin({}));
      const flow = await c.settle();
      expect(flow).toMatchObject({ state: 'failed' });
      expect(flow.message).toMatch(/state mismatch/);
      expect(tokensSince(before)).toEqual([]);
    } finally {
      await c.dispose();
    }
  });

  it('refreshes the access token before it expires, and the new one reads the FHIR server', async () => {
    const c = await clinic();
    try {
      smart.pickPatient({ patient: lind.id! });
      unwrap(await c.client.api.smart.begin({}));
      await c.settle();
      const before = smart.tokenRequests().length;
      unwrap(await c.client.api.ehr.searchPatients({ family: 'Lind' }));
      expect(tokensSince(before)).toEqual([]);
      // 55 s left: inside the one-minute margin, so the next call refreshes first.
      c.advance((TTL_SECONDS - 55) * 1000);
      const found = unwrap(await c.client.api.ehr.searchPatients({ family: 'Lind', birthDate: '1980-03-14' }));
      expect(found.patients.length).toBeGreaterThan(0);
      const refreshed = tokensSince(before);
      expect(refreshed).toEqual([expect.objectContaining({ grantType: 'refresh_token', status: 200 })]);
      expect(fhir.requests().at(-1)).toMatchObject({ status: 200 });
    } finally {
      await c.dispose();
    }
  });

  it('revokes the tokens at the provider when the user signs out, and keeps none in plaintext on disk', async () => {
    const c = await clinic();
    try {
      smart.pickPatient({ patient: lind.id! });
      const before = smart.tokenRequests().length;
      unwrap(await c.client.api.smart.begin({}));
      await c.settle();
      const [issued] = tokensSince(before);
      expect(issued?.accessToken && issued.refreshToken).toBeTruthy();
      expect(await smart.acceptsToken(issued!.accessToken!)).toBe(true);

      // Nothing readable on disk: the tokens live in the SQLCipher database only.
      expect(await scanForPlaintext(c.dir, [issued!.accessToken!, issued!.refreshToken!, 'Astrid'])).toEqual([]);

      const revokedBefore = smart.revocations();
      unwrap(await c.client.api.session.signOut({}));
      await vi.waitFor(() => expect(smart.revocations() - revokedBefore).toBe(2), { timeout: 10_000, interval: 20 });
      expect(await smart.refreshTokenLive(issued!.refreshToken!)).toBe(false);
      expect(await smart.acceptsToken(issued!.accessToken!)).toBe(false);

      // Signed in again, the user holds no token: the FHIR server refuses the look-up.
      unwrap(await c.client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
      expect(await c.client.api.ehr.searchPatients({ identifier: 'SM-100' })).toMatchObject({ ok: false, error: { code: 'EHR_UNAVAILABLE' } });
      expect(await scanForPlaintext(c.dir, [issued!.accessToken!, issued!.refreshToken!])).toEqual([]);
    } finally {
      await c.dispose();
    }
  });
});
