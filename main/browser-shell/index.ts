// The browser shell: the same renderer bundle in system Chromium driven by playwright-core, for
// development and e2e where the Electron binary is absent. It is never the product. The bridge is
// a Playwright binding (no network port) that answers with JSON text (binding.ts says why); the
// app's origin is served by `context.route` through the same app protocol the Electron shell uses,
// so photo bytes never touch a socket or the disk.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createCore, prepareDataDir, type Core, type CoreOptions } from '../core/core';
import { restrictNewFilesToOwner } from '../core/support/owner-only';
import { serveAppRequest } from '../shell/app-protocol';
import { CHROMIUM_PROFILE_PREFERENCES, noNetworkArgs } from '../shell/renderer-network';
import { invokeAsJson } from './binding';
import { devSystemBrowser, type DevSystemBrowser } from './system-browser';

/** A reserved name (RFC 2606 `.invalid`): it can never resolve, so nothing leaves the machine. */
export const APP_ORIGIN = 'https://clinic-photo.invalid';

export const CHROMIUM_PATH = process.env.CLINIC_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserShellOptions extends Omit<CoreOptions, 'dataDir'> {
  readonly dataDir: string;
  readonly headless?: boolean;
  /** Built renderer and bridge (`npm run build`); defaults to this checkout's out/ (or $CLINIC_OUT_DIR). */
  readonly outDir?: string;
  /** Extra Chromium flags, e.g. the fake webcam ones in tests. */
  readonly chromiumArgs?: readonly string[];
  readonly viewport?: { width: number; height: number } | null;
  /** The operating system's language as Chromium would take it from LANG (tests emulate it). */
  readonly locale?: string;
}

export interface BrowserShell {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly core: Core;
  /** Where SMART sign-in pages open (a separate Chromium with network), unless options.smart.browser replaced it. */
  readonly systemBrowser: DevSystemBrowser | null;
  close(): Promise<void>;
}

const BASE_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--password-store=basic',
  ...noNetworkArgs(),
];

/**
 * Chromium refuses its own sandbox as root (CI, containers): only then run without it, and hide the
 * warning bar that would otherwise sit over the app. A normal user keeps Chromium's sandbox.
 */
const rootArgs = (): string[] => (process.getuid?.() === 0 ? ['--no-sandbox', '--test-type'] : []);

export async function launchBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const outDir = options.outDir ?? path.resolve(import.meta.dirname, '../..', process.env.CLINIC_OUT_DIR ?? 'out');
  const rendererDir = path.join(outDir, 'renderer');
  const bridgeFile = path.join(outDir, 'bridge', 'browser-bridge.js');
  if (!existsSync(path.join(rendererDir, 'index.html')) || !existsSync(bridgeFile)) {
    throw new Error(`The renderer is not built (${outDir}); run \`npm run build\` first.`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium was not found at ${CHROMIUM_PATH}; run scripts/install-system-deps.sh (or set CLINIC_CHROMIUM).`);
  }

  // Whatever the shell, Chromium and the core create from here on is readable by its owner only,
  // and the data directory itself is 0700 (an existing one tightened, or refused with the reason).
  restrictNewFilesToOwner();
  await prepareDataDir(options.dataDir);
  // Chromium writes caches under the profile and $HOME regardless of flags: both live in a private
  // temp dir that is deleted on close, never in the data directory.
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-chromium-'));
  const systemBrowser = options.smart?.browser ? null : devSystemBrowser({ executablePath: CHROMIUM_PATH, headless: options.headless ?? true, args: rootArgs() });
  const core = createCore({ ...options, smart: { ...options.smart, browser: options.smart?.browser ?? systemBrowser! } });
  const client = core.connect();
  let context: BrowserContext | undefined;
  try {
    // WebRTC's IP handling policy, as Chrome reads it: from the profile, written before launch.
    await mkdir(path.join(profileDir, 'profile', 'Default'), { recursive: true });
    await writeFile(path.join(profileDir, 'profile', 'Default', 'Preferences'), JSON.stringify(CHROMIUM_PROFILE_PREFERENCES));
    context = await chromium.launchPersistentContext(path.join(profileDir, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: options.headless ?? true,
      args: [...BASE_ARGS, ...rootArgs(), ...(options.chromiumArgs ?? [])],
      env: { ...process.env, HOME: profileDir, XDG_CONFIG_HOME: path.join(profileDir, 'config'), XDG_CACHE_HOME: path.join(profileDir, 'cache') },
      viewport: options.viewport === undefined ? { width: 1280, height: 800 } : options.viewport,
      ...(options.locale ? { locale: options.locale } : {}),
      permissions: ['camera'],
      serviceWorkers: 'block',
      acceptDownloads: false,
      bypassCSP: false,
    });

    // Everything that is not the app's origin is refused: the renderer has no network.
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (!request.url().startsWith(`${APP_ORIGIN}/`)) return route.abort('blockedbyclient');
      // A throw here would be an unhandled rejection that ends the shell: answer 500 instead.
      try {
        const response = await serveAppRequest(
          new Request(request.url(), { method: request.method(), headers: await request.allHeaders() }),
          { rendererDir, client },
        );
        const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
        return await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body });
      } catch {
        return route.fulfill({ status: 500, contentType: 'text/plain; charset=utf-8', headers: { 'Cache-Control': 'no-store' }, body: 'The request could not be served.' }).catch(() => undefined);
      }
    });

    await context.exposeBinding('__clinicInvoke', async (_source, channel: unknown, request: unknown) => invokeAsJson(client, channel, request));
    await context.addInitScript({ content: await readFile(bridgeFile, 'utf8') });

    const page = context.pages()[0] ?? (await context.newPage());
    // Pages may not open windows or navigate away from the app.
    context.on('page', (p) => {
      if (p !== page) void p.close();
    });
    await page.goto(`${APP_ORIGIN}/index.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

    const ctx = context;
    return {
      page,
      context: ctx,
      core,
      systemBrowser,
      async close() {
        await ctx.close().catch(() => undefined);
        await systemBrowser?.close();
        await client.disconnect();
        await core.close();
        await rm(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await systemBrowser?.close();
    await core.close();
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
}
