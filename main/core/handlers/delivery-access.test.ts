// Delivery state is photo data: delivery.forPhotos answers only when every patient behind the
// photos asked about passes the photo-level access check (restriction, care relationship), the
// same check as photos.open. The patients are looked up through photos/ (patientsOfPhotos).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { addStaff, ONE_OF_EACH, signedIn } from '../access/test-staff';
import { renderClinicalScene } from '../capture/simulated-camera';
import type { CoreClient } from '../core';
import { ADMIN, importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';

const VIP = { mrn: 'VIP-0042', familyName: 'Starling', givenName: 'Celestine', birthDate: '1979-06-02', sex: 'F' } as const;
const OPEN = { mrn: 'MRN-1001', familyName: 'Brookfield', givenName: 'Ottilie', birthDate: '1961-03-14', sex: 'F' } as const;

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let admin: CoreClient;
const staff: Record<string, CoreClient> = {};
let vipPhoto: string;
let openPhoto: string;

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeEach(async () => {
  clinic = await initializedClinic();
  await addStaff(clinic.dir, ONE_OF_EACH);
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password, { local: true });
  for (const username of Object.keys(ONE_OF_EACH)) staff[username] = await signedIn(clinic.core, username);
  unwrap<Patient>(await admin.api.patients.register(VIP));
  unwrap<Patient>(await admin.api.patients.register(OPEN));
  vipPhoto = await importPhoto(admin, { mrn: VIP.mrn, bytes: await renderClinicalScene(1200, 800, 1), device: 'test' });
  openPhoto = await importPhoto(admin, { mrn: OPEN.mrn, bytes: await renderClinicalScene(1200, 800, 2), device: 'test' });
  unwrap(await staff.privacy!.api.access.restrict({ mrn: VIP.mrn, category: 'vip', reason: 'Public figure' }));
});

afterEach(async () => {
  await clinic.core.close();
  await clinic.dispose();
});

describe('delivery.forPhotos', () => {
  it('refuses when any photo belongs to a restricted patient, as photos.open does', async () => {
    const clin = staff.clin!;
    expect(code(await clin.api.delivery.forPhotos({ photoIds: [openPhoto] }))).toBe('ok');
    expect(code(await clin.api.photos.open({ photoId: vipPhoto }))).toBe('PATIENT_RESTRICTED');
    expect(code(await clin.api.delivery.forPhotos({ photoIds: [vipPhoto] }))).toBe('PATIENT_RESTRICTED');
    expect(code(await clin.api.delivery.forPhotos({ photoIds: [openPhoto, vipPhoto] }))).toBe('PATIENT_RESTRICTED');
  });

  it("refuses a photographer the photos of a patient outside their care relationship", async () => {
    expect(code(await staff.photo!.api.delivery.forPhotos({ photoIds: [openPhoto] }))).toBe('NO_CARE_RELATIONSHIP');
    expect(code(await staff.clin!.api.delivery.forPhotos({ photoIds: [openPhoto, 'f'.repeat(32)] }))).toBe('ok');
  });
});
