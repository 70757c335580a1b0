// Only the entry (main.ts) may load electron at runtime: every other module here imports its
// types only, which is what lets these tests run in plain Node where the Electron binary is absent.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;

/** Import and export-from statements of a module, with `import type` ones marked. */
function electronImports(source: string): Array<{ statement: string; typeOnly: boolean }> {
  const found: Array<{ statement: string; typeOnly: boolean }> = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"]electron(?:\/[^'"]*)?['"]/gms;
  for (const m of source.matchAll(pattern)) {
    const clause = m[3] ?? '';
    const inlineTypesOnly = /^\{[^}]*\}$/s.test(clause.trim()) && clause.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'));
    found.push({ statement: m[0].trim(), typeOnly: Boolean(m[2]) || inlineTypesOnly });
  }
  for (const m of source.matchAll(/(?:require|import)\(\s*['"]electron(?:\/[^'"]*)?['"]\s*\)/g)) found.push({ statement: m[0], typeOnly: false });
  for (const m of source.matchAll(/^\s*import\s+['"]electron['"]/gm)) found.push({ statement: m[0].trim(), typeOnly: false });
  return found;
}

describe('electron imports in main/electron', () => {
  it('recognises the forms it guards against', () => {
    expect(electronImports("import { app } from 'electron';")[0]?.typeOnly).toBe(false);
    expect(electronImports("import type { App } from 'electron';")[0]?.typeOnly).toBe(true);
    expect(electronImports("import { type App, type Session } from 'electron';")[0]?.typeOnly).toBe(true);
    expect(electronImports("import { type App, session } from 'electron';")[0]?.typeOnly).toBe(false);
    expect(electronImports("const e = require('electron');")[0]?.typeOnly).toBe(false);
    expect(electronImports("await import('electron');")[0]?.typeOnly).toBe(false);
  });

  it('are type-only everywhere but main.ts', async () => {
    const files = (await readdir(here)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    const offenders: string[] = [];
    for (const file of files) {
      if (file === 'main.ts' || file === 'layering.test.ts') continue;
      const source = await readFile(path.join(here, file), 'utf8');
      for (const found of electronImports(source)) if (!found.typeOnly) offenders.push(`${file}: ${found.statement}`);
    }
    expect(offenders).toEqual([]);
  });

  it('main.ts is the one runtime importer', async () => {
    const source = await readFile(path.join(here, 'main.ts'), 'utf8');
    expect(electronImports(source).some((i) => !i.typeOnly)).toBe(true);
  });
});
