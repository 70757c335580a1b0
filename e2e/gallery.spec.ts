// The gallery at scale, end to end in real Chromium (issue 10): a patient with 600 photos over
// three visits and outside any visit. The grid is on the first screen at 1280×800 for the
// administrator and a clinician; grouped by visit (date and reason) and by body site; filters change
// what is listed and the count; only rows near the viewport are in the DOM; two photos are picked
// (multi-select) and one photo's timeline shows its site and view across visits with "+N days".
// Screenshots at 1280×800 and 1920×1080 go to e2e/screenshots/.
import type { Page } from '@playwright/test';
import { signedIn, addStaff, STAFF_PASSWORD } from '../main/core/access/test-staff';
import { startEncounter } from '../main/core/patients/encounters';
import { seedImages, seedPhotos, type BulkPhoto } from '../main/core/photos/test-support/bulk-photos';
import { silentLogger } from '../main/core/support/log';
import { unlockWithPassword } from '../main/core/vault/vault';
import { openWorkspace } from '../main/core/workspace';
import { ADMIN as FIXTURE_ADMIN } from '../main/core/test-support/fixtures';
import { fillSetup, fullName, registerPatient, signIn, signOut, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test } from './support/shell';

// The fixtures' administrator: addStaff opens the vault with that account.
const ADMIN: AdminAccount = { clinicName: 'Lakeside Skin Clinic', ...FIXTURE_ADMIN };
const PATIENT: PatientInput = { mrn: 'LS-4410-872', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1958-09-02', sexLabel: 'Female' };
const ARM = { code: '368208006', display: 'Left upper arm structure' };
const BACK = { code: '77568009', display: 'Back structure' };
const PHOTOS = 600;
const VISITS = [
  { reason: 'Baseline mole map', daysAgo: 200 },
  { reason: 'Follow-up naevus', daysAgo: 116 },
  { reason: 'Excision review', daysAgo: 32 },
];

/**
 * The patient's photos, sealed by the bulk seeder: visit i % 3 (every tenth outside a visit), two
 * sites, three views that vary independently of the visit, every twelfth flagged for blur.
 */
async function seed(dataDir: string, patientId: string, userId: string): Promise<BulkPhoto[]> {
  const ws = await openWorkspace(dataDir, await unlockWithPassword(dataDir, ADMIN.username, ADMIN.password), silentLogger);
  try {
    const visits = VISITS.map((v) => startEncounter(ws.db, new Date(Date.now() - v.daysAgo * 86_400_000), userId, { patientId, reason: v.reason }));
    const views = ['anterior', 'close-up', 'dermoscopy'] as const;
    const planned: BulkPhoto[] = Array.from({ length: PHOTOS }, (_, i) => {
      const visit = i % 10 === 9 ? null : visits[i % 3]!;
      const at = new Date((visit ? Date.parse(visit.startedAt) : Date.now() - 300 * 86_400_000) + i * 1000);
      return { patientId, encounterId: visit?.id ?? null, capturedAt: at, context: { bodySite: i % 2 ? ARM : BACK, laterality: i % 2 ? 'left' : 'unpaired', view: views[Math.floor(i / 6) % 3]! }, qualityFailed: i % 12 === 0 ? ['blur'] : [] };
    });
    await seedPhotos(ws.db, ws.blobs, userId, planned, await seedImages(6));
    return planned;
  } finally {
    ws.close();
  }
}

async function openPatient(page: Page) {
  await page.getByLabel(/Search/).first().fill(PATIENT.mrn);
  await page.getByRole('rowheader', { name: fullName(PATIENT) }).getByRole('button').click();
  await expect(page.getByRole('heading', { name: fullName(PATIENT), level: 1 })).toBeVisible();
}

const gallery = (page: Page) => page.getByRole('region', { name: /Photos/ });
const tiles = (page: Page) => gallery(page).getByRole('button', { name: /^Photo taken/ });

/** The grid's list starts inside the first screen (no scrolling needed to reach it) and shows decoded thumbnails. */
async function expectGridOnFirstScreen(page: Page, height: number) {
  const list = gallery(page).getByRole('list', { name: /^Photos/ });
  await page.locator('html').evaluate((el) => el.scrollTo(0, 0));
  await expect(list).toBeVisible();
  await expect(tiles(page).first().locator('.thumb__img')).toHaveAttribute('data-thumb', 'shown');
  const box = await list.boundingBox();
  // With the page at its top, at least one row of tiles shows without scrolling.
  expect(box!.y + 150).toBeLessThan(height);
}

test('gallery: first screen, grouping, filters, virtualisation, multi-select and timeline', async ({ app }) => {
  test.setTimeout(150_000);
  const { page, shell, snap, phi, dataDir } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);
  await registerPatient(page, PATIENT);
  await expect(page.getByRole('heading', { name: fullName(PATIENT), level: 1 })).toBeVisible();

  let planned!: BulkPhoto[];
  const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
  try {
    const found = await cli.api.patients.findByMrn({ mrn: PATIENT.mrn });
    const me = await cli.api.session.current({});
    if (!found.ok || !found.value || !me.ok || !me.value) throw new Error('setup failed');
    planned = await seed(dataDir, found.value.id, me.value.user.id);
  } finally {
    await cli.disconnect();
  }
  await page.getByRole('button', { name: 'Back to patients' }).first().click();
  await openPatient(page);

  // By visit (the default): newest visit first, each with its date and reason; photos outside a visit last.
  await expect(gallery(page).getByRole('heading', { level: 2 })).toContainText(`(${PHOTOS} photos)`);
  const headers = gallery(page).getByRole('heading', { level: 3 });
  await expect(headers.first()).toContainText('Excision review');
  await expectGridOnFirstScreen(page, 800);
  // Virtualised: a few rows of tiles in the DOM, not 600.
  expect(await tiles(page).count()).toBeLessThan(120);
  await snap('gallery-by-visit-1280x800');

  // Jump to the end: the last photo (of the group outside a visit, headed last) is paged in and decoded, and the
  // DOM still holds only the rows near the viewport.
  await gallery(page).locator('.gallery__scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = gallery(page).locator(`[role="listitem"][aria-posinset="${PHOTOS}"]`);
  await expect(last.locator('.thumb__img')).toHaveAttribute('data-thumb', 'shown');
  expect(await tiles(page).count()).toBeLessThan(120);

  // By body site: one group per site and side.
  await gallery(page).getByRole('radio', { name: 'By body site' }).check();
  await expect(headers.first()).toContainText('Back structure');
  await expect(headers.first()).toContainText('Midline / unpaired');
  await expect(headers.first()).toContainText('300 photos');
  await snap('gallery-by-site-1280x800');

  // Filters: close-ups, then close-ups flagged for quality, then flagged of any view; imports: none.
  const closeUps = planned.filter((p) => p.context?.view === 'close-up');
  const flagged = (list: BulkPhoto[]) => list.filter((p) => (p.qualityFailed ?? []).length > 0).length;
  await gallery(page).getByRole('button', { name: /^Filters/ }).click();
  const combo = (name: string) => gallery(page).getByRole('combobox', { name, exact: true });
  await combo('View').selectOption({ label: 'Close-up' });
  await expect(gallery(page).getByRole('heading', { level: 2 })).toContainText(`(${closeUps.length} photos)`);
  await combo('Quality').selectOption({ label: 'Quality flagged' });
  await expect(gallery(page).getByRole('heading', { level: 2 })).toContainText(`(${flagged(closeUps)} photos)`);
  await expect(tiles(page).first()).toContainText('check quality');
  await combo('View').selectOption({ label: 'Any' });
  await expect(gallery(page).getByRole('heading', { level: 2 })).toContainText(`(${flagged(planned)} photos)`);
  await combo('Source').selectOption({ label: 'Imported' });
  await expect(gallery(page).getByText('No photos match these filters.')).toBeVisible();
  await snap('gallery-filters-1280x800');
  await gallery(page).getByRole('button', { name: 'Clear filters' }).click();
  await expect(gallery(page).getByRole('heading', { level: 2 })).toContainText(`(${PHOTOS} photos)`);

  // Multi-select: two photos by their checkboxes, then one photo's timeline.
  await gallery(page).getByRole('radio', { name: 'By visit' }).check();
  const picks = gallery(page).getByRole('checkbox', { name: /^Select photo/ });
  await picks.nth(0).check();
  await picks.nth(4).check();
  await expect(gallery(page).getByRole('toolbar', { name: 'Selected photos' }).getByRole('status')).toHaveText('2 photos selected');
  await picks.nth(4).uncheck();
  await gallery(page).getByRole('button', { name: 'Timeline of this site and view' }).click();
  const timeline = gallery(page).getByRole('region', { name: / of .*structure \(/ });
  await expect(timeline).toBeVisible();
  // That site and view across the visits, oldest first, with the interval since the photo before.
  await expect(timeline.getByText(/^\+\d+ days$/).first()).toBeVisible();
  await expect(timeline.getByText('+84 days').first()).toBeVisible();
  await snap('gallery-timeline-1280x800');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectGridOnFirstScreen(page, 1080);
  await snap('gallery-timeline-1920x1080');
  await timeline.getByRole('button', { name: 'Close timeline' }).click();
  await snap('gallery-by-visit-1920x1080');

  // A clinician sees the grid on the first screen too.
  await page.setViewportSize({ width: 1280, height: 800 });
  await addStaff(dataDir, { drlee: 'clinician' });
  await signOut(page);
  await signIn(page, 'drlee', STAFF_PASSWORD);
  await openPatient(page);
  await expectGridOnFirstScreen(page, 800);
  await snap('gallery-clinician-1280x800');
});

test('gallery: thumbnails whose handles expired recover tile by tile, without re-listing', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, shell, phi, dataDir, advanceClock } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn);
  await page.setViewportSize({ width: 1280, height: 800 });
  await fillSetup(page, ADMIN);
  await registerPatient(page, PATIENT);
  const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
  /** The gallery's listing calls so far, from the audit trail (each call records one photo.list). */
  const listings = async () => {
    // A fresh client: the clock moved past the idle lock of any client that sat still.
    const auditor = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
    const r = await auditor.api.audit.search({ action: 'photo.list', pageSize: 200 });
    await auditor.disconnect();
    if (!r.ok) throw new Error(r.error.code);
    const kinds = r.value.records.map((rec) => rec.detail.split(/[;=]/)[0]!);
    return { pages: kinds.filter((k) => k === 'page' || k === 'groups').length, thumbnails: kinds.filter((k) => k === 'thumbnails').length, total: r.value.total };
  };
  try {
    const found = await cli.api.patients.findByMrn({ mrn: PATIENT.mrn });
    const me = await cli.api.session.current({});
    if (!found.ok || !found.value || !me.ok || !me.value) throw new Error('setup failed');
    await seed(dataDir, found.value.id, me.value.user.id);
    await page.getByRole('button', { name: 'Back to patients' }).first().click();
    await openPatient(page);
    const first = tiles(page).first().locator('.thumb__img');
    await expect(first).toHaveAttribute('data-thumb', 'shown');

    // Scroll far away: the first tiles leave the DOM. Their handles expire (five minutes); a timeline
    // opened in between is activity, so the session does not idle-lock meanwhile.
    const scroller = gallery(page).locator('.gallery__scroller');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(gallery(page).locator(`[role="listitem"][aria-posinset="${PHOTOS}"] .thumb__img`)).toHaveAttribute('data-thumb', 'shown');
    // Every tile in the DOM (the overscan rows load after the screen's) holds its bitmap before the
    // clock jumps: a thumbnail still loading then would renew its handle and count as a refresh.
    await expect(gallery(page).locator('.thumb__img[data-thumb="loading"]')).toHaveCount(0);
    advanceClock(4 * 60_000);
    await gallery(page).getByRole('checkbox', { name: /^Select photo/ }).first().check();
    await gallery(page).getByRole('button', { name: 'Timeline of this site and view' }).click();
    await expect(gallery(page).getByRole('button', { name: 'Close timeline' })).toBeVisible();
    await gallery(page).getByRole('button', { name: 'Close timeline' }).click();
    await gallery(page).getByRole('button', { name: 'Clear selection' }).click();
    advanceClock(2 * 60_000);
    const before = await listings();
    expect(before.thumbnails).toBe(0);

    // Back to the top: the first tiles remount with expired handles, each asks for itself again.
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await expect(first).toHaveAttribute('data-thumb', 'shown');
    await expect(gallery(page).getByText('Image unavailable')).toHaveCount(0);
    const after = await listings();
    expect(after.thumbnails).toBeGreaterThan(0);
    expect(after.pages).toBe(before.pages);
  } finally {
    await cli.disconnect();
  }
});
