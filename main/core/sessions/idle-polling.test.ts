// The idle lock against the renderer's polls, through the real core: a session whose window only
// polls (sync status, per-photo delivery state, the session itself) locks after the idle time, and
// a changed idle setting reaches sessions that are already open, without a new sign-in.
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../shared/channels/session';
import { ADMIN, call, initializedClinic } from '../test-support/fixtures';

let now = Date.parse('2026-03-02T09:00:00Z');
const clock = () => new Date(now);

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

describe('idle lock and polling', () => {
  it('polls do not count as activity: the session locks after the idle time', async () => {
    const c = await initializedClinic({ clock });
    dispose = c.dispose;
    await call(c.client, 'users.updateSettings', { idleLockMinutes: 1, secondFactorRequiredFor: [] });
    // What the renderer asks on its timers, every 2 s for a minute and a bit.
    for (let t = 0; t < 31; t++) {
      now += 2000;
      await c.client.invoke('delivery.status', {});
      await c.client.invoke('delivery.forPhotos', { photoIds: ['0'.repeat(32)] });
      if (t % 7 === 0) await c.client.invoke('session.current', {});
    }
    expect(await c.client.invoke('patients.search', { query: '' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('a person’s request still counts: a minute of work with pauses under the limit never locks', async () => {
    const c = await initializedClinic({ clock });
    dispose = c.dispose;
    await call(c.client, 'users.updateSettings', { idleLockMinutes: 1, secondFactorRequiredFor: [] });
    for (let t = 0; t < 5; t++) {
      now += 50_000;
      expect(await c.client.invoke('patients.search', { query: '' })).toMatchObject({ ok: true });
    }
  });

  it('an open session sees a changed idle setting at its next session check', async () => {
    const c = await initializedClinic({ clock });
    dispose = c.dispose;
    const other = c.core.connect();
    await call(other, 'session.signIn', { username: ADMIN.username, password: ADMIN.password });
    expect(await call<SessionInfo>(other, 'session.current')).toMatchObject({ idleLockSeconds: 300 });
    await call(c.client, 'users.updateSettings', { idleLockMinutes: 2, secondFactorRequiredFor: [] });
    expect(await call<SessionInfo>(other, 'session.current')).toMatchObject({ idleLockSeconds: 120 });
  });
});
