// Delivery in the browser shell against a real Orthanc (DICOMweb behind nginx TLS, throwaway CA,
// basic auth): an administrator adds the PACS as a target with its pinned CA, tests the
// connection, takes a photo, and watches its delivery reach "verified" in the gallery, the viewer
// and the header's sync status. Orthanc then holds exactly that one instance.
import { startOrthanc, type OrthancPeer } from '../main/core/test-support/peers';
import { acknowledgeRecoveryCode, chooseBodySite, fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Harbour Skin Clinic', username: 'mkaur', displayName: 'Dr Meera Kaur', password: 'saltmarsh-heron-quartz-41' };
const PATIENT: PatientInput = { mrn: 'HS-5512-09', familyName: 'Okonkwo-Lindqvist', givenName: 'Adaeze', birthDate: '1988-06-14', sexLabel: 'Female' };

let pacs: OrthancPeer;
test.beforeAll(async () => {
  pacs = await startOrthanc();
});
test.afterAll(async () => {
  await pacs?.stop();
});

test('an administrator configures the PACS, captures, and sees the photo delivered and verified', async ({ app }) => {
  const { page, phi, snap } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn, pacs.password);
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);

  const banner = page.getByRole('banner');
  await banner.getByRole('button', { name: 'Delivery' }).click();
  await expect(page.getByRole('heading', { name: 'Delivery', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Add a target' }).click();
  const form = page.getByRole('form', { name: 'Add a delivery target' });
  await form.getByLabel('Name', { exact: true }).fill('Harbour PACS');
  await form.getByLabel('Kind').selectOption('dicomweb');
  // Plain http to another host is refused with its own message.
  await form.getByLabel('Base URL').fill('http://pacs.example.org/dicom-web');
  await form.getByLabel('User name').fill(pacs.username);
  await form.getByLabel('Password', { exact: true }).fill(pacs.password);
  await form.getByRole('button', { name: 'Add target' }).click();
  await expect(form.getByText('Plain http is allowed only to this computer')).toBeVisible();

  await form.getByLabel('Base URL').fill(pacs.dicomwebUrl);
  await form.getByLabel('Password', { exact: true }).fill(pacs.password);
  await form.getByLabel('Pinned CA certificate (PEM, optional)').fill(pacs.caPem);
  await form.getByRole('button', { name: 'Add target' }).click();
  const row = page.getByRole('listitem').filter({ hasText: 'Harbour PACS' });
  await expect(row).toContainText('secret set');
  await expect(row).toContainText('pinned CA');
  await expect(page.getByText(pacs.password)).toHaveCount(0);
  await row.getByRole('button', { name: 'Test connection to Harbour PACS' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Harbour PACS: Connected' })).toBeVisible();
  await snap('delivery-01-targets');
  // An administrator has the most sections: every one stays in view, from a wide window down to
  // the narrowest supported one (the header gives them a row of their own when they do not fit).
  const nav = banner.getByRole('navigation', { name: 'Main' });
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    for (const section of ['Patients', 'Access control', 'Staff', 'Security keys', 'Delivery']) await expect(nav.getByRole('button', { name: section })).toBeInViewport({ ratio: 1 });
    expect(await nav.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await expect(banner.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await banner.getByRole('button', { name: 'Patients' }).click();
  await registerPatient(page, PATIENT);
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await chooseBodySite(page);
  await page.getByRole('button', { name: 'Take photo' }).click();

  const gallery = page.getByRole('region', { name: /^Photos/ });
  await expect(gallery.getByText('Delivered ✓ verified')).toBeVisible({ timeout: 30_000 });
  await expect(banner.getByRole('button', { name: 'Sync: all delivered. 1 of 1 deliveries verified.' })).toBeVisible({ timeout: 10_000 });
  await gallery.getByRole('button', { name: /^Photo taken/ }).first().click();
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByLabel('Harbour PACS: Delivered ✓ verified')).toBeVisible();
  // The image is decoded asynchronously: wait for it before the screenshot shows an empty stage.
  await viewer.getByRole('img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
  await snap('delivery-02-viewer-verified');
  expect(await pacs.countInstances()).toBe(1);
});
