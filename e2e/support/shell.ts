// The e2e fixture: every test gets a fresh data directory and its own browser shell, and after the
// test the data directory is scanned for anything that should never be on disk in the clear.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { launchBrowserShell, type BrowserShell } from '../../main/browser-shell/index';
import { scanForPlaintext } from '../../main/core/test-support/plaintext-scan';

/** Cheap Argon2id so tests spend their time on the app, not on key derivation. */
export const TEST_KDF_COST = { memoryKiB: 8192, iterations: 1, parallelism: 1 } as const;

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'screenshots');

export interface ShellFixture {
  readonly shell: BrowserShell;
  readonly page: Page;
  readonly dataDir: string;
  /** Strings that must never appear in the data directory (names, MRNs, free text). */
  readonly phi: string[];
  /** Saves e2e/screenshots/<name>.png for a human to look at. */
  snap(name: string): Promise<void>;
  /** Moves the core's clock forward (handle expiry, session age) without waiting. */
  advanceClock(ms: number): void;
}

export const test = base.extend<{ app: ShellFixture }>({
  // Playwright's own `page` fixture would launch a downloaded browser; this one never does.
  app: async ({}, use, testInfo) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-'));
    const started = performance.now();
    let clockOffsetMs = 0;
    const clock = () => new Date(Date.now() + clockOffsetMs);
    const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST, clock });
    const launchMs = performance.now() - started;
    const inPageMs = await shell.page.evaluate(() => performance.getEntriesByName('clinic-ready')[0]?.startTime ?? -1);
    console.log(`[timing] ${testInfo.title}: launch → ready ${launchMs.toFixed(0)} ms (page navigation → ready ${inPageMs.toFixed(0)} ms)`);

    const logs: string[] = [];
    shell.page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    shell.page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));

    const phi: string[] = [];
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const snap = async (name: string) => {
      await shell.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    };
    try {
      const advanceClock = (ms: number) => {
        clockOffsetMs += ms;
      };
      await use({ shell, page: shell.page, dataDir, phi, snap, advanceClock });
    } finally {
      await shell.close();
      if (logs.length > 0) await testInfo.attach('browser-console', { body: logs.join('\n'), contentType: 'text/plain' });
    }
    try {
      const findings = await scanForPlaintext(dataDir, phi);
      expect(findings, 'plaintext PHI or image bytes in the data directory').toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect };
