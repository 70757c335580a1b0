// Issue 13, import in the app, end to end in the browser shell: a camera card's DCIM folder chosen
// with the folder picker, dropped files, each photo's own date and duplicates shown before
// committing, progress, cancel between files, and the photos in the record afterwards.
// Screenshots at 1280×800 and 1920×1080.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signedIn } from '../main/core/access/test-staff';
import { markedScene, withExif } from '../main/core/test-support/exif-jpeg';
import { ADMIN, PEOPLE, setUp, setViewport } from './support/intake';
import { expect, test } from './support/shell';

/** A camera card: DCIM with three photos (two with EXIF dates), a hidden Mac shadow and a text file. */
async function cameraCard(dir: string): Promise<{ root: string; already: Buffer }> {
  const root = path.join(dir, 'CARD');
  const photos = path.join(root, 'DCIM', '100CANON');
  await mkdir(photos, { recursive: true });
  await mkdir(path.join(root, 'MISC'), { recursive: true });
  const first = withExif(await markedScene(640, 480), { dateTimeOriginal: '2025:07:14 09:30:00', offsetTimeOriginal: '+02:00' });
  const second = withExif(await markedScene(656, 480), { dateTimeOriginal: '2025:07:14 09:31:10', offsetTimeOriginal: '+02:00' });
  const already = await markedScene(672, 480);
  await writeFile(path.join(photos, 'IMG_0001.JPG'), first);
  await writeFile(path.join(photos, 'IMG_0002.JPG'), second);
  await writeFile(path.join(photos, 'IMG_0003.JPG'), already);
  await writeFile(path.join(photos, '._IMG_0001.JPG'), Buffer.from('mac resource fork'));
  await writeFile(path.join(root, 'MISC', 'notes.txt'), 'camera settings');
  return { root, already };
}

test('import from a camera card: thumbnails, own dates and duplicates before committing; progress; into a new encounter', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, shell, snap, phi } = app;
  const patient = PEOPLE[0]!;
  phi.push(patient.familyName, patient.givenName, patient.mrn);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cpw-card-'));
  try {
    const { root, already } = await cameraCard(tmp);
    await setViewport(page, 1280, 800);
    await setUp(page);
    const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
    const registered = await cli.api.patients.register(patient);
    if (!registered.ok) throw new Error(registered.error.code);
    const earlier = await cli.api.photos.import({ mrn: patient.mrn, bytes: already, device: 'e2e' });
    if (!earlier.ok) throw new Error(earlier.error.code);

    await page.getByRole('button', { name: 'Import photos' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import photos' });
    await dialog.getByLabel('Find the patient').fill('maria garcia');
    await dialog.getByRole('button', { name: 'García López, María José' }).click();
    await dialog.getByLabel('Encounter').selectOption({ label: 'New encounter today' });
    await dialog.locator('input[webkitdirectory]').setInputFiles(root);

    const files = dialog.getByRole('list', { name: 'Photos to import' }).getByRole('listitem');
    await expect(files).toHaveCount(3);
    const card = (name: string) => files.filter({ hasText: name });
    await expect(card('IMG_0001.JPG')).toContainText('Taken 14 Jul 2025');
    await expect(card('IMG_0003.JPG')).toContainText('Already imported for this patient');
    await expect(card('IMG_0003.JPG').getByRole('checkbox')).not.toBeChecked();
    await expect(card('IMG_0001.JPG').getByRole('checkbox')).toBeChecked();
    await expect(dialog.getByRole('status').filter({ hasText: 'selected' })).toHaveText('2 of 3 photos selected');
    // Every thumbnail has decoded (drawn from memory, before anything is sent).
    await expect.poll(() => files.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length)).toBe(3);
    await snap('intake-import-review-1280x800');
    await setViewport(page, 1920, 1080);
    await snap('intake-import-review-1920x1080');
    await setViewport(page, 1280, 800);

    await dialog.getByRole('button', { name: 'Import 2 photos' }).click();
    await expect(dialog.getByText('2 photos imported.')).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByRole('progressbar')).toHaveAttribute('value', '2');
    await expect(files).toHaveCount(1);
    // The encounter started for the import is now the one chosen, and the result is in view.
    await expect(dialog.getByLabel('Encounter').locator('option:checked')).toContainText('Photo import');
    await expect(dialog.getByText('2 photos imported.')).toBeInViewport();
    await expect(dialog.getByRole('button', { name: 'Done' })).toBeInViewport();
    await snap('intake-import-done-1280x800');

    const photos = await cli.api.photos.list({ patientId: registered.value.id });
    if (!photos.ok) throw new Error(photos.error.code);
    expect(photos.value).toHaveLength(3);
    const imported = photos.value.filter((p) => p.device === 'Memory card import');
    expect(imported).toHaveLength(2);
    expect(new Set(imported.map((p) => p.encounterId)).size).toBe(1);
    expect(imported[0]!.encounterId).not.toBeNull();
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('dropped files are imported too, and an import can be cancelled between files', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, shell, phi } = app;
  const patient = PEOPLE[2]!;
  phi.push(patient.familyName, patient.givenName, patient.mrn);
  await setViewport(page, 1280, 800);
  await setUp(page);
  const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
  const registered = await cli.api.patients.register(patient);
  if (!registered.ok) throw new Error(registered.error.code);
  await page.getByRole('button', { name: 'Import photos' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import photos' });
  await dialog.getByLabel('Find the patient').fill('orsted');
  await dialog.getByRole('button', { name: 'Ørsted, Søren' }).click();

  const shots = await Promise.all(Array.from({ length: 8 }, async (_, i) => (await markedScene(1600 + i * 16, 1200)).toString('base64')));
  const dataTransfer = await page.evaluateHandle((b64s) => {
    const g = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } }; File: new (parts: unknown[], name: string, options: { type: string }) => unknown };
    const dt = new g.DataTransfer();
    b64s.forEach((b64, i) => dt.items.add(new g.File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], `drop-${i + 1}.jpg`, { type: 'image/jpeg' })));
    return dt;
  }, shots);
  await dialog.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer });
  const files = dialog.getByRole('list', { name: 'Photos to import' }).getByRole('listitem');
  await expect(files).toHaveCount(8);
  const start = dialog.getByRole('button', { name: 'Import 8 photos' });
  await expect(start).toBeEnabled();
  await start.click();
  await dialog.getByRole('button', { name: 'Cancel import' }).click();
  const summary = dialog.getByText(/^Import cancelled: \d of 8 photos imported\.$/);
  await expect(summary).toBeVisible({ timeout: 60_000 });
  const done = Number(/cancelled: (\d)/.exec(await summary.innerText())![1]);
  expect(done).toBeLessThan(8);
  const photos = await cli.api.photos.list({ patientId: registered.value.id });
  if (!photos.ok) throw new Error(photos.error.code);
  expect(photos.value).toHaveLength(done);
  await expect(files).toHaveCount(8 - done);
});

