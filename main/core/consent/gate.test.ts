// The consent gate through the real core and the export channel (`photos.export`, what `cli export`
// calls): a purpose without a grant, a refused, withdrawn or expired use is refused with the scope
// named and audited; body-site limits and the face flag decide per photo; the newest consent
// decides; the clinical purpose follows the clinic's policy.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentRecord, ReleaseDecision } from '../../../shared/consent';
import type { Result } from '../../../shared/result';
import type { CoreClient } from '../core';
import { unwrap } from '../test-support/fixtures';
import { consentClinic, SITES } from './test-support/consent-fixtures';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function setUp() {
  const c = await consentClinic();
  dispose = c.dispose;
  return c;
}

const exportFor = (client: CoreClient, photoId: string, purpose: string) =>
  client.api.photos.export({ photoId, format: 'fhir', purpose: purpose as 'clinical' }) as Promise<Result<{ bytes: Uint8Array }>>;

async function refusal(client: CoreClient, photoId: string, purpose: string): Promise<string> {
  const result = await exportFor(client, photoId, purpose);
  if (result.ok) throw new Error(`expected ${purpose} to be refused`);
  expect(result.error.code).toBe('CONSENT_REFUSED');
  return result.error.message;
}

async function auditActions(client: CoreClient): Promise<Array<{ action: string; outcome: string; detail: string }>> {
  const page = unwrap<{ records: Array<{ action: string; outcome: string; detail: string }> }>(await client.api.audit.search({ pageSize: 200 }));
  return page.records;
}

