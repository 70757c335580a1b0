// Languages through the core: a user's own choice comes back with every session of that user; the
// workstation's is readable before sign-in (the sign-in screen's language), set only by
// administrators, audited, and a damaged file never stops the app.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addStaff, signedIn, STAFF_PASSWORD } from '../access/test-staff';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
import { WORKSTATION_FILE } from './workstation-file';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function clinic() {
  const c = await initializedClinic();
  dispose = c.dispose;
  return c;
}

describe('languages', () => {
  it("a user's own language comes back with the session, after signing in again too", async () => {
    const c = await clinic();
    expect(unwrap(await c.client.api.session.current({}))).toMatchObject({ locale: null });
    expect(unwrap(await c.client.api.preferences.setMyLocale({ locale: 'de' }))).toEqual({ locale: 'de' });
    unwrap(await c.client.api.session.signOut({}));
    const step = unwrap(await c.client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
    expect(step).toMatchObject({ step: 'signedIn', session: { locale: 'de' } });
    unwrap(await c.client.api.preferences.setMyLocale({ locale: null }));
    expect(unwrap(await c.client.api.session.current({}))).toMatchObject({ locale: null });
  });

  it("the workstation's language is read before sign-in, from an owner-only file, and audited when changed", async () => {
    const c = await clinic();
    expect(unwrap(await c.client.api.setup.status({}))).toMatchObject({ locale: null });
    unwrap(await c.client.api.preferences.setWorkstationLocale({ locale: 'ar' }));
    unwrap(await c.client.api.session.signOut({}));
    const fresh = c.core.connect();
    expect(unwrap(await fresh.api.setup.status({}))).toMatchObject({ locale: 'ar' });
    const file = path.join(c.dir, WORKSTATION_FILE);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ locale: 'ar' });
    expect((await stat(file)).mode & 0o077).toBe(0);
    const client = await signedIn(c.core, ADMIN.username, ADMIN.password, { local: true });
    const found = unwrap(await client.api.audit.search({ action: 'preferences.workstation-locale' }));
    expect(found.records.map((e) => [e.action, e.outcome, e.detail])).toEqual([['preferences.workstation-locale', 'success', 'locale=ar']]);
  });

  it('refuses an unknown locale and refuses the workstation setting to staff without the permission', async () => {
    const c = await clinic();
    const bad = await c.client.api.preferences.setMyLocale({ locale: 'xx' as 'de' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await addStaff(c.dir, { nurse: 'photographer' });
    const nurse = await signedIn(c.core, 'nurse', STAFF_PASSWORD);
    expect(await nurse.api.preferences.setWorkstationLocale({ locale: 'de' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(unwrap(await nurse.api.preferences.setMyLocale({ locale: 'es' }))).toEqual({ locale: 'es' });
  });

  it('a damaged or hand-edited workstation file means "as the operating system", never a failure', async () => {
    const c = await clinic();
    for (const text of ['{not json', JSON.stringify({ locale: 'xx' }), JSON.stringify(['de']), '']) {
      await writeFile(path.join(c.dir, WORKSTATION_FILE), text);
      expect(unwrap(await c.client.api.setup.status({}))).toMatchObject({ initialized: true, locale: null });
    }
  });
});
