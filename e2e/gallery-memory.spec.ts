// Gallery memory (issue 10), in real Chromium: after scrolling a patient's 300 photos screen by
// screen, the renderer holds the thumbnails of the tiles in the DOM and no others. Counted in the
// DOM (tiles showing a bitmap, no <img> left behind) and in Chromium's own memory-infra dump: the
// compositor's decoded-image cache (cc/image_memory) kept every thumbnail ever drawn through an
// <img>, up to 1,000 of them, which is what left the renderer at 829 MB after 10,000 photos.
import type { Page } from '@playwright/test';
import { formatSizes, memoryBreakdown } from '../bench/gallery-memory';
import { signedIn } from '../main/core/access/test-staff';
import { startEncounter } from '../main/core/patients/encounters';
import { seedImages, seedPhotos, type BulkPhoto } from '../main/core/photos/test-support/bulk-photos';
import { silentLogger } from '../main/core/support/log';
import { ADMIN as FIXTURE_ADMIN } from '../main/core/test-support/fixtures';
import { unlockWithPassword } from '../main/core/vault/vault';
import { openWorkspace } from '../main/core/workspace';
import { fillSetup, fullName, registerPatient, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN: AdminAccount = { clinicName: 'Harbour Skin Clinic', ...FIXTURE_ADMIN };
const PATIENT: PatientInput = { mrn: 'HS-2207-519', familyName: 'Okonkwo', givenName: 'Adaeze', birthDate: '1971-03-14', sexLabel: 'Female' };
const PHOTOS = 300;
/** The seeded thumbnails are 320×240: one decoded at full size is 300 KiB. */
const DECODED = 320 * 240 * 4;

async function seed(dataDir: string, patientId: string, userId: string): Promise<void> {
  const ws = await openWorkspace(dataDir, await unlockWithPassword(dataDir, ADMIN.username, ADMIN.password), silentLogger);
  try {
    const visit = startEncounter(ws.db, new Date(Date.now() - 30 * 86_400_000), userId, { patientId, reason: 'Mole map' });
    const planned: BulkPhoto[] = Array.from({ length: PHOTOS }, (_, i) => ({
      patientId,
      encounterId: visit.id,
      capturedAt: new Date(Date.parse(visit.startedAt) + i * 60_000),
      context: { bodySite: { code: '22943007', display: 'Trunk structure' }, laterality: 'unpaired', view: 'anterior' },
    }));
    await seedPhotos(ws.db, ws.blobs, userId, planned, await seedImages(6));
  } finally {
    ws.close();
  }
}

/** Scrolls the gallery to its end a screen at a time, each screen's thumbnails shown before the next. */
async function scrollToEnd(page: Page): Promise<number> {
  const scroller = page.locator('.gallery__scroller');
  let screens = 0;
  for (;;) {
    await expect(page.locator('.gallery__item:not(.gallery__item--pending)').first()).toBeVisible();
    await expect.poll(() => page.locator('.gallery__item .thumb__img:not([data-thumb="shown"])').count(), { timeout: 30_000 }).toBe(0);
    screens++;
    const atEnd = await scroller.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
    if (atEnd) return screens;
    await scroller.evaluate((el) => (el.scrollTop += el.clientHeight));
  }
}

test('gallery memory: after scrolling 300 photos only the tiles in the DOM hold a decoded thumbnail', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, shell, phi, dataDir } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);
  await registerPatient(page, PATIENT);
  const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
  try {
    const found = await cli.api.patients.findByMrn({ mrn: PATIENT.mrn });
    const me = await cli.api.session.current({});
    if (!found.ok || !found.value || !me.ok || !me.value) throw new Error('setup failed');
    await seed(dataDir, found.value.id, me.value.user.id);
  } finally {
    await cli.disconnect();
  }
  await page.getByRole('button', { name: 'Back to patients' }).first().click();
  await page.getByLabel(/Search/).first().fill(PATIENT.mrn);
  await page.getByRole('rowheader', { name: fullName(PATIENT) }).getByRole('button').click();
  await expect(page.getByRole('heading', { level: 2 }).filter({ hasText: `(${PHOTOS} photos)` })).toBeVisible();

  const screens = await scrollToEnd(page);
  await expect(page.locator(`.gallery__item[aria-posinset="${PHOTOS}"] .thumb__img`)).toHaveAttribute('data-thumb', 'shown');

  // The DOM: a few rows of tiles, each with its own bitmap, and no <img> in the grid.
  const tiles = await page.locator('.gallery__item:not(.gallery__item--pending)').count();
  const shown = await page.locator('.gallery__item [data-thumb="shown"]').count();
  expect(screens).toBeGreaterThan(5);
  expect(tiles).toBeLessThan(PHOTOS / 3);
  expect(shown).toBeLessThanOrEqual(tiles);
  expect(await page.locator('.gallery__scroller img').count()).toBe(0);
  // A bitmap no larger than the tile draws it (the tile is narrower than the 320 px thumbnail).
  const ratio = (await page.evaluate('devicePixelRatio')) as number;
  const canvas = await page.locator('.gallery__item canvas[data-thumb="shown"]').first().evaluate((el) => {
    const c = el as unknown as { width: number; clientWidth: number };
    return { width: c.width, cssWidth: c.clientWidth };
  });
  expect(canvas.width).toBeLessThan(320);
  expect(canvas.width).toBeLessThanOrEqual(Math.ceil(canvas.cssWidth * ratio) + 1);

  // Chromium's own account: the compositor's decoded-image cache holds at most what is on screen,
  // not the 300 thumbnails the scroll went past (before: ~90 MB here, 294 MB after 10,000).
  const cdp = await page.context().newCDPSession(page);
  const memory = await memoryBreakdown(cdp, undefined);
  expect(memory, 'the memory-infra dump of the renderer').not.toBeNull();
  const cached = (memory!.details.find((d) => d.name === 'cc/image_memory')?.mb ?? 0) * 2 ** 20;
  console.log(`[memory] renderer after ${screens} screens: ${formatSizes(memory!.allocators, 6)} MB; ${formatSizes(memory!.details, 4)} MB; ${tiles} tiles in the DOM`);
  expect(cached).toBeLessThanOrEqual(tiles * DECODED);
});
