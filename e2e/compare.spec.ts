// The compare view (issue 10) in the browser shell: two captures of the same site, side and view
// (generated with a known rotation, scale and brightness change) are opened from the viewer's
// "Compare with…", aligned automatically and by three point pairs, and shown in every mode; zoom
// is synchronised and reaches actual pixels. Screenshots of each mode at 1280×800 go to
// e2e/screenshots for a person to look at.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { launchBrowserShell, type BrowserShell } from '../main/browser-shell/index';
import type { CameraDriver } from '../main/core/capture/camera';
import { apply, type Matrix3 } from '../main/core/compare/similarity';
import { generatePair } from '../main/core/compare/test-support/scenes';
import { createCore } from '../main/core/core';
import { silentLogger } from '../main/core/support/log';
import { unwrap } from '../main/core/test-support/fixtures';
import { scanForPlaintext } from '../main/core/test-support/plaintext-scan';
import type { CaptureContext } from '../shared/domain';
import { signIn } from './support/flows';
import { expect, SCREENSHOT_DIR, test, TEST_KDF_COST } from './support/shell';

const ADMIN = { username: 'mlindqvist', displayName: 'Dr Maja Lindqvist', password: 'copper-heron-meadow-71' };
const PATIENT = { mrn: 'CMP-2231', familyName: 'Okonjo', givenName: 'Amara', birthDate: '1969-03-08', sex: 'F' as const };
const CHEEK_LEFT: CaptureContext = { bodySite: { code: '36141000', display: 'Skin of cheek' }, laterality: 'left', view: 'anterior' };

/** A data directory with the clinic, the patient and two captures of one site a few weeks apart. */
async function seed(dataDir: string): Promise<Matrix3> {
  const pair = await generatePair({ width: 3000, height: 2000, seed: 31, rotationDeg: 9, scale: 1.12, tx: 80, ty: -50, gain: 1.18 });
  const frames = [pair.from, pair.to];
  let now = Date.parse('2026-09-01T10:00:00.000Z');
  const camera: CameraDriver = { id: 'seed:0', label: 'Seed', kind: 'tethered', capture: async () => ({ bytes: frames.shift()!, device: 'Seed camera' }) };
  const core = createCore({ dataDir, log: silentLogger, kdfCost: TEST_KDF_COST, cameras: [camera], clock: () => new Date(now) });
  try {
    const client = core.connect();
    unwrap(await client.api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
    const patient = unwrap<{ id: string }>(await client.api.patients.register(PATIENT));
    for (let shot = 0; shot < 2; shot++) {
      const encounter = unwrap<{ id: string }>(await client.api.encounters.start({ patientId: patient.id }));
      unwrap(await client.api.capture.take({ encounterId: encounter.id, cameraId: 'seed:0', context: CHEEK_LEFT }));
      await client.api.session.signOut({});
      now += 42 * 86_400_000; // the next visit, six weeks later
      unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
    }
  } finally {
    await core.close();
  }
  return pair.truth;
}

const snap = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });

