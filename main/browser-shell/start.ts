// Opens the workstation in a visible system-Chromium window (the development shell) and keeps it
// running until the window is closed.
import os from 'node:os';
import path from 'node:path';
import { smartLaunchFromArgv } from '../core/smart/launch-arg';
import { launchBrowserShell } from './index';

const dataDir = process.env.CLINIC_DATA_DIR ?? path.join(os.homedir(), '.local', 'share', 'clinic-photo', 'data');

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('error: no display to open a window on. Run from a desktop session, or under a virtual display: xvfb-run -a npm start');
  process.exit(1);
}

const started = performance.now();
const shell = await launchBrowserShell({ dataDir, headless: false, viewport: null, chromiumArgs: ['--window-size=1280,860'] });
console.log(`Ready in ${Math.round(performance.now() - started)} ms. Data directory: ${dataDir}`);
// `npm start -- --smart-launch "iss=…&launch=…"`: an EHR launch, as the Electron shell takes it.
const launch = smartLaunchFromArgv(process.argv);
if (launch) shell.core.receiveSmartLaunch(launch);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await shell.close();
  process.exit(0);
};
shell.page.on('close', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
