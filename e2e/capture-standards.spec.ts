// Clinical photography standards in the browser shell with the simulated camera: capture is
// blocked until a body site, side and view are chosen; a capture template steps through its shots
// with prompts; a site picked on the body map (or found in the searchable list) is stored with the
// photo; the quality result shows after each shot; the viewer shows the metadata; the second shot
// of the same site gets a ghost overlay of the first, with adjustable opacity.
import { acknowledgeRecoveryCode, fillSetup, loadedNaturalWidth, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Fjord Skin Clinic', username: 'hsolberg', displayName: 'Dr Hanne Solberg', password: 'tidewater-lichen-frost-83' };
const PATIENT: PatientInput = { mrn: 'FS-7781-002', familyName: 'Aaltonen-Reyes', givenName: 'Ilmari', birthDate: '1972-11-05', sexLabel: 'Male' };

test('templates, body map, quality result, metadata and ghost overlay', async ({ app }) => {
  const { page, phi, snap } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await fillSetup(page, ADMIN);
  await acknowledgeRecoveryCode(page);
  await registerPatient(page, PATIENT);
  await page.getByRole('button', { name: 'Start encounter' }).click();

  const takePhoto = page.getByRole('button', { name: 'Take photo' });
  await expect(takePhoto).toBeDisabled();
  await expect(page.getByText('Choose the body site, side and view, or start a capture template.')).toBeVisible();

  // A template prefills site, side and view, shows the pose prompt, and moves on after a good shot.
  await page.getByLabel('Capture template').selectOption({ label: 'Hand eczema (6 shots)' });
  await page.getByRole('button', { name: 'Start template' }).click();
  const runner = page.getByRole('region', { name: 'Template: Hand eczema' });
  await expect(runner).toContainText('Step 1 of 6: Palms');
  await runner.getByText('Details').click();
  await expect(runner).toContainText('Skin of palm of hand (SNOMED CT 70887009), Both sides, Palmar');
  await expect(runner.getByRole('note', { name: 'Pose prompt' })).toContainText('Both palms up');
  // The step sets site, side and view; the picker folds away behind "Change site, side or view".
  await page.getByText('Change site, side or view').click();
  await expect(page.getByRole('radio', { name: 'Both sides' })).toBeChecked();
  await expect(page.getByLabel('View', { exact: true })).toHaveValue('palmar');
  await takePhoto.click();
  await expect(page.getByRole('status').filter({ hasText: 'Quality checks passed' })).toBeVisible({ timeout: 30_000 });
  await expect(runner).toContainText('Step 2 of 6: Backs of hands');
  await expect(runner.getByRole('listitem').first()).toContainText('(taken)');
  // Skip a step: the runner moves on and marks it.
  await runner.getByRole('button', { name: 'Skip step' }).click();
  await expect(runner).toContainText('Step 3 of 6: Right palm');
  await expect(runner.getByRole('listitem').nth(1)).toContainText('(skipped)');
  await snap('capture-standards-01-template');
  await runner.getByRole('button', { name: 'Stop template' }).click();

  // Pick a site on the body map: the patient's left cheek, seen from the front, zoomed to the head.
  await page.getByRole('group', { name: 'Zoom' }).getByRole('button', { name: 'Head', exact: true }).click();
  const front = page.getByRole('group', { name: 'Body map, Front, Head' });
  await front.getByRole('button', { name: 'Left cheek', exact: true }).click();
  await expect(front.getByRole('button', { name: 'Left cheek', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Body site: Skin of cheek')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Left', exact: true })).toBeChecked();
  await page.getByLabel('View', { exact: true }).selectOption({ label: 'Close-up' });

  // No earlier photo of this site: nothing to ghost yet.
  const preview = page.getByRole('figure', { name: 'Framing preview' });
  await expect(preview.getByText('No earlier photo of this site')).toBeVisible();
  await takePhoto.click();
  await expect(page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button')).toHaveCount(2, { timeout: 30_000 });

  // The second shot of the same site and side: the first one is the ghost, opacity adjustable.
  const ghost = preview.getByRole('img', { name: /^Ghost of the previous photo of this site/ });
  await expect(ghost).toHaveCount(1);
  expect(await loadedNaturalWidth(page, ghost)).toBe(2400);
  await preview.getByLabel('Ghost opacity').fill('70');
  await expect.poll(() => ghost.evaluate((el) => (el as unknown as { style: { opacity: string } }).style.opacity)).toBe('0.7');
  await snap('capture-standards-02-ghost');

  // The searchable list finds sites by everyday words too.
  await page.getByLabel('Search body sites').fill('armpit');
  await page.getByRole('list', { name: 'Matching body sites' }).getByRole('button', { name: /Skin of axilla/ }).click();
  await expect(page.getByText('Body site: Skin of axilla')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Left', exact: true })).toBeChecked(); // the side carries over when the new site allows it
  await page.getByRole('radio', { name: 'Right', exact: true }).check();
  await expect(takePhoto).toBeEnabled();

  // The viewer shows the clinical metadata of the cheek photo (the newest).
  await page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button').first().click();
  const viewer = page.getByRole('dialog', { name: /^Photo taken / });
  await expect(viewer).toContainText('Skin of cheek (SNOMED CT 36141000)');
  await expect(viewer).toContainText('Close-up');
  await expect(viewer).toContainText('All checks passed');
  await expect(viewer).toContainText('Clinic Photo Simulated camera');
  await expect(viewer).toContainText(ADMIN.displayName);
  await page.keyboard.press('Escape');

  // And the template photo records its template and step.
  await page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button').last().click();
  await expect(viewer).toContainText('Hand eczema, step 1 of 6');
  await expect(viewer).toContainText('Skin of palm of hand (SNOMED CT 70887009)');
  await expect(viewer).toContainText('Both sides');
  await snap('capture-standards-03-viewer');
});
