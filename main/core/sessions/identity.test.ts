// Identity through the real core (real vault, real SQLCipher database): staff administration,
// first-sign-in password change, TOTP enrollment and sign-in with replay refused, recovery codes,
// lock-out with back-off persisted across restarts and audited, idle lock, unlock and switch user.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffMember } from '../../../shared/channels/users';
import type { SessionInfo } from '../../../shared/channels/session';
import { hotp, totpStep } from '../auth/totp';
import { THROTTLE_FILE } from '../auth/sign-in-throttle';
import type { CoreClient } from '../core';
import { ADMIN, initializedClinic, testCore, unwrap, importPhoto } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { withDatabase } from '../access/test-staff';
import { openDatabase } from '../db/open';

const NURSE = { username: 'jdoe', displayName: 'Jordan Doe-Whitfield', role: 'clinician', initialPassword: 'first-day-password-77' } as const;
const NEW_PASSWORD = 'my-own-long-password-19';

let now = Date.parse('2026-03-02T09:00:00Z');
const clock = () => new Date(now);
const advance = (ms: number) => {
  now += ms;
};

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function clinic() {
  const c = await initializedClinic({ clock });
  dispose = c.dispose;
  return c;
}

type Step = { step: 'signedIn'; session: SessionInfo } | { step: 'secondFactor' };

const base32Decode = (text: string): Buffer => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
};
const codeAt = (secret: Buffer, offsetSteps = 0) => hotp(secret, totpStep(clock()) + offsetSteps);

async function createNurse(admin: CoreClient): Promise<StaffMember> {
  return unwrap<StaffMember>(await admin.api.users.create(NURSE));
}

describe('staff administration', () => {
  it('creates a user who must change the password at first sign-in, then works normally', async () => {
    const c = await clinic();
    const nurse = await createNurse(c.client);
    expect(nurse).toMatchObject({ username: 'jdoe', role: 'clinician', mustChangePassword: true, disabledAt: null, secondFactor: false });
    expect((unwrap<StaffMember[]>(await c.client.api.users.list({}))).map((u) => u.username).sort()).toEqual(['admin', 'jdoe']);

    const other = c.core.connect();
    const first = unwrap<Step>(await other.api.session.signIn({ username: 'jdoe', password: NURSE.initialPassword }));
    expect(first).toMatchObject({ step: 'signedIn', session: { restriction: 'changePassword', user: { role: 'clinician' } } });
    expect(await other.api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'SESSION_SETUP_REQUIRED' } });
    expect(await other.api.session.changePassword({ currentPassword: 'wrong-password-000', newPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS', fields: { currentPassword: 'is incorrect' } },
    });
    expect(await other.api.session.changePassword({ currentPassword: NURSE.initialPassword, newPassword: 'jdoe-password-long' })).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PASSWORD' },
    });
    const changed = unwrap<SessionInfo>(await other.api.session.changePassword({ currentPassword: NURSE.initialPassword, newPassword: NEW_PASSWORD }));
    expect(changed.restriction).toBeNull();
    expect(unwrap(await other.api.patients.search({ query: '' }))).toMatchObject({ patients: [] });
    expect(await other.api.users.list({})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });

    // The old password no longer opens anything; the new one does, after a restart too.
    unwrap(await other.api.session.signOut({}));
    expect(await other.api.session.signIn({ username: 'jdoe', password: NURSE.initialPassword })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    await c.core.close();
    const again = testCore(c.dir, { clock });
    const client = again.connect();
    expect(unwrap<Step>(await client.api.session.signIn({ username: 'jdoe', password: NEW_PASSWORD }))).toMatchObject({ step: 'signedIn', session: { restriction: null } });
    await again.close();
  });

  it('refuses common passwords and duplicate usernames', async () => {
    const c = await clinic();
    expect(await c.client.api.users.create({ ...NURSE, initialPassword: 'password1234' })).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD' } });
    expect(await c.client.api.users.create({ ...NURSE, initialPassword: '0123456789ab' })).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD' } });
    await createNurse(c.client);
    expect(await c.client.api.users.create({ ...NURSE, username: 'JDOE' })).toMatchObject({ ok: false, error: { code: 'USERNAME_TAKEN' } });
  });

  it('never removes or demotes the last active administrator', async () => {
    const c = await clinic();
    const admin = (unwrap<StaffMember[]>(await c.client.api.users.list({})))[0]!;
    expect(await c.client.api.users.update({ userId: admin.id, role: 'clinician' })).toMatchObject({ ok: false, error: { code: 'LAST_ADMINISTRATOR' } });
    const second = unwrap<StaffMember>(await c.client.api.users.create({ ...NURSE, username: 'admin2', role: 'administrator' }));
    expect(await c.client.api.users.disable({ userId: admin.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    unwrap(await c.client.api.users.disable({ userId: second.id }));
    expect(await c.client.api.users.update({ userId: admin.id, role: 'clinician' })).toMatchObject({ ok: false, error: { code: 'LAST_ADMINISTRATOR' } });
  });

  it('disables a user (ending their session, removing their slot) and re-enables with a new password', async () => {
    const c = await clinic();
    const nurse = await createNurse(c.client);
    const other = c.core.connect();
    unwrap(await other.api.session.signIn({ username: 'jdoe', password: NURSE.initialPassword }));
    const vaultBefore = JSON.parse(await readFile(path.join(c.dir, 'vault.json'), 'utf8')) as { slots: unknown[] };

    expect(unwrap<StaffMember>(await c.client.api.users.disable({ userId: nurse.id }))).toMatchObject({ disabledAt: expect.any(String) });
    expect(await other.api.session.current({})).toMatchObject({ ok: true, value: null });
    const vaultAfter = JSON.parse(await readFile(path.join(c.dir, 'vault.json'), 'utf8')) as { slots: unknown[] };
    expect(vaultAfter.slots.length).toBe(vaultBefore.slots.length - 1);
    expect(await other.api.session.signIn({ username: 'jdoe', password: NURSE.initialPassword })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });

    unwrap(await c.client.api.users.enable({ userId: nurse.id, initialPassword: 'second-start-password-3' }));
    expect(unwrap<Step>(await other.api.session.signIn({ username: 'jdoe', password: 'second-start-password-3' }))).toMatchObject({
      step: 'signedIn',
      session: { restriction: 'changePassword' },
    });
  });
});

