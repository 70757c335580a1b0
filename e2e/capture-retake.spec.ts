// Discard and retake with a webcam whose frames fail the quality checks (Chromium's fake capture
// device playing a dark, featureless clip made here with sharp and ffmpeg): the retake prompt
// appears; after "Discard and retake" the "Photo saved" note, the encounter's photo count, the
// filmstrip and the gallery all forget the discarded capture at once, without a reload.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { launchBrowserShell } from '../main/browser-shell/index';
import { scanForPlaintext } from '../main/core/test-support/plaintext-scan';
import { fillSetup, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { SCREENSHOT_DIR, TEST_KDF_COST } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Harrowgate Skin Centre', username: 'eadeyemi', displayName: 'Dr Efua Adeyemi', password: 'cobalt-thistle-harbour-29' };
const PATIENT: PatientInput = { mrn: 'HS-20931', familyName: 'Vasquez-Lindgren', givenName: 'Orla', birthDate: '1985-02-11', sexLabel: 'Female' };

/** A dark, flat scene: blurred and underexposed by any measure. */
async function darkClip(dir: string): Promise<string> {
  const png = path.join(dir, 'dark.png');
  await writeFile(png, await sharp({ create: { width: 1280, height: 720, channels: 3, background: { r: 22, g: 16, b: 14 } } }).png().toBuffer());
  const clip = path.join(dir, 'dark.y4m');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-frames:v', '6', '-r', '15', '-pix_fmt', 'yuv420p', clip]);
  await rm(png);
  return clip;
}

const test = base.extend<{ page: Page }>({
  page: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-retake-'));
    const media = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-media-'));
    const chromiumArgs = ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${await darkClip(media)}`];
    const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST, chromiumArgs });
    try {
      await use(shell.page);
    } finally {
      await shell.close();
      await rm(media, { recursive: true, force: true });
    }
    try {
      expect(await scanForPlaintext(dataDir, [PATIENT.familyName, PATIENT.givenName, PATIENT.mrn]), 'plaintext in the data directory').toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

test('discard and retake withdraws the saved note, the photo count, the filmstrip shot and the gallery photo', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);
  await registerPatient(page, PATIENT);
  await page.getByLabel('Reason for visit (optional)').fill('Pigmented lesion, left shoulder');
  await page.getByRole('button', { name: 'Start encounter' }).click();
  const encounter = page.getByRole('radio', { name: /Pigmented lesion, left shoulder/ });
  await expect(encounter).toHaveAccessibleName(/0 photos/);

  const webcam = page.getByLabel('Camera').locator('option', { hasText: '(webcam)' }).first();
  await expect(webcam).toHaveCount(1, { timeout: 15_000 });
  await page.getByLabel('Camera').selectOption((await webcam.getAttribute('value'))!);
  await expect(page.getByText(/^Live/)).toBeVisible({ timeout: 15_000 });
  await page.locator('.bodymap').getByRole('button', { name: 'Chest', exact: true }).click();
  await page.getByLabel('View', { exact: true }).selectOption({ label: 'Close-up' });
  await page.getByRole('button', { name: 'Take photo' }).click();

  const prompt = page.getByRole('alert', { name: 'Quality check' });
  await expect(prompt).toContainText('Retake suggested.', { timeout: 30_000 });
  const saved = page.getByRole('status').filter({ hasText: 'Photo saved' });
  await expect(saved).toBeVisible();
  await expect(encounter).toHaveAccessibleName(/1 photo\b/);
  const strip = page.getByRole('region', { name: 'This encounter’s shots' });
  await expect(strip.getByRole('listitem')).toHaveCount(1);
  await expect(strip.getByRole('listitem').first()).toHaveAccessibleName(/retake suggested/);
  const gallery = page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button');
  await expect(gallery).toHaveCount(1);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'capture-retake-01-prompt-1280x800.png') });

  await prompt.getByRole('button', { name: 'Discard and retake' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(saved).toHaveCount(0);
  await expect(encounter).toHaveAccessibleName(/0 photos/);
  await expect(strip.getByRole('listitem')).toHaveCount(0);
  await expect(gallery).toHaveCount(0);
});
