// The Electron shell's entry: the only module that imports electron at runtime. It wires the
// tested pieces (window options, ipc, protocol, permission and navigation guards, menu) to the
// app and the core, and holds no logic of its own.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { createCore, prepareDataDir, type Core, type CoreClient } from '../core/core';
import { isBrowsableUrl, smartLaunchFromArgv } from '../core/smart/launch-arg';
import { DataDirPermissionError, restrictNewFilesToOwner } from '../core/support/owner-only';
import { registerIpc } from './ipc';
import { applicationMenuTemplate } from './menu';
import { translator } from '../../shared/i18n/intl';
import { resolveLocale } from '../../shared/i18n/locales';
import { readWorkstationLocale } from '../core/preferences/workstation-file';
import { createSafeStorageProtector } from './safe-storage';
import { guardNavigation } from './navigation';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGED } from './origin';
import { builtPaths, isDevelopment, PRODUCT_NAME, resolveDataDir } from './paths';
import { createAppProtocolHandler } from './protocol';
import { hardenSession } from './session';
import { appendNoNetworkSwitches, closeWebRtc } from './webrtc';
import { mainWindowOptions } from './window';

interface OpenWindow {
  readonly window: BrowserWindow;
  readonly client: CoreClient;
}

// The profile folder follows the product name, not package.json's, so dev and packaged runs agree.
app.setName(PRODUCT_NAME);
app.setPath('userData', path.join(app.getPath('appData'), PRODUCT_NAME));

// Must happen before `ready`: the scheme's privileges are fixed at startup.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGED]);

const isDev = isDevelopment(app.isPackaged, process.env);
// Before Electron or the core creates a file: everything this process writes is owner-only.
restrictNewFilesToOwner();
// The renderer's network beneath request interception (WebRTC, name resolution) is closed from the start.
appendNoNetworkSwitches(app.commandLine);
const { preloadPath, rendererDir } = builtPaths(import.meta.dirname);
const windows = new Map<number, OpenWindow>();
let core: Core | null = null;
let windowSerial = 0;
let shutDown = false;
let shuttingDown: Promise<void> | null = null;

const note = (event: string, fields: Record<string, string> = {}) => process.stderr.write(`${JSON.stringify({ level: 'info', event, ...fields })}\n`);

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the data directory; it focuses its window (below) and we leave.
  app.quit();
} else {
  // A second start carries its command line here: an EHR launch (--smart-launch) goes to the core.
  app.on('second-instance', (_event, argv) => {
    receiveLaunch(argv);
    focusFirstWindow();
  });

  app.on('web-contents-created', (_event, contents) => {
    closeWebRtc(contents);
    guardNavigation(contents, (what) => note('shell.blocked', { what }));
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (core && windows.size === 0) openAnotherWindow(core);
  });

  app.on('before-quit', (event) => {
    if (shutDown) return;
    // Hold the quit until the core has closed the database and wiped its keys.
    event.preventDefault();
    shuttingDown ??= shutdown().finally(() => {
      shutDown = true;
      app.quit();
    });
  });

  void app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  try {
    // The default session hosts nothing of ours, but harden it anyway in case anything lands there.
    hardenSession(session.defaultSession, { isDev });
    const dataDir = resolveDataDir(process.env, app.getPath('userData'));
    await prepareDataDir(dataDir);
    // The menu speaks the workstation's language, else the operating system's (as the windows do).
    const { t } = translator(resolveLocale({ workstation: await readWorkstationLocale(dataDir), system: app.getPreferredSystemLanguages() }));
    Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate({ isDev, platform: process.platform, appName: app.name, t })));
    // The device key slot is held by safeStorage (never Linux's basic_text store).
    // SMART sign-in happens in the user's own browser (RFC 8252), never in one of our windows.
    const systemBrowser = {
      async open(url: string) {
        if (!isBrowsableUrl(url)) throw new Error('not a web address');
        await shell.openExternal(url);
      },
    };
    core = createCore({ dataDir, keyProtector: createSafeStorageProtector(safeStorage), smart: { browser: systemBrowser } });
    receiveLaunch(process.argv);
    // Walking away from a locked or sleeping computer must not leave a session open behind it.
    powerMonitor.on('lock-screen', () => core?.lockAllSessions('OS_LOCK'));
    powerMonitor.on('suspend', () => core?.lockAllSessions('SUSPEND'));
    registerIpc(ipcMain, (sender) => windows.get(sender.id)?.client);
    await openWindow(core);
  } catch (error) {
    fatal(error);
  }
}

function receiveLaunch(argv: readonly string[]): void {
  const launch = smartLaunchFromArgv(argv);
  if (!launch || !core) return;
  try {
    core.receiveSmartLaunch(launch);
    note('shell.smart-launch-received');
  } catch {
    note('shell.smart-launch-refused');
  }
}

async function openWindow(owner: Core): Promise<void> {
  // One in-memory session per window: its protocol handler serves that window's client only, and
  // cookies, caches and storage never touch the disk.
  const partition = `clinic-window-${++windowSerial}`;
  const ses = session.fromPartition(partition, { cache: false });
  hardenSession(ses, { isDev, onBlockedRequest: () => note('shell.blocked', { what: 'request' }) });
  const client = owner.connect();
  ses.protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir, client }));

  const window = new BrowserWindow(mainWindowOptions({ isDev, preloadPath, partition }));
  const contentsId = window.webContents.id;
  windows.set(contentsId, { window, client });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    windows.delete(contentsId);
    ses.protocol.unhandle(APP_SCHEME);
    void client.disconnect();
  });
  await window.loadURL(APP_ENTRY_URL);
}

function openAnotherWindow(owner: Core): void {
  openWindow(owner).catch((error: unknown) => note('shell.window-failed', { errorName: String((error as { name?: unknown })?.name ?? 'Error') }));
}

function focusFirstWindow(): void {
  const first = windows.values().next().value?.window;
  if (!first) {
    if (core) openAnotherWindow(core);
    return;
  }
  if (first.isMinimized()) first.restore();
  first.show();
  first.focus();
}

async function shutdown(): Promise<void> {
  const clients = [...windows.values()].map((w) => w.client);
  await Promise.allSettled(clients.map((c) => c.disconnect()));
  await core?.close();
  core = null;
}

function fatal(error: unknown): void {
  // The one start failure the user can fix: say which directory and what to do (a path, no PHI).
  if (error instanceof DataDirPermissionError) dialog.showErrorBox(translator(resolveLocale({ system: app.getPreferredSystemLanguages() })).t('shell.dataDirNotPrivate'), error.message);
  const e = error as { name?: unknown; code?: unknown };
  process.stderr.write(`${JSON.stringify({ level: 'error', event: 'shell.start-failed', errorName: String(e?.name ?? 'Error'), errorCode: String(e?.code ?? '') })}\n`);
  app.exit(1);
}
