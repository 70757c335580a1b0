// Cameras and context first, end to end in the browser shell: a USB webcam (Chromium's fake video
// capture playing a clip generated here with ffmpeg, showing a wristband QR code), wristband
// scanning by keyboard-wedge scanner and by webcam, the context bar, and scans that must block
// capture (no match, several matches). Every test ends with a plaintext scan of its data directory.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { ClinicApi } from '../shared/bridge';
import sharp from 'sharp';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { launchBrowserShell, type BrowserShell } from '../main/browser-shell/index';
import { scanForPlaintext } from '../main/core/test-support/plaintext-scan';
import { chooseBodySite, fillSetup, fullName, loadedNaturalWidth, registerPatient, type AdminAccount, type PatientInput } from './support/flows';

const TEST_KDF_COST = { memoryKiB: 8192, iterations: 1, parallelism: 1 } as const;
const ADMIN: AdminAccount = { clinicName: 'Northgate Skin Clinic', username: 'mokafor', displayName: 'Dr Mara Okafor', password: 'velvet-harbour-quill-73' };
const WREN: PatientInput = { mrn: 'NG-55120', familyName: 'Wrenfield', givenName: 'Imogen', birthDate: '1979-03-14', sexLabel: 'Female' };
const ABARA: PatientInput = { mrn: 'NG-88031', familyName: 'Abara', givenName: 'Chidi', birthDate: '1992-11-02', sexLabel: 'Male' };
const TWIN_A: PatientInput = { mrn: 'NG-7001-A', familyName: 'Lindqvist', givenName: 'Ebba', birthDate: '2001-05-05', sexLabel: 'Female' };
const TWIN_B: PatientInput = { mrn: 'NG-7001-B', familyName: 'Lindqvist', givenName: 'Saga', birthDate: '2001-05-05', sexLabel: 'Female' };

