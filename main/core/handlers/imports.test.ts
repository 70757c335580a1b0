// Import in the app through a real core and a window's client (not the CLI's local one): the window
// learns each file's own date and whether it is a duplicate before committing, commits through
// the ingest path into the chosen encounter, and cannot reach the CLI's local-only import.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encounter, Patient } from '../../../shared/domain';
import { IMPORT_HEAD_BYTES } from '../../../shared/channels/imports';
import type { CoreClient } from '../core';
import { markedScene, withExif } from '../test-support/exif-jpeg';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let win: CoreClient;
let anna: Patient;
let bert: Patient;
let visit: Encounter;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const described = (b: Buffer, fileModifiedAt?: string) => ({ sha256: sha256(b), headBase64: b.subarray(0, IMPORT_HEAD_BYTES).toString('base64'), ...(fileModifiedAt ? { fileModifiedAt } : {}) });

beforeAll(async () => {
  clinic = await initializedClinic();
  win = clinic.core.connect();
  unwrap(await win.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
  anna = unwrap(await win.api.patients.register({ mrn: 'IMP-1', familyName: 'Lind', givenName: 'Anna', birthDate: '1980-03-14', sex: 'F' }));
  bert = unwrap(await win.api.patients.register({ mrn: 'IMP-2', familyName: 'Berg', givenName: 'Bert', birthDate: '1970-01-01', sex: 'M' }));
  visit = unwrap(await win.api.encounters.start({ patientId: anna.id, reason: 'Card import' }));
}, 60_000);
afterAll(async () => clinic.dispose());

describe('imports.inspect and imports.add', () => {
  it('reports each file’s own date (EXIF, else the file time) and flags duplicates before and after committing', async () => {
    const withDate = withExif(await markedScene(200, 120), { dateTimeOriginal: '2025:07:14 09:30:00', offsetTimeOriginal: '+02:00' });
    const plain = await markedScene(208, 120);
    const notImage = Buffer.from('%PDF-1.7 not a photo');
    const before = unwrap(await win.api.imports.inspect({ patientId: anna.id, files: [described(withDate), described(plain, '2024-05-01T08:00:00+00:00'), described(notImage)] }));
    expect(before[0]).toMatchObject({ takenAt: '2025-07-14T07:30:00.000Z', takenFrom: 'exif', supported: true, duplicate: 'none' });
    expect(before[1]).toMatchObject({ takenAt: '2024-05-01T08:00:00.000Z', takenFrom: 'file', supported: true, duplicate: 'none' });
    expect(before[2]).toMatchObject({ supported: false });

    const { photoId } = unwrap(await win.api.imports.add({ patientId: anna.id, encounterId: visit.id, imageBase64: withDate.toString('base64'), device: 'Memory card' }));
    const photos = unwrap(await win.api.photos.list({ patientId: anna.id }));
    expect(photos.find((p) => p.id === photoId)).toMatchObject({ encounterId: visit.id, source: 'import', device: 'Memory card' });

    const again = unwrap(await win.api.imports.inspect({ patientId: anna.id, files: [described(withDate)] }));
    expect(again[0]).toMatchObject({ duplicate: 'this-patient', duplicateOf: photoId });
    const elsewhere = unwrap(await win.api.imports.inspect({ patientId: bert.id, files: [described(withDate)] }));
    expect(elsewhere[0]).toMatchObject({ duplicate: 'other-patient', duplicateOf: null });
    expect(await win.api.imports.add({ patientId: anna.id, encounterId: null, imageBase64: withDate.toString('base64'), device: 'Memory card' })).toMatchObject({
      ok: false,
      error: { code: 'DUPLICATE_PHOTO' },
    });
  });

  it('refuses an encounter of another patient, and a file that is not an image, storing nothing', async () => {
    const bytes = (await markedScene(216, 120)).toString('base64');
    expect(await win.api.imports.add({ patientId: bert.id, encounterId: visit.id, imageBase64: bytes, device: 'File import' })).toMatchObject({ ok: false, error: { code: 'CONTEXT_MISMATCH' } });
    expect(await win.api.imports.add({ patientId: bert.id, encounterId: null, imageBase64: Buffer.from('%PDF-1.7').toString('base64'), device: 'File import' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_IMAGE' },
    });
    expect(unwrap(await win.api.photos.list({ patientId: bert.id }))).toEqual([]);
  });

  it('keeps the CLI’s byte import local-only: a window is refused', async () => {
    const r = await win.api.photos.import({ mrn: 'IMP-1', bytes: await markedScene(224, 120), device: 'x' });
    expect(r.ok).toBe(false);
  });
});