describe('the consent gate on export', () => {
  it('without any consent: clinical goes (allowed under treatment, audited as such), every other use is refused naming it', async () => {
    const c = await setUp();
    const photo = await c.capture(SITES.back);
    expect((await exportFor(c.client, photo, 'clinical')).ok).toBe(true);
    expect(await refusal(c.client, photo, 'education')).toMatch(/education .*no consent decides this use/);
    const events = await auditActions(c.client);
    expect(events.some((e) => e.action === 'consent.release-without-consent')).toBe(true);
    expect(events.find((e) => e.action === 'consent.release-refused')).toMatchObject({ outcome: 'denied', detail: expect.stringContaining('purpose=education;scope=education') });
  });

  it('goes for a granted use; a refused one and one never asked are refused', async () => {
    const c = await setUp();
    const photo = await c.capture(SITES.back);
    await c.paper([
      { scope: 'education', decision: 'grant' },
      { scope: 'marketing', decision: 'refuse' },
    ]);
    expect((await exportFor(c.client, photo, 'education')).ok).toBe(true);
    expect(await refusal(c.client, photo, 'marketing')).toMatch(/marketing .*the patient refused it/);
    expect(await refusal(c.client, photo, 'publication')).toMatch(/publication .*no consent decides/);
  });

  it('refuses a withdrawn use from the moment of withdrawal, and an expired one after its last day', async () => {
    const c = await setUp();
    const photo = await c.capture(SITES.back);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const consent = await c.paper(
      [
        { scope: 'publication', decision: 'grant' },
        { scope: 'social', decision: 'grant', expiresOn: yesterday },
        { scope: 'education', decision: 'grant' },
      ],
      { signedOn: lastWeek },
    );
    expect((await exportFor(c.client, photo, 'publication')).ok).toBe(true);
    expect(await refusal(c.client, photo, 'social')).toMatch(new RegExp(`social .*expired on ${yesterday}`));
    unwrap(await c.client.api.consent.withdraw({ consentId: consent.id, scopes: ['publication'] }));
    expect(await refusal(c.client, photo, 'publication')).toMatch(/publication .*withdrew it on/);
    expect((await exportFor(c.client, photo, 'education')).ok).toBe(true);
  });

  it('holds a consent to its body sites, and a hidden face to sites that do not identify', async () => {
    const c = await setUp();
    const back = await c.capture(SITES.back);
    const abdomen = await c.capture(SITES.abdomen);
    const cheek = await c.capture(SITES.cheek);
    await c.paper([{ scope: 'education', decision: 'grant' }], { limits: { bodySites: [SITES.back.code, SITES.cheek.code], faceMayBeVisible: false } });
    expect((await exportFor(c.client, back, 'education')).ok).toBe(true);
    expect(await refusal(c.client, abdomen, 'education')).toMatch(/only some body sites, and this photo shows Skin of abdomen/);
    expect(await refusal(c.client, cheek, 'education')).toMatch(/face may not be visible, and this photo shows Skin of cheek/);
    // Care is not bound by the face flag.
    expect((await exportFor(c.client, cheek, 'clinical')).ok).toBe(true);
  });

  it('decides by the newest consent that speaks about a use', async () => {
    const c = await setUp();
    const photo = await c.capture(SITES.back);
    await c.paper([{ scope: 'marketing', decision: 'grant' }], { signedOn: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10) });
    expect((await exportFor(c.client, photo, 'marketing')).ok).toBe(true);
    await c.paper([{ scope: 'marketing', decision: 'refuse' }]);
    expect(await refusal(c.client, photo, 'marketing')).toMatch(/marketing .*refused/);
    const status = unwrap<Array<{ scope: string; state: string }>>(await c.client.api.consent.status({ patientId: c.patient.id }));
    expect(status.find((s) => s.scope === 'marketing')?.state).toBe('refused');
    expect(status.find((s) => s.scope === 'education')?.state).toBe('none');
  });

  it('refuses clinical release without a consent when the clinic policy requires one', async () => {
    const c = await setUp();
    const photo = await c.capture(SITES.back);
    unwrap(await c.client.api.consent.setPolicy({ policy: { captureRequiresConsent: false, clinicalPurpose: 'requires-consent' } }));
    expect(await refusal(c.client, photo, 'clinical')).toMatch(/clinical .*no consent decides/);
    await c.paper([{ scope: 'clinical', decision: 'grant' }]);
    expect((await exportFor(c.client, photo, 'clinical')).ok).toBe(true);
  });

  it('answers the gallery per photo through consent.checkRelease, with the reason', async () => {
    const c = await setUp();
    const back = await c.capture(SITES.back);
    const face = await c.capture(SITES.face);
    await c.paper([{ scope: 'ai-training', decision: 'grant' }], { limits: { bodySites: null, faceMayBeVisible: false } });
    const answers = unwrap<ReleaseDecision[]>(await c.client.api.consent.checkRelease({ photoIds: [back, face], purpose: 'ai-training' }));
    expect(answers.map((a) => [a.photoId, a.allowed, a.scope])).toEqual([
      [back, true, null],
      [face, false, 'ai-training'],
    ]);
    const [clinical] = unwrap<ReleaseDecision[]>(await c.client.api.consent.checkRelease({ photoIds: [back], purpose: 'clinical' }));
    expect(clinical?.notice).toMatch(/without a consent/);
    const list = unwrap<ConsentRecord[]>(await c.client.api.consent.list({ patientId: c.patient.id }));
    expect(list).toHaveLength(1);
  });

  it('refuses a camera capture without a consent in force for clinical use when the clinic requires one, and stores nothing', async () => {
    const c = await setUp();
    unwrap(await c.client.api.consent.setPolicy({ policy: { captureRequiresConsent: true, clinicalPurpose: 'allowed-visible' } }));
    await expect(c.capture(SITES.back)).rejects.toMatchObject({ code: 'CONSENT_REFUSED' });
    expect(unwrap<unknown[]>(await c.client.api.photos.list({ patientId: c.patient.id }))).toEqual([]);
    await c.paper([{ scope: 'clinical', decision: 'grant' }]);
    expect(await c.capture(SITES.back)).toMatch(/^[0-9a-f]{32}$/);
  });
});