/** A wristband QR code for `mrn`, on a skin-toned, textured scene, as a Y4M clip Chromium can play as a webcam. */
async function wristbandClip(dir: string, mrn: string): Promise<string> {
  const wasm = await readFile(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
  const qr = await writeBarcode(mrn, { format: 'QRCode', scale: 8 });
  const qrPng = await sharp(Buffer.from(await qr.image!.arrayBuffer())).flatten({ background: '#ffffff' }).png().toBuffer();
  const scene = await sharp({ create: { width: 1280, height: 720, channels: 3, background: { r: 214, g: 160, b: 128 }, noise: { type: 'gaussian', mean: 0, sigma: 18 } } })
    .composite([{ input: qrPng, left: 460, top: 180 }])
    .png()
    .toBuffer();
  const png = path.join(dir, 'scene.png');
  await writeFile(png, scene);
  const clip = path.join(dir, 'wristband.y4m');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-frames:v', '6', '-r', '15', '-pix_fmt', 'yuv420p', clip]);
  await rm(png);
  return clip;
}

interface CameraFixture {
  readonly shell: BrowserShell;
  readonly page: Page;
  readonly phi: string[];
}

const test = base.extend<{ app: CameraFixture; webcamClipFor: string | null }>({
  webcamClipFor: [null, { option: true }],
  app: async ({ webcamClipFor }, use, testInfo) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-cam-'));
    const media = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-media-'));
    const chromiumArgs = webcamClipFor
      ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${await wristbandClip(media, webcamClipFor)}`]
      : [];
    const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST, chromiumArgs });
    const logs: string[] = [];
    shell.page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    shell.page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
    const phi: string[] = [];
    try {
      await use({ shell, page: shell.page, phi });
    } finally {
      await shell.close();
      await rm(media, { recursive: true, force: true });
      if (logs.length > 0) await testInfo.attach('browser-console', { body: logs.join('\n'), contentType: 'text/plain' });
    }
    try {
      expect(await scanForPlaintext(dataDir, phi), 'plaintext PHI or image bytes in the data directory').toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

async function setUp(page: Page, patients: PatientInput[]) {
  await fillSetup(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  for (const p of patients) {
    await registerPatient(page, p);
    await expect(page.getByRole('heading', { name: fullName(p), level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Back to patients' }).first().click();
    await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  }
}

/** Types like a USB scanner in keyboard mode: every character within a few ms, then Enter. */
async function scanWithKeyboardWedge(page: Page, code: string) {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

const contextBar = (page: Page) => page.getByRole('region', { name: 'Capture context' });

test.describe('wristband scanning by keyboard-wedge scanner', () => {
  test('a scan opens the patient, without leaving the code in the search box; no match and several matches block capture', async ({ app }) => {
    const { page, phi } = app;
    phi.push(WREN.familyName, WREN.mrn, ABARA.familyName, ABARA.mrn, TWIN_A.mrn, TWIN_B.mrn, TWIN_A.givenName, TWIN_B.givenName);
    await setUp(page, [WREN, ABARA, TWIN_A, TWIN_B]);

    // Focus in the search box, someone typing slowly: ordinary typing, nothing happens.
    const search = page.getByLabel('Search patients');
    await search.click();
    await search.pressSequentially('Wre', { delay: 80 });
    await expect(search).toHaveValue('Wre');
    // Then a scanner burst into the same box: the patient opens and the box is left as it was.
    await scanWithKeyboardWedge(page, ABARA.mrn);
    await expect(page.getByRole('heading', { name: fullName(ABARA), level: 1 })).toBeVisible();
    await expect(contextBar(page)).toContainText(fullName(ABARA));
    await expect(contextBar(page)).toContainText(ABARA.mrn);
    await expect(contextBar(page)).toContainText('2 Nov 1992');
    await expect(contextBar(page)).toContainText(ADMIN.displayName);

    // Encounter started and body site chosen: capture is possible.
    await page.getByRole('button', { name: 'Start encounter' }).click();
    await chooseBodySite(page);
    const takePhoto = page.getByRole('button', { name: 'Take photo' });
    await expect(takePhoto).toBeEnabled();

    // A wristband nobody has: capture is blocked, saying why, until the scan is dismissed.
    await scanWithKeyboardWedge(page, 'ZZ-404404');
    await expect(page.getByRole('alert').filter({ hasText: 'No patient has the scanned MRN ZZ-404404' })).toBeVisible();
    await expect(takePhoto).toBeDisabled();
    await expect(page.locator('#capture-blocked')).toContainText('Capture is blocked');
    await expect(page.getByRole('heading', { name: fullName(ABARA), level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Dismiss scan' }).click();
    await expect(takePhoto).toBeEnabled();

    // A code that is no one's MRN but matches several records: blocked too, never guessed.
    await scanWithKeyboardWedge(page, 'NG-7001');
    await expect(page.getByRole('alert').filter({ hasText: 'matches 2 patients' })).toBeVisible();
    await expect(takePhoto).toBeDisabled();

    // A good scan replaces the blocking one and opens that patient; the context bar follows.
    await scanWithKeyboardWedge(page, WREN.mrn);
    await expect(page.getByRole('heading', { name: fullName(WREN), level: 1 })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(contextBar(page)).toContainText(WREN.mrn);
    await expect(contextBar(page)).toContainText('Not set'); // no encounter for this patient yet
    await expect(page.getByRole('button', { name: 'Take photo' })).toBeDisabled();

    // The scanned characters never stayed in the search box they were typed into.
    await page.getByRole('button', { name: 'Back to patients' }).first().click();
    await expect(page.getByLabel('Search patients')).not.toHaveValue(/NG-/);
  });
});

test.describe('USB webcam (Chromium fake video capture)', () => {
  test.use({ webcamClipFor: WREN.mrn });

  test('the webcam reads the wristband, opens the patient, and its photo lands in the gallery', async ({ app }) => {
    const { page, phi } = app;
    phi.push(WREN.familyName, WREN.mrn, ABARA.familyName, ABARA.mrn);
    await setUp(page, [WREN, ABARA]);

    // Start on the wrong patient; the wristband in front of the webcam switches to the right one.
    await page.getByRole('button', { name: fullName(ABARA) }).click();
    await expect(page.getByRole('heading', { name: fullName(ABARA), level: 1 })).toBeVisible();
    const camera = page.getByLabel('Camera');
    const webcamOption = camera.locator('option', { hasText: '(webcam)' }).first();
    await expect(webcamOption).toHaveCount(1);
    await camera.selectOption({ value: (await webcamOption.getAttribute('value'))! });
    await expect(page.getByLabel(/^Live view: /)).toBeVisible();
    const scanStarted = performance.now();
    await page.getByRole('button', { name: 'Scan wristband' }).click();
    await expect(page.getByRole('heading', { name: fullName(WREN), level: 1 })).toBeVisible({ timeout: 20_000 });
    console.log(`[timing] webcam wristband scan → patient open: ${(performance.now() - scanStarted).toFixed(0)} ms`);
    await expect(contextBar(page)).toContainText(WREN.mrn);

    // Capture with the webcam on the right patient.
    await page.getByRole('button', { name: 'Start encounter' }).click();
    const camera2 = page.getByLabel('Camera');
    await camera2.selectOption({ value: (await camera2.locator('option', { hasText: '(webcam)' }).first().getAttribute('value'))! });
    await expect(page.getByLabel(/^Live view: /)).toBeVisible();
    await expect(page.getByText(/^Live: \d+×\d+$/)).toBeVisible();
    await chooseBodySite(page);
    const takePhoto = page.getByRole('button', { name: 'Take photo' });
    await expect(takePhoto).toBeEnabled();
    const clicked = performance.now();
    await takePhoto.click();
    const thumb = page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button');
    await expect(thumb).toHaveCount(1, { timeout: 30_000 });
    const width = await loadedNaturalWidth(page, thumb.first().locator('.thumb__img'));
    console.log(`[timing] webcam take photo → thumbnail visible: ${(performance.now() - clicked).toFixed(0)} ms (thumbnail ${width}px wide)`);
    const saved = page.getByRole('status').filter({ hasText: 'Photo saved' });
    await expect(saved).toBeVisible();
    console.log(`[webcam] ${await saved.innerText()}`);

    // The stored photo is the webcam's full frame, recorded as a webcam capture.
    const photos = await page.evaluate(async () => {
      const { clinic } = globalThis as unknown as { clinic: ClinicApi };
      const found = await clinic.patients.search({ query: 'Wrenfield' });
      if (!found.ok) throw new Error(found.error.code);
      const list = await clinic.photos.list({ patientId: found.value.patients[0]!.id });
      if (!list.ok) throw new Error(list.error.code);
      return list.value.map((p) => ({ width: p.width, height: p.height, device: p.device }));
    });
    expect(photos).toHaveLength(1);
    expect(photos[0]!.width).toBe(1280);
    expect(photos[0]!.height).toBe(720);
    expect(photos[0]!.device).toMatch(/^Webcam: /);
  });
});
