// The idle lock against the renderer's polls, through the real core: a session whose window only
// polls (sync status, per-photo delivery state, the session itself) locks after the idle time, and
// a changed idle setting reaches sessions that are already open, without a new sign-in.
import { afterEach, describe, expect, it } from 'vitest';
import { buildClinicApi, type ClinicApi } from '../../../shared/bridge';
import type { CoreClient } from '../core';
import { ADMIN, initializedClinic } from '../test-support/fixtures';

let now = Date.parse('2026-03-02T09:00:00Z');
const clock = () => new Date(now);
const typed = (client: CoreClient): ClinicApi => buildClinicApi((channel, request) => client.invoke(channel, request));

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function clinicWithOneMinute() {
  const c = await initializedClinic({ clock });
  dispose = c.dispose;
  const api = typed(c.client);
  expect(await api.users.updateSettings({ idleLockMinutes: 1, secondFactorRequiredFor: [] })).toMatchObject({ ok: true });
  return { ...c, api };
}

describe('idle lock and polling', () => {
  it('polls do not count as activity: the session locks after the idle time', async () => {
    const { api } = await clinicWithOneMinute();
    // What the renderer asks on its timers, every 2 s for a minute and a bit.
    for (let t = 0; t < 31; t++) {
      now += 2000;
      await api.delivery.status({});
      await api.delivery.forPhotos({ photoIds: ['0'.repeat(32)] });
      if (t % 7 === 0) await api.session.current({});
    }
    expect(await api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('a person’s request still counts: work with pauses under the limit never locks', async () => {
    const { api } = await clinicWithOneMinute();
    for (let t = 0; t < 5; t++) {
      now += 50_000;
      expect(await api.patients.search({ query: '' })).toMatchObject({ ok: true });
    }
  });

  it('an open session sees a changed idle setting at its next session check', async () => {
    const c = await initializedClinic({ clock });
    dispose = c.dispose;
    const other = c.core.connect();
    const otherApi = typed(other);
    expect(await otherApi.session.signIn({ username: ADMIN.username, password: ADMIN.password })).toMatchObject({ ok: true });
    expect(await otherApi.session.current({})).toMatchObject({ ok: true, value: { idleLockSeconds: 300 } });
    expect(await typed(c.client).users.updateSettings({ idleLockMinutes: 2, secondFactorRequiredFor: [] })).toMatchObject({ ok: true });
    expect(await otherApi.session.current({})).toMatchObject({ ok: true, value: { idleLockSeconds: 120 } });
  });
});
