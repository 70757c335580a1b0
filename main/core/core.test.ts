// The first slice through the real core: a real vault, a real SQLCipher database and real sealed
// files in a temp directory, driven through the same router the shells use.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Encounter, Patient, Photo } from '../../shared/domain';
import { ADMIN, initializedClinic, tempDir, testCore, unwrap } from './test-support/fixtures';
import { listFiles, scanForPlaintext } from './test-support/plaintext-scan';
import type { CoreClient } from './core';
import { FACE_FRONT } from './standards/sample-context';

const ADA = { mrn: 'MRN-0001', familyName: 'Lovelace', givenName: 'Augusta', birthDate: '1985-12-10', sex: 'F' } as const;
const ALAN = { mrn: 'mrn-0002', familyName: 'Turing', givenName: 'Alan', birthDate: '1972-06-23', sex: 'M' } as const;
const PHI = [ADA.familyName, ADA.givenName, ADA.mrn, ALAN.familyName, ALAN.givenName, ALAN.mrn, ADMIN.displayName];

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

async function readAll(client: CoreClient, handle: string): Promise<Buffer> {
  const photo = await client.resolvePhoto(handle);
  const parts: Buffer[] = [];
  for await (const part of photo.stream()) parts.push(part);
  return Buffer.concat(parts);
}

