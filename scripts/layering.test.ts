// The layering rule is part of the build: a wrong import must fail lint, and so `npm test`.
// Each case lints a line of code as if it lived at the given path.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rule', () => {
  it.each([
    ['renderer/src/x.ts', "import x from 'node:fs';"],
    ['renderer/src/x.ts', "import x from 'fs';"],
    ['renderer/src/x.ts', "import x from '../../main/core/core';"],
    ['renderer/src/x.ts', "import x from 'electron';"],
    ['renderer/src/x.ts', "import x from 'better-sqlite3-multiple-ciphers';"],
    ['preload/x.ts', "import x from 'node:child_process';"],
    ['preload/x.ts', "import x from '../main/core/core';"],
    ['shared/x.ts', "import x from 'node:crypto';"],
    ['shared/x.ts', "import x from '../main/core/core';"],
    ['main/core/x.ts', "import x from 'electron';"],
    ['main/core/x.ts', "import x from '../electron/main';"],
    ['main/core/x.ts', "import x from 'playwright-core';"],
    ['main/core/x.ts', "import x from '../browser-shell/index';"],
    ['main/shell/x.ts', "import x from 'electron';"],
  ])('refuses %s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', "import x from '../../shared/contract';"],
    ['preload/x.ts', "import x from 'electron';"],
    ['main/core/x.ts', "import x from 'node:fs';"],
    ['main/electron/x.ts', "import x from 'electron';"],
    ['shared/x.ts', "import x from 'zod';"],
  ])('allows %s: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});

describe('typed channel calls', () => {
  const named = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
  };

  it('refuses a channel called by its name in the CLI, the core and tests', async () => {
    for (const file of ['main/cli/x.ts', 'main/core/x.test.ts', 'bench/x.ts', 'e2e/x.spec.ts']) {
      expect(await named(file, "export const r = client.invoke('patients.search', { query: '' });\n"), file).toBe(1);
    }
  });

  it('allows the typed API, and the shells passing on a name from IPC', async () => {
    expect(await named('main/cli/x.ts', "export const r = client.api.patients.search({ query: '' });\n")).toBe(0);
    expect(await named('main/electron/x.ts', "export const r = client.invoke('patients.search', {});\n")).toBe(0);
  });
});

