import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, launchBrowserShell } from '../main/browser-shell/index';
import { report, timeRuns } from './stats';

export async function benchStartup(runs: number): Promise<void> {
  const baseline = await timeRuns(runs, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-chromium-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('about:blank');
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });
  const subject = await timeRuns(runs, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-data-'));
    const shell = await launchBrowserShell({ dataDir, headless: true });
    await shell.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  report('startup (launch to ready)', subject, baseline);
}