describe('first run and sessions', () => {
  it('reports an uninitialised workstation, then sets it up and signs the administrator in', async () => {
    const { dir, cleanup } = await tempDir();
    const core = testCore(dir);
    dispose = async () => {
      await core.close();
      await cleanup();
    };
    const client = core.connect();
    expect(unwrap(await client.api.setup.status({}))).toEqual({ initialized: false, clinicName: null, locale: null });
    expect(await client.api.session.signIn({ username: 'admin', password: 'whatever password' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_INITIALIZED' },
    });
    const info = unwrap<{ user: { role: string }; clinicName: string }>(await client.api.setup.initialize({
      clinicName: 'Harbour Dermatology',
      admin: ADMIN,
    }));
    expect(info.user.role).toBe('administrator');
    expect(info.clinicName).toBe('Harbour Dermatology');
    expect(unwrap(await client.api.setup.status({}))).toEqual({ initialized: true, clinicName: 'Harbour Dermatology', locale: null });
    expect(await client.api.setup.initialize({ clinicName: 'Again', admin: ADMIN })).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_INITIALIZED' },
    });
  });

  it('refuses a weak administrator password and writes nothing', async () => {
    const { dir, cleanup } = await tempDir();
    const core = testCore(dir);
    dispose = async () => {
      await core.close();
      await cleanup();
    };
    const r = await core.connect().api.setup.initialize({ clinicName: 'Clinic', admin: { ...ADMIN, password: 'short' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('signs out, refuses wrong credentials, and signs back in across a restart', async () => {
    const c = await clinic();
    unwrap(await c.client.api.session.signOut({}));
    expect(unwrap(await c.client.api.session.current({}))).toBeNull();
    expect(await c.client.api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    for (const attempt of [
      { username: ADMIN.username, password: 'wrong password here' },
      { username: 'nobody', password: ADMIN.password },
    ]) {
      expect(await c.client.api.session.signIn(attempt)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    }
    await c.core.close();

    const again = testCore(c.dir);
    const client = again.connect();
    const info = unwrap<{ session: { user: { username: string } } }>(await client.api.session.signIn({ username: 'ADMIN', password: ADMIN.password }));
    expect(info.session.user.username).toBe('admin');
    await again.close();
  });

  it('keeps sessions per client: another window is not signed in', async () => {
    const c = await clinic();
    const other = c.core.connect();
    expect(unwrap(await other.api.session.current({}))).toBeNull();
    expect(await other.api.patients.search({ query: '' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });
});

describe('patients, encounters and capture', () => {
  it('registers, searches by name, MRN and date of birth, and refuses duplicates', async () => {
    const c = await clinic();
    const ada = unwrap<Patient>(await c.client.api.patients.register(ADA));
    unwrap<Patient>(await c.client.api.patients.register(ALAN));
    expect(ada).toMatchObject({ mrn: 'MRN-0001', familyName: 'Lovelace', givenName: 'Augusta' });

    const search = async (query: string) =>
      (unwrap<{ patients: Patient[] }>(await c.client.api.patients.search({ query }))).patients.map((p) => p.familyName);
    expect(await search('love')).toEqual(['Lovelace']);
    expect(await search('LOVELACE, aug')).toEqual(['Lovelace']);
    expect(await search('augusta lovelace')).toEqual(['Lovelace']);
    expect(await search('mrn-000')).toEqual(['Lovelace', 'Turing']);
    expect(await search('MRN-0002')).toEqual(['Turing']);
    expect(await search('1972-06-23')).toEqual(['Turing']);
    expect(await search('zzz')).toEqual([]);
    expect(unwrap<unknown>(await c.client.api.patients.findByMrn({ mrn: 'mrn-0001' }))).toMatchObject({ id: ada.id });
    expect(unwrap<unknown>(await c.client.api.patients.findByMrn({ mrn: 'MRN-000' }))).toBeNull();
    expect((await search('')).sort()).toEqual(['Lovelace', 'Turing']);

    expect(await c.client.api.patients.register({ ...ALAN, mrn: 'MRN-0001' })).toMatchObject({
      ok: false,
      error: { code: 'MRN_TAKEN', fields: { mrn: 'is already in use' } },
    });
    expect(await c.client.api.patients.register({ ...ALAN, mrn: 'new-1', birthDate: '2999-01-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('folds accents in names so a search finds what the front desk types', async () => {
    const c = await clinic();
    unwrap(await c.client.api.patients.register({ ...ADA, mrn: 'A1', familyName: 'Müller', givenName: 'Zoë' }));
    const found = unwrap<{ patients: Patient[] }>(await c.client.api.patients.search({ query: 'muller, zoe' }));
    expect(found.patients.map((p) => p.familyName)).toEqual(['Müller']);
  });

  it('captures from the simulated camera into an encounter and shows it in the gallery', async () => {
    const c = await clinic();
    const ada = unwrap<Patient>(await c.client.api.patients.register(ADA));
    const cameras = unwrap<Array<{ id: string; isDefault: boolean; kind: string }>>(await c.client.api.cameras.list({}));
    expect(cameras).toEqual([expect.objectContaining({ id: 'simulated:0', kind: 'simulated', isDefault: true })]);
    const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: ada.id, reason: 'Mole check' }));

    const first = unwrap<Photo>(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FACE_FRONT }));
    const second = unwrap<Photo>(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FACE_FRONT }));
    expect(first).toMatchObject({ patientId: ada.id, encounterId: encounter.id, mime: 'image/jpeg', source: 'camera', width: 2400, height: 1600 });
    expect(first.sha256).not.toBe(second.sha256); // every shot differs

    const gallery = unwrap<Photo[]>(await c.client.api.photos.list({ patientId: ada.id }));
    expect(gallery.map((p) => p.id).sort()).toEqual([first.id, second.id].sort());
    const thumb = await readAll(c.client, gallery[0]!.thumbnail.handle);
    expect(thumb.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    const full = unwrap<{ handle: string; width: number }>(await c.client.api.photos.open({ photoId: first.id }));
    const original = await readAll(c.client, full.handle);
    expect(original.length).toBe(first.byteSize);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(original).digest('hex')).toBe(first.sha256);

    const encounters = unwrap<Encounter[]>(await c.client.api.encounters.list({ patientId: ada.id }));
    expect(encounters).toEqual([expect.objectContaining({ id: encounter.id, photoCount: 2, reason: 'Mole check', providerName: ADMIN.displayName })]);

    expect(await scanForPlaintext(c.dir, PHI)).toEqual([]);
  });

  it('refuses capture into an unknown encounter or from an unknown camera', async () => {
    const c = await clinic();
    const ada = unwrap<Patient>(await c.client.api.patients.register(ADA));
    const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: ada.id }));
    expect(await c.client.api.capture.take({ encounterId: 'f'.repeat(32), cameraId: 'simulated:0', context: FACE_FRONT })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: 'usb:nikon', context: FACE_FRONT })).toMatchObject({
      ok: false,
      error: { code: 'CAMERA_UNAVAILABLE' },
    });
  });

  it('turns a camera failure into CAPTURE_FAILED and stores nothing', async () => {
    const broken = { id: 'broken:0', label: 'Broken', kind: 'tethered' as const, capture: async () => ({ bytes: Buffer.from('not a jpeg'), device: 'Broken' }) };
    const failing = { id: 'failing:0', label: 'Failing', kind: 'tethered' as const, capture: async () => Promise.reject(new Error('USB reset')) };
    const c = await initializedClinic({ cameras: [broken, failing] });
    dispose = c.dispose;
    const ada = unwrap<Patient>(await c.client.api.patients.register(ADA));
    const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: ada.id }));
    expect(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: 'broken:0', context: FACE_FRONT })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_IMAGE' },
    });
    expect(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: 'failing:0', context: FACE_FRONT })).toMatchObject({
      ok: false,
      error: { code: 'CAPTURE_FAILED' },
    });
    expect(unwrap<Photo[]>(await c.client.api.photos.list({ patientId: ada.id }))).toEqual([]);
    const blobFiles = (await listFiles(c.dir)).filter((f) => f.includes(`${path.sep}blobs${path.sep}`));
    expect(blobFiles).toEqual([]);
  });
});

