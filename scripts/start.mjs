#!/usr/bin/env node
// `npm start`: builds the app and opens it in Electron when its binary is installed; otherwise in
// the browser shell (system Chromium), with a one-line explanation.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/**
 * The Electron binary's path if it is installed, read from the package's path.txt. Not
 * require('electron'): since Electron 42 that starts a download when the binary is missing.
 */
function electronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', '--silent', 'build']);

// Arguments after `npm start --` go to the app (e.g. --smart-launch "iss=…&launch=…").
const appArgs = process.argv.slice(2);
const electron = electronBinary();
if (electron) {
  const child = spawn(electron, ['.', ...appArgs], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Electron\'s binary is not installed here (see README), so the app opens in the browser shell on system Chromium.',
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/browser-shell/start.ts', ...appArgs], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
