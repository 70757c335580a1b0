// Consent at a glance, end to end in real Chromium (issue 11): a paper consent granting internal
// teaching and refusing publication, then withdrawn for teaching. The patient header names the
// withdrawn use; the gallery's "Usable for" filter asks the gate and dims both photos for
// publication with the gate's reason, and counts none of two usable. Screenshot at 1280×800.
import type { ConsentRecord } from '../shared/consent';
import { renderClinicalScene } from '../main/core/capture/simulated-camera';
import { signedIn } from '../main/core/access/test-staff';
import { scanPdf } from '../main/core/consent/test-support/consent-fixtures';
import { fillSetup, fullName, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Quayside Dermatology', username: 'tnakamura', displayName: 'Dr Tomo Nakamura', password: 'copper-lagoon-thistle-82' };
const PATIENT: PatientInput = { mrn: 'QD-7731-204', familyName: 'Abernathy-Osei', givenName: 'Imogen', birthDate: '1985-04-17', sexLabel: 'Female' };

test('the header names a withdrawn use; "usable for publication" dims the refused photos with the reason', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, shell, snap, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);
  await registerPatient(page, PATIENT);
  await expect(page.getByRole('heading', { name: fullName(PATIENT), level: 1 })).toBeVisible();
  // Nothing withdrawn or expired yet: no consent line in the header.
  await expect(page.getByRole('note', { name: 'Consent withdrawn or expired' })).toHaveCount(0);

  // Two photos and a paper consent (teaching granted, publication refused), then teaching withdrawn.
  const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
  try {
    for (const shot of [1, 2]) {
      const imported = await cli.api.photos.import({ mrn: PATIENT.mrn, bytes: await renderClinicalScene(800, 600, shot), device: 'e2e' });
      if (!imported.ok) throw new Error(imported.error.code);
    }
    const recorded = await cli.api.consent.recordPaperFile({
      mrn: PATIENT.mrn,
      decisions: [
        { scope: 'education', decision: 'grant', expiresOn: null },
        { scope: 'publication', decision: 'refuse', expiresOn: null },
      ],
      limits: { bodySites: null, faceMayBeVisible: true },
      signedOn: new Date().toISOString().slice(0, 10),
      signers: null,
      scan: await scanPdf(),
    });
    if (!recorded.ok) throw new Error(recorded.error.message);
    const consent: ConsentRecord = recorded.value;
    const withdrawn = await cli.api.consent.withdraw({ consentId: consent.id, scopes: ['education'], reason: '' });
    if (!withdrawn.ok) throw new Error(withdrawn.error.message);
  } finally {
    await cli.disconnect();
  }

  // Open the patient again so the screen loads the photos and the consent state.
  await page.getByRole('button', { name: 'Back to patients' }).first().click();
  await page.getByRole('rowheader', { name: fullName(PATIENT) }).getByRole('button').click();
  const header = page.getByRole('note', { name: 'Consent withdrawn or expired' });
  await expect(header).toHaveText('Consent: Internal teaching withdrawn');
  // A refused use was never granted: it is not "lost", so the header does not list it.
  await expect(header).not.toContainText('Publication');

  const gallery = page.getByRole('region', { name: /Photos/ });
  const tiles = gallery.getByRole('list', { name: 'Photos, newest first' }).getByRole('button', { name: /Photo taken/ });
  await expect(tiles).toHaveCount(2);
  await expect(gallery.locator('.gallery__item--unusable')).toHaveCount(0);

  await gallery.getByLabel('Usable for').selectOption({ label: 'Publication in journals or talks' });
  await expect(gallery.getByRole('status')).toHaveText('0 of 2 usable for Publication in journals or talks');
  await expect(gallery.locator('.gallery__item--unusable')).toHaveCount(2);
  for (const tile of await tiles.all()) {
    await expect(tile).toHaveAccessibleDescription(/Not released for publication .*the patient refused it/);
    await expect(tile).toHaveAttribute('title', /the patient refused it/);
    // Dimmed, not hidden: still there to open.
    await expect(tile).toHaveCSS('opacity', '0.4');
  }
  await snap('consent-view-usable-for-publication-1280x800');

  // Teaching: withdrawn, so also none usable, and the reason says so.
  await gallery.getByLabel('Usable for').selectOption({ label: 'Internal teaching' });
  await expect(gallery.getByRole('status')).toHaveText('0 of 2 usable for Internal teaching');
  await expect(tiles.first()).toHaveAccessibleDescription(/Not released for education .*withdrew it on/);

  // Care is allowed under the clinic's default policy: both usable, nothing dimmed.
  await gallery.getByLabel('Usable for').selectOption({ label: 'Clinical record and care' });
  await expect(gallery.getByRole('status')).toHaveText('2 of 2 usable for Clinical record and care');
  await expect(gallery.locator('.gallery__item--unusable')).toHaveCount(0);

  await gallery.getByLabel('Usable for').selectOption({ label: 'Any use' });
  await expect(gallery.getByRole('status')).toHaveCount(0);
});