describe('photo handles', () => {
  it('are bound to the client, die with the session and expire', async () => {
    let now = Date.parse('2026-11-25T10:00:00Z');
    const c = await initializedClinic({ clock: () => new Date(now) });
    dispose = c.dispose;
    const ada = unwrap<Patient>(await c.client.api.patients.register(ADA));
    const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: ada.id }));
    const photo = unwrap<Photo>(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FACE_FRONT }));
    const handle = photo.thumbnail.handle;

    const other = c.core.connect();
    unwrap(await other.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
    await expect(other.resolvePhoto(handle)).rejects.toMatchObject({ code: 'HANDLE_EXPIRED' });
    await expect(c.client.resolvePhoto(handle)).resolves.toMatchObject({ mime: 'image/jpeg' });

    // Stay active in between: six idle minutes would lock the session (sessions/session-state.ts).
    now += 3 * 60_000;
    unwrap(await c.client.api.cameras.list({}));
    now += 3 * 60_000;
    await expect(c.client.resolvePhoto(handle)).rejects.toMatchObject({ code: 'HANDLE_EXPIRED' });

    const fresh = (unwrap<Photo[]>(await c.client.api.photos.list({ patientId: ada.id })))[0]!.thumbnail.handle;
    await expect(c.client.resolvePhoto(fresh)).resolves.toBeDefined();
    unwrap(await c.client.api.session.signOut({}));
    await expect(c.client.resolvePhoto(fresh)).rejects.toMatchObject({ code: 'HANDLE_EXPIRED' });
  });
});

describe('audit', () => {
  it('records sign-in, registration, capture, views and refusals with identifiers only', async () => {
    const c = await clinic();
    const ada = unwrap<Patient>(await c.client.api.patients.register(ADA));
    const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: ada.id }));
    const photo = unwrap<Photo>(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FACE_FRONT }));
    unwrap(await c.client.api.photos.open({ photoId: photo.id }));
    unwrap(await c.client.api.session.signOut({}));
    await c.client.api.patients.get({ patientId: ada.id });
    await c.core.close();

    // Read the audit table back through a fresh sign-in (the database is encrypted; there is no
    // other way in).
    const again = testCore(c.dir);
    const client = again.connect();
    unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
    await again.close();
    const { unlockWithPassword } = await import('./vault/vault');
    const { openDatabase } = await import('./db/open');
    const keys = await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password);
    const db = openDatabase(path.join(c.dir, 'clinic.db'), keys.databaseKey);
    const rows = db.prepare('SELECT action, outcome, patient_id, photo_id, detail FROM audit_events ORDER BY seq').all() as Array<Record<string, string | null>>;
    db.close();
    const actions = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual([
      'clinic.initialize:success',
      'keys.recovery-create:success',
      'session.sign-in:success',
      'patient.register:success',
      'encounter.start:success',
      'photo.capture:success',
      'photo.view:success',
      'session.sign-out:success',
      'session.sign-in:success',
      'session.sign-out:success',
    ]);
    expect(rows.find((r) => r.action === 'photo.view')).toMatchObject({ patient_id: ada.id, photo_id: photo.id });
    const text = JSON.stringify(rows);
    for (const phi of [ADA.familyName, ADA.givenName, ADA.mrn]) expect(text).not.toContain(phi);
    expect((await readFile(path.join(c.dir, 'vault.json'), 'utf8')).includes(ADMIN.username)).toBe(false);
  });
});
