// The administrator sets the clinic's identifier systems on the Delivery screen: a malformed org
// root is refused with the field's message and nothing is saved; valid values are saved and are
// still there after leaving the screen and coming back.
import { acknowledgeRecoveryCode, fillSetup, type AdminAccount } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Harbour Skin Clinic', username: 'mkaur', displayName: 'Dr Meera Kaur', password: 'saltmarsh-heron-quartz-41' };

test('an administrator sets the MRN system, Issuer of Patient ID and org root', async ({ app }) => {
  const { page, snap } = app;
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  const banner = page.getByRole('banner');
  await banner.getByRole('button', { name: 'Delivery' }).click();
  const form = page.getByRole('form', { name: 'Identifier systems' });
  await expect(form).toBeVisible();

  await form.getByLabel('MRN system URI').fill('https://emr.example.org/fhir/sid/mrn');
  await form.getByLabel('DICOM Issuer of Patient ID').fill('HARBOUR-EMR');
  await form.getByLabel('DICOM org UID root').fill('1.02.3');
  await form.getByRole('button', { name: 'Save identifier systems' }).click();
  await expect(form.getByText(/^Org UID root must be digits separated by dots/)).toBeVisible();
  await snap('identifier-systems-refused');

  await form.getByLabel('DICOM org UID root').fill('1.2.826.0.1.3680043.10.543');
  await form.getByRole('button', { name: 'Save identifier systems' }).click();
  await expect(form.getByText('Identifier systems saved. Photos delivered from now on carry them.')).toBeVisible();
  await snap('identifier-systems-saved');

  await banner.getByRole('button', { name: 'Patients' }).click();
  await banner.getByRole('button', { name: 'Delivery' }).click();
  const again = page.getByRole('form', { name: 'Identifier systems' });
  await expect(again.getByLabel('MRN system URI')).toHaveValue('https://emr.example.org/fhir/sid/mrn');
  await expect(again.getByLabel('DICOM Issuer of Patient ID')).toHaveValue('HARBOUR-EMR');
  await expect(again.getByLabel('DICOM org UID root')).toHaveValue('1.2.826.0.1.3680043.10.543');
});
