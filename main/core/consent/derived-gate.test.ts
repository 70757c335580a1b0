// The consent gate for a derived photo (a comparison exported as a new photo): it is as restricted
// as its most restricted source. A source whose site was corrected out of the consent's body sites
// after the comparison was made stops the comparison, though the comparison's own site is covered;
// a deleted source stops it too; with every source covered it goes.
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result';
import type { CoreClient } from '../core';
import { unwrap } from '../test-support/fixtures';
import { consentClinic, SITES } from './test-support/consent-fixtures';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

const exportFor = (client: CoreClient, photoId: string) => client.api.photos.export({ photoId, format: 'fhir', purpose: 'education' }) as Promise<Result<{ bytes: Uint8Array }>>;

describe('the consent gate on a derived photo', () => {
  it('allows a comparison only when every source photo is released for the purpose', async () => {
    const c = await consentClinic();
    dispose = c.dispose;
    const before = await c.capture(SITES.back);
    const after = await c.capture(SITES.back);
    await c.paper([{ scope: 'education', decision: 'grant' }], { limits: { bodySites: [SITES.back.code], faceMayBeVisible: true } });
    const derived = unwrap(await c.client.api.compare.export({ photoIds: [before, after], mode: 'side-by-side' })).photo;
    expect(derived.context?.bodySite.code).toBe(SITES.back.code);
    expect((await exportFor(c.client, derived.id)).ok).toBe(true);

    // The later photo was in fact of the abdomen: corrected, it is outside the consent, and so is the comparison showing it.
    unwrap(await c.client.api.corrections.correctPhoto({ photoId: after, reason: 'Site recorded wrongly at capture', bodySiteCode: SITES.abdomen.code }));
    expect((await exportFor(c.client, after)).ok).toBe(false);
    const refused = await exportFor(c.client, derived.id);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('CONSENT_REFUSED');
    expect(refused.error.message).toContain(`this comparison shows photo ${after}`);
    const decision = unwrap(await c.client.api.consent.checkRelease({ photoIds: [derived.id], purpose: 'education' }));
    expect(decision).toMatchObject([{ photoId: derived.id, allowed: false }]);

    // Put back, then the first photo deleted: the comparison still shows it, so it stays.
    unwrap(await c.client.api.corrections.correctPhoto({ photoId: after, reason: 'Back after all', bodySiteCode: SITES.back.code }));
    expect((await exportFor(c.client, derived.id)).ok).toBe(true);
    unwrap(await c.client.api.corrections.deletePhoto({ photoId: before, reason: 'Photo of the wrong patient' }));
    const deleted = await exportFor(c.client, derived.id);
    expect(deleted.ok ? 'ok' : deleted.error.message).toContain('was deleted');
  }, 120_000);
});
