#!/usr/bin/env node
// `npm start`: builds the app and opens it in Electron when its binary is installed; otherwise in
// the browser shell (system Chromium), with a one-line explanation.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const binary = require('electron'); // the package's index returns the binary's path, or throws
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', '--silent', 'build']);

const electron = electronBinary();
if (electron) {
  const child = spawn(electron, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Electron is not installed here (its binary download was skipped: see README), so the app opens in the browser shell on system Chromium.',
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/browser-shell/start.ts'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
