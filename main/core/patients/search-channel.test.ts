// The search and registration channels through a real core: a mononymous patient registers and is
// found, a local date reaches the core in the caller's order, and each row carries the patient's
// last visit and photo count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/domain';
import { markedScene } from '../test-support/exif-jpeg';
import { importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;

beforeAll(async () => {
  clinic = await initializedClinic();
}, 60_000);
afterAll(async () => clinic.dispose());

describe('patients.register and patients.search', () => {
  it('registers a patient with one name and finds them by it', async () => {
    const api = clinic.client.api;
    const p = unwrap<Patient>(await api.patients.register({ mrn: 'MONO-1', familyName: 'Sukarno', birthDate: '1950-06-06', sex: 'M' }));
    expect(p).toMatchObject({ familyName: 'Sukarno', givenName: '' });
    expect(unwrap(await api.patients.search({ query: 'sukarno' })).patients.map((x) => x.mrn)).toEqual(['MONO-1']);
  });

  it('still refuses a registration without any name', async () => {
    const r = await clinic.client.api.patients.register({ mrn: 'MONO-2', familyName: ' ', givenName: 'Ann', birthDate: '1950-06-06', sex: 'F' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('reads a typed date in the order the caller says its locale uses', async () => {
    const api = clinic.client.api;
    unwrap(await api.patients.register({ mrn: 'DATE-1', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-03-02', sex: 'F' }));
    expect(unwrap(await api.patients.search({ query: '03/02/1961', dateOrder: 'mdy' })).patients.map((x) => x.mrn)).toEqual(['DATE-1']);
    expect(unwrap(await api.patients.search({ query: '2.3.1961' })).patients.map((x) => x.mrn)).toEqual(['DATE-1']);
  });

  it("sorts equally good matches by the user's language: ñ after n in Spanish", async () => {
    const api = clinic.client.api;
    unwrap(await api.patients.register({ mrn: 'COLL-1', familyName: 'Muñiz', givenName: 'Ana', birthDate: '1970-01-01', sex: 'F' }));
    unwrap(await api.patients.register({ mrn: 'COLL-2', familyName: 'Munoz', givenName: 'Ana', birthDate: '1970-01-01', sex: 'F' }));
    const order = async (locale: 'en' | 'es') => unwrap(await api.patients.search({ query: 'ana mu', locale })).patients.map((x) => x.familyName);
    expect(await order('en')).toEqual(['Muñiz', 'Munoz']);
    expect(await order('es')).toEqual(['Munoz', 'Muñiz']);
  });

  it('lists each patient with their last visit and photo count', async () => {
    const api = clinic.client.api;
    const p = unwrap<Patient>(await api.patients.register({ mrn: 'LIST-1', familyName: 'Okafor', givenName: 'Chidi', birthDate: '1980-01-01', sex: 'M' }));
    let row = unwrap(await api.patients.search({ query: 'LIST-1' })).patients[0];
    expect(row).toMatchObject({ mrn: 'LIST-1', lastVisitAt: null, photoCount: 0 });
    unwrap(await api.encounters.start({ patientId: p.id, reason: 'first' }));
    const last = unwrap(await api.encounters.start({ patientId: p.id, reason: 'second' }));
    await importPhoto(clinic.client, { mrn: 'LIST-1', bytes: await markedScene(160, 128), device: 'test' });
    await importPhoto(clinic.client, { mrn: 'LIST-1', bytes: await markedScene(176, 128), device: 'test' });
    row = unwrap(await api.patients.search({ query: '' })).patients.find((x) => x.mrn === 'LIST-1');
    expect(row).toMatchObject({ lastVisitAt: last.startedAt, photoCount: 2 });
  });
});
