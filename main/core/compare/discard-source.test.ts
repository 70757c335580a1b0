// A capture shown in an exported comparison cannot be discarded at the retake prompt: the
// comparison names it as its source and is part of the record. Refused with a clear error and
// audited; the photo, the comparison and their files stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentClinic, SITES } from '../consent/test-support/consent-fixtures';
import { unwrap } from '../test-support/fixtures';

let c: Awaited<ReturnType<typeof consentClinic>>;
beforeAll(async () => {
  c = await consentClinic();
}, 60_000);
afterAll(() => c?.dispose());

describe('discarding a capture that a comparison shows', () => {
  it('is refused with a clear error and loses nothing', async () => {
    const api = c.client.api;
    const before = await c.capture(SITES.back);
    const after = await c.capture(SITES.back);
    const derived = unwrap(await api.compare.export({ photoIds: [before, after], mode: 'side-by-side' })).photo;
    const result = await api.standards.discardCapture({ photoId: after });
    expect(result.ok ? 'ok' : result.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('exported comparison') });
    const ids = unwrap(await api.photos.list({ patientId: c.patient.id })).map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([before, after, derived.id]));
    const events = unwrap(await api.audit.search({ action: 'photo.discard', pageSize: 20 }));
    expect(events.records.some((e) => e.outcome === 'denied' && e.photoId === after && e.detail === 'in-comparison')).toBe(true);
    // A capture no comparison shows is still discarded as before.
    const spare = await c.capture(SITES.back);
    expect((await api.standards.discardCapture({ photoId: spare })).ok).toBe(true);
  }, 60_000);
});