test('compare two visits in every mode, aligned, zoomed to actual pixels', async () => {
  test.setTimeout(240_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-compare-'));
  let shell: BrowserShell | null = null;
  try {
    const truth = await seed(dataDir);
    shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST });
    const page = shell.page;
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.getByText(PATIENT.familyName).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(PATIENT.familyName);

    // The newest photo first in the gallery; its viewer offers "Compare with…".
    await page.getByRole('button', { name: /^Photo taken / }).first().click();
    await page.getByRole('button', { name: 'Compare with…' }).click();
    const compare = page.getByRole('dialog', { name: 'Compare photos' });
    await expect(compare).toBeVisible();
    await expect(compare).toContainText('+42 days');
    await expect(compare).toContainText('Not aligned');
    await expect(compare.locator('.compare-layer__img[src]')).toHaveCount(2, { timeout: 30_000 });
    await expect.poll(() => compare.locator('.compare-layer__img[src]').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length), { timeout: 30_000 }).toBe(2);
    await snap(page, 'compare-01-side-by-side-unaligned');

    await compare.getByRole('button', { name: 'Align automatically' }).click();
    await expect(compare.getByRole('status').filter({ hasText: /Aligned automatically: \d+ matching points, error [\d.]+ px/ })).toBeVisible({ timeout: 90_000 });
    await snap(page, 'compare-02-side-by-side-aligned');

    const mode = (name: string) => compare.getByRole('radio', { name, exact: true });
    await mode('Slider').click();
    const handle = compare.getByRole('slider', { name: 'Wipe position' });
    await handle.focus();
    for (let i = 0; i < 5; i++) await handle.press('ArrowLeft');
    await expect(handle).toHaveAttribute('aria-valuenow', '40');
    await snap(page, 'compare-03-slider-vertical');
    const box = (await compare.locator('.compare-stage').boundingBox())!;
    await handle.dragTo(compare.locator('.compare-stage'), { targetPosition: { x: box.width * 0.7, y: box.height / 2 } });
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBeGreaterThan(55);
    await mode('Horizontal wipe').click();
    await snap(page, 'compare-04-slider-horizontal');

    await mode('Overlay').click();
    await snap(page, 'compare-05-overlay');
    await mode('Flicker').click();
    await snap(page, 'compare-06-flicker');
    await mode('Difference').click();
    await expect(compare.locator('.compare-second.is-difference')).toHaveCount(1);
    await snap(page, 'compare-07-difference');

    // The manual fallback: three pairs picked on the unaligned photos (the second drawn fitted, here
    // at its own size), at points whose correspondence the generator knows.
    await compare.getByRole('button', { name: 'Align by points' }).click();
    const picking = compare.locator('.compare-stage');
    const [left, right] = [(await picking.nth(0).boundingBox())!, (await picking.nth(1).boundingBox())!];
    const onStage = (b: { width: number; height: number }, [x, y]: readonly [number, number]) => {
      const scale = Math.min(b.width / 3000, b.height / 2000);
      return { x: (b.width - 3000 * scale) / 2 + x * scale, y: (b.height - 2000 * scale) / 2 + y * scale };
    };
    for (const to of [
      [900, 700],
      [2100, 800],
      [1500, 1400],
    ] as const) {
      await picking.nth(0).click({ position: onStage(left, apply(truth, to)) });
      await picking.nth(1).click({ position: onStage(right, to) });
    }
    await expect(compare.getByRole('status').filter({ hasText: '3 pairs picked' })).toBeVisible();
    await snap(page, 'compare-09-manual-points');
    await compare.getByRole('button', { name: 'Apply' }).click();
    await expect(compare.getByRole('status').filter({ hasText: /Aligned by 3 point pairs, error [\d.]+ px/ })).toBeVisible({ timeout: 30_000 });

    // Synchronised zoom: back to side by side, zoom with the keyboard, then 1:1 by double-click;
    // past the rendition's pixels the originals are fetched (audited views) and drawn.
    await mode('Side by side').click();
    const stages = compare.locator('.compare-stage');
    await stages.first().focus();
    await stages.first().press('+');
    await stages.first().press('+');
    const transforms = await compare.locator('.compare-content').evaluateAll((els) => els.map((el) => (el as unknown as { style: { transform: string } }).style.transform));
    expect(transforms[0]).toBe(transforms[1]);
    await stages.first().dblclick();
    await expect(compare.locator('.compare-layer__detail.is-shown')).toHaveCount(2, { timeout: 30_000 });
    const scale = await compare.locator('.compare-content').first().evaluate((el) => /scale\(([\d.]+)\)/.exec((el as unknown as { style: { transform: string } }).style.transform)?.[1]);
    expect(Number(scale)).toBeCloseTo(1, 5);
    await snap(page, 'compare-08-actual-pixels');
    await stages.first().press('0');
  } finally {
    await shell?.close();
    try {
      expect(await scanForPlaintext(dataDir, [PATIENT.familyName, PATIENT.mrn])).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
});
