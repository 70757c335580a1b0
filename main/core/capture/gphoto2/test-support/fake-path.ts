// Puts a fake `gphoto2` (fake-gphoto2.mjs, with one scenario) first on a PATH for a test.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const GPHOTO2_FIXTURES = path.resolve(import.meta.dirname, '../../../../../e2e/fixtures/gphoto2');
const FAKE = path.resolve(import.meta.dirname, 'fake-gphoto2.mjs');

/** Returns a PATH whose `gphoto2` runs the fake with `scenario` (mode, jpegs: file paths). */
export function fakeGphoto2Path(workDir: string, scenario: Record<string, unknown>): string {
  const bin = mkdtempSync(path.join(workDir, 'bin-'));
  const scenarioFile = path.join(bin, 'scenario.json');
  writeFileSync(
    scenarioFile,
    JSON.stringify({ fixtures: GPHOTO2_FIXTURES, autoDetect: path.join(GPHOTO2_FIXTURES, 'auto-detect-two-cameras.stdout.txt'), ...scenario }),
  );
  const wrapper = path.join(bin, 'gphoto2');
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${FAKE}' '${scenarioFile}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return `${bin}:/usr/bin:/bin`;
}
