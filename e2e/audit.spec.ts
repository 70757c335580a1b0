// The privacy officer's audit screens end to end in the browser shell: an administrator registers a
// patient, takes a photo and opens it; then searches the audit log by action and by MRN, exports
// the result as CSV, verifies the chain, sees the anomaly list, sets a threshold that survives a
// reload (and is refused when out of range), and meets the forwarding form's checks. Then a log
// edited directly in the database by someone holding the vault key is shown as not intact, naming
// the first bad record. Data directories are scanned for plaintext afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { launchBrowserShell } from '../main/browser-shell/index';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction } from '../shared/audit-actions';
import { dropAuditTriggers } from '../main/core/audit/test-db';
import { addStaff, STAFF_PASSWORD, withDatabase } from '../main/core/access/test-staff';
import { ADMIN as CORE_ADMIN, testCore, unwrap } from '../main/core/test-support/fixtures';
import { scanForPlaintext } from '../main/core/test-support/plaintext-scan';
import { chooseBodySite, fillSetup, registerPatient, signIn, signOut, type AdminAccount, type PatientInput } from './support/flows';
import { expect, test, SCREENSHOT_DIR, TEST_KDF_COST } from './support/shell';

/** The Action column shows each action's label from the shared list. */
const labels = (...actions: AuditAction[]): string[] => actions.map((a) => AUDIT_ACTION_LABELS[a]);

const ADMIN: AdminAccount = {
  clinicName: 'Harbourside Dermatology',
  username: 'pokafor',
  displayName: 'Dr Precious Okafor',
  password: 'copper-heron-meadow-17',
};
const PATIENT: PatientInput = { mrn: 'HD-5120-338', familyName: 'Lindqvist-Amari', givenName: 'Soraya', birthDate: '1979-11-02', sexLabel: 'Female' };
const OTHER: PatientInput = { mrn: 'HD-5120-901', familyName: 'Brannigan', givenName: 'Cormac', birthDate: '1955-04-21', sexLabel: 'Male' };

interface Download {
  readonly fileName: string;
  readonly type: string;
  /** The first three bytes of the file. */
  readonly head: number[];
  /** The file as UTF-8, without its byte order mark. */
  readonly text: string;
  readonly href: string;
}

/**
 * Records what the page hands to an <a download>: the blob behind the blob: URL, its name and its
 * bytes, which is what the app produced whatever the shell then does with the download. Runs in
 * the page (a string, as this file is compiled without the DOM library).
 */
const CAPTURE_DOWNLOADS = `(() => {
  window.__downloads = [];
  const blobs = new Map();
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj) => {
    const url = create(obj);
    if (obj instanceof Blob) blobs.set(url, obj);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const blob = blobs.get(this.href);
    if (blob && this.download) {
      const fileName = this.download;
      const href = this.href;
      // Blob.text() drops a byte order mark; the first bytes show whether there was one.
      window.__downloads.push(
        blob.arrayBuffer().then((bytes) => ({ fileName, type: blob.type, href, head: Array.from(new Uint8Array(bytes, 0, Math.min(3, bytes.byteLength))), text: new TextDecoder().decode(bytes) })),
      );
    }
    click.call(this);
  };
})()`;

const takeDownloads = (page: Page): Promise<Download[]> => page.evaluate('Promise.all(window.__downloads.splice(0))') as Promise<Download[]>;

/** The cells of a column of the audit table, in order. */
async function column(page: Page, name: string): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Audit records' });
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  expect(index, `column ${name}`).toBeGreaterThanOrEqual(0);
  return table.locator(`tbody tr > :nth-child(${index + 1})`).allInnerTexts().then((cells) => cells.map((c) => c.trim()));
}

