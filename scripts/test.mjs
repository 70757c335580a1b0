#!/usr/bin/env node
// `npm test`: the whole suite, in the order that fails fastest: lint (including the layering
// rule), both TypeScript projects, the build, unit and integration tests (Vitest, real SQLCipher
// and real files), then end-to-end tests in the browser shell (Playwright, system Chromium).
// Ends with one summary line, "N passed, N failed", across both test runners.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = mkdtempSync(path.join(os.tmpdir(), 'clinic-photo-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
// The names of failed tests, repeated at the very end: CI keeps only the tail of the output.
const failures = [];

function step(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function finish(ok) {
  rmSync(reports, { recursive: true, force: true });
  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`);
  console.log(`\n${timings.join(' · ')}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(ok && totals.failed === 0 ? 0 : 1);
}

const npx = (args) => ['--no-install', ...args];

for (const [name, args] of [
  ['lint', ['eslint', '--max-warnings', '0', '.']],
  ['typecheck (node)', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (web)', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
]) {
  if (!step(name, 'npx', npx(args))) finish(false);
}
if (!step('build', 'npm', ['run', '--silent', 'build'])) finish(false);

const vitestJson = path.join(reports, 'vitest.json');
const unitOk = step('unit and integration (vitest)', 'npx', npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]));
try {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  for (const file of r.testResults) {
    const name = path.relative(root, file.name);
    const failed = file.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed) failures.push(`${name} › ${a.fullName}`);
    // A file that fails outside any test (import error, hook) has no failed assertion to name.
    if (file.status === 'failed' && failed.length === 0) failures.push(`${name} › ${file.message.split('\n')[0]}`);
  }
} catch {
  totals.failed += unitOk ? 0 : 1;
}

const pwJson = path.join(reports, 'playwright.json');
const e2eOk = step('end to end (playwright, browser shell)', 'npx', npx(['playwright', 'test', '--reporter=list,json']), { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
try {
  const r = JSON.parse(readFileSync(pwJson, 'utf8'));
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      if (!spec.ok) failures.push(`${spec.file}:${spec.line} › ${[...trail, spec.title].join(' › ')}`);
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title].filter((t) => !t.endsWith('.ts')));
  };
  for (const suite of r.suites) walk(suite, []);
} catch {
  totals.failed += e2eOk ? 0 : 1;
}

finish(unitOk && e2eOk);
