// Setup the compare specs share: a data directory seeded through the core with visits of one skin
// site six weeks apart (generated frames handed over by a seed camera), the browser shell on it,
// and the way from the patient list to the compare view. What each spec tests stays in the spec.
// The shell fixture in shell.ts launches before the test starts; these specs seed first, since the
// core that seeds and the shell cannot hold the vault at once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { launchBrowserShell, type BrowserShell } from '../../main/browser-shell/index';
import type { CameraDriver } from '../../main/core/capture/camera';
import { createCore, type CoreClient } from '../../main/core/core';
import { silentLogger } from '../../main/core/support/log';
import { unwrap } from '../../main/core/test-support/fixtures';
import { scanForPlaintext } from '../../main/core/test-support/plaintext-scan';
import type { RequestOf } from '../../shared/contract';
import type { CaptureContext } from '../../shared/domain';
import { expect, SCREENSHOT_DIR, TEST_KDF_COST } from './shell';

export const CHEEK_LEFT: CaptureContext = { bodySite: { code: '36141000', display: 'Skin of cheek' }, laterality: 'left', view: 'anterior' };

export interface Admin {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
}

export interface PatientVisits {
  readonly patient: RequestOf<'patients', 'register'>;
  /** One visit per frame, in this order, each capturing its frame of the left cheek. */
  readonly frames: readonly Buffer[];
}

const FIRST_VISIT = Date.parse('2026-09-01T10:00:00.000Z');
const SIX_WEEKS_MS = 42 * 86_400_000;

/**
 * Sets up the clinic with `admin` and, patient by patient, one visit per frame six weeks apart
 * from 1 Sept 2026 (signed out and in again between visits, as a day's work ends). `then` runs on
 * the still-open core with each patient's photo ids, for what a spec stores besides (alignments,
 * annotations). Returns the photo ids, a list per patient.
 */
export async function seedVisits(dataDir: string, admin: Admin, patients: readonly PatientVisits[], then?: (client: CoreClient, photoIds: string[][]) => Promise<void>): Promise<string[][]> {
  const frames = patients.flatMap((p) => p.frames);
  let now = FIRST_VISIT;
  const camera: CameraDriver = { id: 'seed:0', label: 'Seed', kind: 'tethered', capture: async () => ({ bytes: frames.shift()!, device: 'Seed camera' }) };
  const core = createCore({ dataDir, log: silentLogger, kdfCost: TEST_KDF_COST, cameras: [camera], clock: () => new Date(now) });
  try {
    const client = core.connect();
    unwrap(await client.api.setup.initialize({ clinicName: 'Harbour Dermatology', admin }));
    const photoIds: string[][] = [];
    for (const { patient: person, frames: visits } of patients) {
      const patient = unwrap<{ id: string }>(await client.api.patients.register(person));
      const ids: string[] = [];
      for (let visit = 0; visit < visits.length; visit++) {
        const encounter = unwrap<{ id: string }>(await client.api.encounters.start({ patientId: patient.id }));
        ids.push(unwrap<{ id: string }>(await client.api.capture.take({ encounterId: encounter.id, cameraId: camera.id, context: CHEEK_LEFT })).id);
        await client.api.session.signOut({});
        now += SIX_WEEKS_MS;
        unwrap(await client.api.session.signIn({ username: admin.username, password: admin.password }));
      }
      photoIds.push(ids);
    }
    await then?.(client, photoIds);
    return photoIds;
  } finally {
    await core.close();
  }
}

export interface SeededShellOptions<T> {
  /** Names the temporary data directory. */
  readonly name: string;
  /** Fills the empty data directory before the shell opens it; its answer is handed to the body. */
  readonly seed: (dataDir: string) => Promise<T>;
  readonly locale?: string;
  /** Strings that must not be on disk in plaintext once the shell has closed (names, MRNs, notes). */
  readonly phi?: readonly string[];
}

/** A fresh data directory, seeded, with the browser shell on it for `body`; afterwards closed, scanned for `phi` and removed. */
export async function withSeededShell<T>(options: SeededShellOptions<T>, body: (page: Page, seeded: T) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `clinic-photo-${options.name}-`));
  let shell: BrowserShell | null = null;
  try {
    const seeded = await options.seed(dataDir);
    shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST, ...(options.locale ? { locale: options.locale } : {}) });
    await body(shell.page, seeded);
  } finally {
    await shell?.close();
    try {
      if (options.phi) expect(await scanForPlaintext(dataDir, [...options.phi])).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
}

/** From the patient list to the patient's gallery. */
export async function openPatient(page: Page, familyName: string): Promise<void> {
  await page.getByText(familyName).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(familyName);
}

/** From the gallery: the newest photo's viewer, then its "Compare with…"; the compare view. */
export async function compareNewest(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /^Photo taken / }).first().click();
  await page.getByRole('button', { name: 'Compare with…' }).click();
  const compare = page.getByRole('dialog', { name: 'Compare photos' });
  await expect(compare).toBeVisible();
  return compare;
}

/** From the patient list to the compare view of the patient's newest photo. */
export async function openCompare(page: Page, familyName: string): Promise<Locator> {
  await openPatient(page, familyName);
  return compareNewest(page);
}

/** How many of the compare view's photo layers (within `scope`) have an image loaded and decoded. */
export function loadedImages(scope: Locator): Promise<number> {
  return scope.locator('.compare-layer__img[src]').evaluateAll((imgs) => imgs.map((i) => i as unknown as { naturalWidth: number; complete: boolean }).filter((i) => i.naturalWidth > 0 && i.complete).length);
}

/** e2e/screenshots/<name>.png of the window (1280×800) for a person to look at. */
export const snap = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