/** RFC 4180 for the test: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

test('privacy officer: search the audit log, export CSV, verify, anomalies, thresholds and forwarding', async ({ app }) => {
  const { page, snap, phi } = app;
  phi.push(PATIENT.familyName, PATIENT.givenName, PATIENT.mrn, OTHER.familyName, OTHER.givenName, OTHER.mrn);
  await fillSetup(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();

  // Things worth auditing: two patients registered, a photo taken of one and opened.
  await registerPatient(page, OTHER);
  await page.getByRole('button', { name: 'Back to patients' }).click();
  await registerPatient(page, PATIENT);
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await chooseBodySite(page);
  await page.getByRole('button', { name: 'Take photo' }).click();
  const thumb = page.getByRole('list', { name: 'Photos, newest first' }).getByRole('button').first();
  await expect(thumb).toBeVisible({ timeout: 30_000 });
  await thumb.click();
  const viewer = page.getByRole('dialog', { name: /^Photo taken / });
  await expect(viewer).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // The audit log, newest first, everything to begin with.
  await page.getByRole('banner').getByRole('button', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: /Records \d+–\d+ of \d+|No audit records/ });
  await expect(status).toContainText(/Records 1–\d+ of \d+, newest first/);
  expect(await column(page, 'Action')).toEqual(expect.arrayContaining(labels('clinic.initialize', 'patient.register', 'photo.capture', 'photo.view')));
  await snap('audit-01-log');

  // By action: only captures, one, of this patient by this administrator.
  const filters = page.getByRole('search', { name: 'Audit log filters' });
  await filters.getByLabel('Action').fill('photo.capture');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(status).toHaveText('Records 1–1 of 1, newest first');
  expect(await column(page, 'Action')).toEqual(labels('photo.capture'));
  expect(await column(page, 'Patient')).toEqual([PATIENT.mrn]);
  expect(await column(page, 'User')).toEqual([ADMIN.username]);
  expect((await column(page, 'Photo'))[0]).toMatch(/^[0-9a-f]{8}…$/);

  // By MRN and an area: every photo record of this patient and nothing of the other one.
  await filters.getByLabel('Patient MRN').fill(PATIENT.mrn);
  await filters.getByLabel('Action').fill('photo');
  await filters.getByLabel('Action').press('Enter');
  await expect(status).toContainText(/Records 1–\d+ of \d+/);
  const actions = await column(page, 'Action');
  expect(actions).toEqual(expect.arrayContaining(labels('photo.capture', 'photo.view')));
  const photoLabels = new Set(labels(...AUDIT_ACTIONS.filter((a) => a.startsWith('photo.'))));
  expect(actions.every((a) => photoLabels.has(a))).toBe(true);
  expect(new Set(await column(page, 'Patient'))).toEqual(new Set([PATIENT.mrn]));
  const shown = actions.length;
  await snap('audit-02-filtered');

  // A patient that does not exist is named at the field, not a silent empty table.
  await filters.getByLabel('Patient MRN').fill('HD-0000-000');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(filters.getByText('MRN No patient has this MRN.')).toBeVisible();
  await expect(filters.getByLabel('Patient MRN')).toHaveAttribute('aria-invalid', 'true');
  await filters.getByLabel('Patient MRN').fill(PATIENT.mrn);

  // Export CSV: the same records as the table, formula-safe, with MRNs joined for reading.
  await page.evaluate(CAPTURE_DOWNLOADS);
  const chromiumDownload = page.waitForEvent('download', { timeout: 5_000 }).catch(() => null);
  await filters.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Exported audit-' })).toContainText(`${shown} records`);
  const [csv] = await takeDownloads(page);
  expect(csv).toBeDefined();
  expect(csv!.fileName).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(csv!.type).toBe('text/csv;charset=utf-8');
  expect(csv!.href).toMatch(/^blob:https:\/\/clinic-photo\.invalid\//);
  expect(csv!.head, 'a UTF-8 byte order mark for spreadsheet programs').toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(csv!.text);
  expect(rows[0]).toEqual(['seq', 'time_utc', 'workstation_id', 'user_id', 'username', 'action', 'outcome', 'patient_id', 'mrn', 'photo_id', 'reason', 'detail']);
  const body = rows.slice(1);
  expect(body).toHaveLength(shown);
  for (const r of body) {
    expect(r).toHaveLength(12);
    expect(r[4]).toBe(ADMIN.username);
    expect(r[5]).toMatch(/^photo\./);
    expect(r[8]).toBe(PATIENT.mrn);
    expect(r[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  }
  expect(body.map((r) => r[5])).toEqual(expect.arrayContaining(['photo.capture', 'photo.view']));
  // Oldest first in the file, as a log reads.
  const seqs = body.map((r) => Number(r[0]));
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  // Chromium itself started a download of that blob with that name. The browser shell runs with
  // acceptDownloads off, so Playwright cancels the save (the Electron shell's session decides where
  // a download goes); the bytes above are what would have been saved.
  const download = await chromiumDownload;
  expect(download, 'Chromium started a download').not.toBeNull();
  expect(download!.suggestedFilename()).toBe(csv!.fileName);
  expect(download!.url()).toBe(csv!.href);

  // Paging through everything, by keyboard: next page, and back.
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(filters.getByLabel('Action')).toHaveValue('');
  const pager = page.getByRole('navigation', { name: 'Audit pages' });
  await pager.getByLabel('Rows per page').selectOption('25');
  const total = Number(/of (\d+)/.exec((await status.innerText()) ?? '')?.[1]);
  if (total > 25) {
    await pager.getByRole('button', { name: 'Next page' }).focus();
    await page.keyboard.press('Enter');
    // Searching is itself audited: the total may have grown by the time the next page is asked.
    await expect(status).toContainText(/Records 26–\d+ of \d+/);
    expect(Number(/of (\d+)/.exec(await status.innerText())?.[1])).toBeGreaterThanOrEqual(total);
    await expect(pager.getByRole('button', { name: 'Previous page' })).toBeEnabled();
  } else await expect(pager.getByRole('button', { name: 'Next page' })).toBeDisabled();

  // Integrity: intact, with counts and the signing key's fingerprint.
  await page.getByRole('navigation', { name: 'Audit' }).getByRole('button', { name: 'Integrity' }).click();
  await expect(page.getByRole('heading', { name: 'Integrity', level: 1 })).toBeFocused();
  await expect(page.getByText(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/)).toBeVisible();
  await page.getByRole('button', { name: 'Verify audit log' }).click();
  const verdict = page.getByRole('status').filter({ hasText: 'Intact' });
  await expect(verdict).toContainText(/All \d+ records and \d+ signed checkpoints verified/);
  await snap('audit-03-integrity');

  // Anomalies: the list renders; a threshold out of range is refused at its field; a valid one is
  // saved, used at once (two views in ten minutes is a burst) and still there after a reload.
  await page.getByRole('navigation', { name: 'Audit' }).getByRole('button', { name: 'Anomalies' }).click();
  await expect(page.getByRole('status').filter({ hasText: /anomal(y|ies) between/i })).toBeVisible();
  const thresholds = page.getByRole('form', { name: 'Anomaly thresholds' });
  const massView = thresholds.getByRole('group', { name: 'Mass viewing' });
  await expect(massView.getByLabel('Views (at least)')).toHaveValue('50');
  await massView.getByLabel('Views (at least)').fill('1');
  await thresholds.getByLabel('Closes at').fill('06:00');
  await thresholds.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(massView.getByText('Count must be at least 2.')).toBeVisible();
  await expect(thresholds.getByText('Closing time must start before it ends.')).toBeVisible();
  await snap('audit-04-thresholds-invalid');
  await massView.getByLabel('Views (at least)').fill('2');
  await thresholds.getByLabel('Closes at').fill('19:00');
  await thresholds.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Thresholds saved' })).toBeVisible();
  const anomalies = page.getByRole('table', { name: 'Anomalies' });
  const burst = anomalies.getByRole('row').filter({ hasText: 'Mass viewing' }).first();
  await expect(burst).toContainText(ADMIN.username);
  await snap('audit-05-anomalies');
  // From an anomaly to the records behind it: the log opens on that staff member and those days.
  await burst.getByRole('button', { name: /^Show records from #\d+: Mass viewing, / }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(page.getByRole('search', { name: 'Audit log filters' }).getByLabel('Staff username')).toHaveValue(ADMIN.username);
  await expect.poll(() => column(page, 'Action')).toEqual(expect.arrayContaining(labels('patient.view', 'photo.view')));
  await page.getByRole('navigation', { name: 'Audit' }).getByRole('button', { name: 'Anomalies' }).click();

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  if (await page.getByRole('heading', { name: 'Sign in' }).isVisible()) {
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByRole('banner').getByRole('button', { name: 'Audit' }).click();
  await page.getByRole('navigation', { name: 'Audit' }).getByRole('button', { name: 'Anomalies' }).click();
  await expect(page.getByRole('group', { name: 'Mass viewing' }).getByLabel('Views (at least)')).toHaveValue('2');

  // Forwarding: switching it on needs a collector and the CA that issued its certificate.
  await page.getByRole('navigation', { name: 'Audit' }).getByRole('button', { name: 'Forwarding' }).click();
  const forwarding = page.getByRole('form', { name: 'Syslog forwarding' });
  await expect(page.getByRole('definition').filter({ hasText: /^Off$/ })).toBeVisible();
  await forwarding.getByLabel('Forward audit records').check();
  await forwarding.getByLabel('Collector host').fill('syslog.clinic.example');
  await forwarding.getByRole('button', { name: 'Save forwarding' }).click();
  await expect(forwarding.getByText('CA certificate is required to verify the collector.')).toBeVisible();
  await forwarding.getByLabel('CA certificate (PEM)').fill('-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----');
  await forwarding.getByRole('button', { name: 'Save forwarding' }).click();
  await expect(forwarding.getByText('CA certificate must be a PEM-encoded X.509 certificate.')).toBeVisible();
  await snap('audit-06-forwarding');

  // Every search, export and check above is itself on the record.
  await page.getByRole('navigation', { name: 'Audit' }).getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('search', { name: 'Audit log filters' }).getByLabel('Action').fill('audit');
  await page.getByRole('search', { name: 'Audit log filters' }).getByRole('button', { name: 'Search' }).click();
  await expect.poll(() => column(page, 'Action')).toEqual(expect.arrayContaining(labels('audit.search', 'audit.export-csv', 'audit.verify', 'audit.thresholds-change')));

  // At the narrowest supported window the wide table scrolls inside its box, not the page.
  await page.setViewportSize({ width: 1024, height: 720 });
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  await snap('audit-08-log-1024');
});

test('integrity for the privacy officer: an audit record edited directly in the database is reported, naming the first bad record', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-audit-'));
  const mrn = 'HD-7300-114';
  try {
    // A clinic made in Node, then edited the way an administrator with the vault key could.
    const core = testCore(dataDir);
    const admin = core.connect();
    unwrap(await admin.api.setup.initialize({ clinicName: 'Harbourside Dermatology', admin: CORE_ADMIN }));
    unwrap(await admin.api.patients.register({ mrn, familyName: 'Ashworth', givenName: 'Delphine', birthDate: '1990-06-14', sex: 'F' }));
    await core.close();
    await addStaff(dataDir, { privacy: 'privacy_officer', drgrey: 'clinician' });
    await withDatabase(dataDir, (db) => {
      dropAuditTriggers(db);
      expect(db.prepare("UPDATE audit_events SET outcome = 'denied' WHERE seq = 2").run().changes).toBe(1);
    });

    const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST });
    try {
      const { page } = shell;
      // A clinician has no audit screens.
      await signIn(page, 'drgrey', STAFF_PASSWORD);
      await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
      await expect(page.getByRole('banner').getByRole('button', { name: 'Audit' })).toHaveCount(0);
      await signOut(page);

      // The privacy officer does.
      await signIn(page, 'privacy', STAFF_PASSWORD);
      await page.getByRole('banner').getByRole('button', { name: 'Audit' }).click();
      // The edited record reads as denied in the log: only verification can tell it was changed.
      await page.getByRole('search', { name: 'Audit log filters' }).getByLabel('Outcome').selectOption({ label: 'Denied' });
      await page.getByRole('search', { name: 'Audit log filters' }).getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => column(page, '#')).toEqual(['2']);
      await page.getByRole('navigation', { name: 'Audit' }).getByRole('button', { name: 'Integrity' }).click();
      await page.getByRole('button', { name: 'Verify audit log' }).click();
      const verdict = page.getByRole('status').filter({ hasText: 'Not intact' });
      await expect(verdict).toContainText('First bad record: #2');
      await expect(verdict).toContainText('Record 2 does not match its hash');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'audit-07-not-intact.png'), fullPage: true });
    } finally {
      await shell.close();
    }
    expect(await scanForPlaintext(dataDir, ['Ashworth', 'Delphine', mrn]), 'plaintext PHI in the data directory').toEqual([]);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
