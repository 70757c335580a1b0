// The real Electron shell, end to end, where the Electron binary exists. It checks what only a
// running Electron can show: the window's hardened preferences, the privileged clinic:// origin
// serving the renderer, the bridge through ipcMain to the core, and the guards (no network, no
// new windows, no navigation away). Where Electron is absent (these build machines) every test is
// skipped with the reason; the same flows run through the browser shell in e2e/slice.spec.ts.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { scanForPlaintext } from '../../main/core/test-support/plaintext-scan';
import { exposedWebRtc, gatherFromIsolatedWorld, listen } from '../support/egress';
import { fillSetup, type AdminAccount } from '../support/flows';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN_BUNDLE = path.join(ROOT, 'out/main/index.js');

/** The Electron executable, without loading the `electron` package (which throws when it has no binary). */
function findElectron(): { path: string } | { missing: string } {
  const override = process.env.CLINIC_ELECTRON;
  if (override) return existsSync(override) ? { path: override } : { missing: `CLINIC_ELECTRON=${override} does not exist` };
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(path.join(ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  // Since Electron 42 the package fetches its binary on first use, not at install.
  if (!existsSync(pathFile)) return { missing: 'the electron package has no binary yet (run `node node_modules/electron/install.js`, or its download failed)' };
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary is missing at ${binary}` };
}

const found = findElectron();
const skipReason =
  'missing' in found
    ? `Electron shell e2e skipped: ${found.missing}. Set CLINIC_ELECTRON to the pinned Electron's binary (package.json) to run it.`
    : !existsSync(MAIN_BUNDLE)
      ? 'Electron shell e2e skipped: out/main/index.js is not built; run `npm run build` first.'
      : '';

const ADMIN: AdminAccount = { clinicName: 'Lakeside Skin Clinic', username: 'mokafor', displayName: 'Dr Mara Okafor', password: 'violet-harbour-compass-77' };

interface Launched {
  readonly app: ElectronApplication;
  readonly page: Page;
  readonly dataDir: string;
  readonly logs: string[];
}

let launched: Launched | null = null;
let scratch: string | null = null;

test.describe('Electron shell', () => {
  test.skip(skipReason !== '', skipReason);

  test.beforeEach(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-electron-e2e-'));
    const dataDir = path.join(scratch, 'data');
    const executablePath = 'path' in found ? found.path : '';
    // Chromium refuses its OS sandbox as root (CI containers); the window's own settings are unchanged.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await electron.launch({
      executablePath,
      args: [...rootArgs, MAIN_BUNDLE],
      cwd: ROOT,
      env: {
        ...process.env,
        CLINIC_DATA_DIR: dataDir,
        HOME: scratch,
        XDG_CONFIG_HOME: path.join(scratch, 'config'),
        XDG_CACHE_HOME: path.join(scratch, 'cache'),
        CLINIC_DEV: '',
      },
    });
    const logs: string[] = [];
    app.process().stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    const page = await app.firstWindow();
    page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    launched = { app, page, dataDir, logs };
  });

  test.afterEach(async () => {
    const testInfo = test.info();
    if (launched && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('electron-logs', { body: launched.logs.join('\n'), contentType: 'text/plain' });
    await launched?.app.close();
    if (launched) expect(await scanForPlaintext(launched.dataDir, [ADMIN.displayName])).toEqual([]);
    launched = null;
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = null;
  });

  test('loads the renderer from the privileged app origin with hardened preferences', async () => {
    const { app, page } = launched!;
    expect(page.url()).toBe('clinic://app/index.html');
    // devTools: false in production settings: asking for DevTools does nothing.
    const devTools = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      contents?.openDevTools({ mode: 'detach' });
      return contents?.isDevToolsOpened() ?? null;
    });
    expect(devTools).toBe(false);
    const isolation = await page.evaluate(() => {
      const g = globalThis as unknown as { require?: unknown; process?: unknown; clinic?: object; isSecureContext: boolean };
      return { require: typeof g.require, process: typeof g.process, clinicFrozen: Object.isFrozen(g.clinic), secureContext: g.isSecureContext };
    });
    expect(isolation).toEqual({ require: 'undefined', process: 'undefined', clinicFrozen: true, secureContext: true });
  });

  test('the bridge reaches the core through ipcMain, and setup works from the UI', async () => {
    const { page } = launched!;
    const status = await page.evaluate(() => (globalThis as unknown as { clinic: { setup: { status(r: object): Promise<unknown> } } }).clinic.setup.status({}));
    expect(status).toEqual({ ok: true, value: { initialized: false, clinicName: null, locale: null } });
    await expect(page.getByRole('heading', { name: 'Set up this workstation' })).toBeVisible();
    await fillSetup(page, ADMIN);
    await expect(page.getByRole('banner')).toContainText(ADMIN.displayName, { timeout: 30_000 });
  });

  test('the renderer has no network, opens no windows and cannot navigate away', async () => {
    const { app, page } = launched!;
    const fetched = await page.evaluate(async () => {
      try {
        await fetch('https://example.com/');
        return 'reached';
      } catch {
        return 'blocked';
      }
    });
    expect(fetched).toBe('blocked');
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('clinic://app/index.html');
    const foreignHost = await page.evaluate(async () => (await fetch('clinic://elsewhere/index.html').catch(() => null))?.status ?? 'blocked');
    expect([404, 'blocked']).toContain(foreignHost);
  });

  test('WebRTC: no interface in the page, and a peer connection from an isolated world sends nothing', async () => {
    const { page } = launched!;
    expect(await exposedWebRtc(page)).toEqual({ page: [], frame: [] });
    const listeners = await listen();
    try {
      const outcome = await gatherFromIsolatedWorld(page, listeners);
      expect(outcome.value).toEqual({ gathered: 'complete', candidates: [] });
      expect({ udp: listeners.udpPackets(), tcp: listeners.tcpConnections() }).toEqual({ udp: 0, tcp: 0 });
    } finally {
      await listeners.close();
    }
  });
});
