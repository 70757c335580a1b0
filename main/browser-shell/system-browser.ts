// The development shell's "system browser" for SMART sign-in: a second, ordinary Chromium (its
// own temporary profile, with network), separate from the app's window, which has none. Each
// authorization request opens in a new page there; e2e tests reach those pages through
// `pages()` to sign in at the EHR as a person would.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { SystemBrowser } from '../core/smart/service';
import { isBrowsableUrl } from '../core/smart/launch-arg';

export interface DevSystemBrowser extends SystemBrowser {
  /** The pages opened so far, newest last. */
  pages(): readonly Page[];
  close(): Promise<void>;
}

export function devSystemBrowser(options: { executablePath: string; headless: boolean; args: readonly string[] }): DevSystemBrowser {
  let context: Promise<{ context: BrowserContext; dir: string }> | null = null;
  const opened: Page[] = [];
  const start = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-system-browser-'));
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: options.executablePath, headless: options.headless, args: [...options.args] });
    return { context: ctx, dir };
  };
  return {
    async open(url) {
      if (!isBrowsableUrl(url)) throw new Error('not a web address');
      context ??= start();
      const page = await (await context).context.newPage();
      opened.push(page);
      // Like a real browser: the page loads on its own; the sign-in is the person's to finish.
      void page.goto(url).catch(() => undefined);
    },
    pages: () => opened,
    async close() {
      if (!context) return;
      const { context: ctx, dir } = await context;
      await ctx.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