describe('TOTP second factor', () => {
  it('enrolls with a confirmed code, asks for a code at sign-in, refuses replay, accepts a recovery code once', async () => {
    const c = await clinic();
    const enrollment = unwrap<{ secretBase32: string; otpauthUri: string; qrPngBase64: string }>(await c.client.api.session.beginTotpEnrollment({}));
    expect(enrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Harbour%20Dermatology:admin\?secret=[A-Z2-7]{32}&/);
    expect(Buffer.from(enrollment.qrPngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const secret = base32Decode(enrollment.secretBase32);
    expect(await c.client.api.session.confirmTotpEnrollment({ code: codeAt(secret, 5) })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const { recoveryCodes, session } = unwrap<{ recoveryCodes: string[]; session: SessionInfo }>(await c.client.api.session.confirmTotpEnrollment({ code: codeAt(secret) }));
    expect(recoveryCodes).toHaveLength(10);
    expect(session.secondFactor).toBe(true);

    unwrap(await c.client.api.session.signOut({}));
    expect(unwrap<Step>(await c.client.api.session.signIn({ username: 'admin', password: ADMIN.password }))).toEqual({ step: 'secondFactor' });
    expect(await c.client.api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    // The enrollment code's own step was used: the same code again is a replay.
    expect(await c.client.api.session.verifySecondFactor({ code: codeAt(secret) })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    advance(30_000);
    expect(unwrap<Step>(await c.client.api.session.verifySecondFactor({ code: codeAt(secret) }))).toMatchObject({ step: 'signedIn' });

    unwrap(await c.client.api.session.signOut({}));
    unwrap(await c.client.api.session.signIn({ username: 'admin', password: ADMIN.password }));
    expect(await c.client.api.session.verifySecondFactor({ code: codeAt(secret) })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(unwrap<Step>(await c.client.api.session.verifySecondFactor({ code: recoveryCodes[0]! }))).toMatchObject({ step: 'signedIn' });
    unwrap(await c.client.api.session.signOut({}));
    unwrap(await c.client.api.session.signIn({ username: 'admin', password: ADMIN.password }));
    expect(await c.client.api.session.verifySecondFactor({ code: recoveryCodes[0]! })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    // One step of drift is accepted.
    expect(unwrap<Step>(await c.client.api.session.verifySecondFactor({ code: codeAt(secret, 1) }))).toMatchObject({ step: 'signedIn' });
  });

  it('lets an administrator reset a user second factor, and require one clinic-wide', async () => {
    const c = await clinic();
    const nurse = await createNurse(c.client);
    unwrap(await c.client.api.users.updateSettings({ idleLockMinutes: 5, secondFactorRequiredFor: ['clinician'] }));
    const other = c.core.connect();
    unwrap(await other.api.session.signIn({ username: 'jdoe', password: NURSE.initialPassword }));
    const after = unwrap<SessionInfo>(await other.api.session.changePassword({ currentPassword: NURSE.initialPassword, newPassword: NEW_PASSWORD }));
    expect(after.restriction).toBe('enrollSecondFactor');
    expect(await other.api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'SESSION_SETUP_REQUIRED' } });
    const { secretBase32 } = unwrap<{ secretBase32: string }>(await other.api.session.beginTotpEnrollment({}));
    const { session } = unwrap<{ session: SessionInfo }>(await other.api.session.confirmTotpEnrollment({ code: codeAt(base32Decode(secretBase32)) }));
    expect(session.restriction).toBeNull();
    expect(await other.api.session.removeTotp({ password: NEW_PASSWORD })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });

    expect(unwrap<StaffMember>(await c.client.api.users.resetSecondFactor({ userId: nurse.id }))).toMatchObject({ secondFactor: false });
  });
});

describe('lock-out', () => {
  it('backs off after five failures, per username, without saying whether it exists; persisted and audited', async () => {
    const c = await clinic();
    unwrap(await c.client.api.session.signOut({})); // vault closed: failures are queued on disk
    const failedAt = clock().toISOString();
    for (let i = 0; i < 5; i++) {
      expect(await c.client.api.session.signIn({ username: 'admin', password: `wrong-password-${i}` })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    }
    const locked = await c.client.api.session.signIn({ username: 'admin', password: ADMIN.password });
    expect(locked).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS', fields: { retryAfterSeconds: '60' } } });
    // An unknown username locks out the same way.
    for (let i = 0; i < 5; i++) await c.client.api.session.signIn({ username: 'ghost', password: `wrong-password-${i}` });
    expect(await c.client.api.session.signIn({ username: 'ghost', password: 'x' })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });

    const file = await readFile(path.join(c.dir, THROTTLE_FILE), 'utf8');
    expect(file).not.toContain('admin');
    expect(file).not.toContain('ghost');

    // A restart keeps the lock-out; after a minute the right password works and the queue is audited.
    await c.core.close();
    const again = testCore(c.dir, { clock });
    const client = again.connect();
    expect(await client.api.session.signIn({ username: 'admin', password: ADMIN.password })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
    advance(61_000);
    expect(unwrap<Step>(await client.api.session.signIn({ username: 'admin', password: ADMIN.password }))).toMatchObject({ step: 'signedIn' });
    await again.close();

    const { unlockWithPassword } = await import('../vault/vault');
    const keys = await unlockWithPassword(c.dir, 'admin', ADMIN.password);
    const db = openDatabase(path.join(c.dir, 'clinic.db'), keys.databaseKey);
    const rows = db.prepare("SELECT at, user_id, action, outcome, detail FROM audit_events WHERE action IN ('session.sign-in', 'session.lock-out') ORDER BY seq").all() as Array<{
      at: string;
      user_id: string | null;
      action: string;
      outcome: string;
      detail: string;
    }>;
    db.close();
    keys.wipe();
    const queued = rows.filter((r) => r.detail.endsWith(';queued'));
    expect(queued.filter((r) => r.action === 'session.sign-in')).toHaveLength(10);
    expect(queued.filter((r) => r.action === 'session.lock-out')).toHaveLength(2);
    expect(queued.filter((r) => r.user_id !== null).length).toBe(6); // admin's five failures + lock-out
    // Queued records keep the time of the failure, not of the later unlock.
    expect(queued[0]!.at).toBe(failedAt);
    expect(rows.at(-1)!.at > failedAt).toBe(true);
    expect(rows.at(-1)).toMatchObject({ action: 'session.sign-in', outcome: 'success' });
  });
});

describe('locking', () => {
  it('locks after the idle time, hides everything, unlocks with the same password, and drops photo handles', async () => {
    const c = await clinic();
    const patient = unwrap<{ id: string }>(await c.client.api.patients.register({ mrn: 'LK-1', familyName: 'Quimby', givenName: 'Ottoline', birthDate: '1990-01-01', sex: 'F' }));
    expect(patient.id).toMatch(/^[0-9a-f]{32}$/);
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a0522d' } }).jpeg().toBuffer();
    await importPhoto(c.client, { mrn: 'LK-1', bytes: jpeg, device: 'test' });
    const [photo] = unwrap<Array<{ thumbnail: { handle: string } }>>(await c.client.api.photos.list({ patientId: patient.id }));
    await expect(c.client.resolvePhoto(photo!.thumbnail.handle)).resolves.toMatchObject({ mime: 'image/jpeg' });
    // A lock drops the photo handles at once (well within their five-minute life).
    unwrap(await c.client.api.session.lock({}));
    await expect(c.client.resolvePhoto(photo!.thumbnail.handle)).rejects.toMatchObject({ code: 'HANDLE_EXPIRED' });
    unwrap(await c.client.api.session.unlock({ password: ADMIN.password }));
    await expect(c.client.resolvePhoto(photo!.thumbnail.handle)).rejects.toMatchObject({ code: 'HANDLE_EXPIRED' });
    advance(5 * 60_000 + 1);
    expect(await c.client.api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(unwrap<SessionInfo>(await c.client.api.session.current({}))).toMatchObject({ restriction: 'locked' });
    expect(await c.client.api.session.unlock({ password: 'not-my-password-1' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(unwrap<Step>(await c.client.api.session.unlock({ password: ADMIN.password }))).toMatchObject({ step: 'signedIn', session: { restriction: null } });
    expect(unwrap(await c.client.api.patients.search({ query: '' }))).toMatchObject({ patients: [expect.objectContaining({ id: patient.id })] });

    unwrap(await c.client.api.session.lock({}));
    c.core.lockAllSessions('SUSPEND');
    expect(await c.client.api.patients.get({ patientId: patient.id })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('locks on time although the renderer keeps polling: polls are not activity, a changed setting applies at once', async () => {
    const c = await clinic();
    const window = c.core.connect();
    unwrap(await window.api.session.signIn({ username: 'admin', password: ADMIN.password }));
    unwrap(await window.api.users.updateSettings({ idleLockMinutes: 1, secondFactorRequiredFor: [] }));
    // Every poll the renderer makes on a timer, every 2 s, for longer than the idle time.
    for (let t = 0; t < 62_000; t += 2_000) {
      advance(2_000);
      for (const poll of [window.api.session.current({}), window.api.delivery.status({}), window.api.delivery.listTargets({}), window.api.delivery.forPhotos({ photoIds: [] })]) await poll;
    }
    expect(await window.api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    const locks = await withDatabase(c.dir, (db) => db.prepare("SELECT detail FROM audit_events WHERE action = 'session.lock'").pluck().all());
    expect(locks).toEqual(['IDLE']);
    // A session that works (a search is activity) stays open at the same pace.
    unwrap(await window.api.session.unlock({ password: ADMIN.password }));
    for (let t = 0; t < 62_000; t += 2_000) {
      advance(2_000);
      unwrap(await window.api.patients.search({ query: '' }));
    }
    unwrap(await window.api.patients.search({ query: '' }));
  });

  it('switches user from a locked session, closing the previous one', async () => {
    const c = await clinic();
    await createNurse(c.client);
    unwrap(await c.client.api.session.lock({}));
    const switched = unwrap<Step>(await c.client.api.session.switchUser({ username: 'jdoe', password: NURSE.initialPassword }));
    expect(switched).toMatchObject({ step: 'signedIn', session: { user: { username: 'jdoe' }, restriction: 'changePassword' } });
    expect(await c.client.api.session.signIn({ username: 'admin', password: ADMIN.password })).toMatchObject({ ok: false, error: { code: 'SESSION_SETUP_REQUIRED' } });
  });

  it('leaves no plaintext behind', async () => {
    const c = await clinic();
    await createNurse(c.client);
    unwrap(await c.client.api.session.beginTotpEnrollment({}));
    await c.core.close();
    expect(await scanForPlaintext(c.dir, [NURSE.displayName, NURSE.initialPassword, ADMIN.password, ADMIN.displayName])).toEqual([]);
  });
});
