// The build's Electron gate: an exact pin inside the declared range, installed as pinned; the
// real checkout passes; electron.vite.config.ts runs the gate before it builds; and the declared
// range stays within what electron-vite and electron-builder (node-abi) actually know.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertElectronSupported, electronSupportProblems, SUPPORTED_ELECTRON_MAJORS } from './electron-support';

const root = path.resolve(import.meta.dirname, '..');
const range = { min: 44, max: 44 };

describe('electronSupportProblems', () => {
  it('accepts an exact pin of a supported major, installed as pinned', () => {
    expect(electronSupportProblems({ declared: '44.11.5', installed: '44.11.5' }, range)).toEqual([]);
  });

  it.each([
    ['an out-of-support major', { declared: '38.8.6', installed: '38.8.6' }, /major 38; this app supports Electron 44 only/],
    ['a major newer than the tools know', { declared: '45.6.1', installed: '45.6.1' }, /major 45/],
    ['a caret range', { declared: '^44.11.5', installed: '44.11.5' }, /pin electron exactly/],
    ['a different installed version', { declared: '44.11.5', installed: '38.8.6' }, /installed electron 38\.8\.6 is not the pinned 44\.11\.5/],
    ['nothing installed', { declared: '44.11.5', installed: null }, /not installed/],
    ['no declaration', { declared: undefined, installed: '44.11.5' }, /declares no electron/],
  ])('refuses %s', (_name, versions, message) => {
    expect(electronSupportProblems(versions, range).join('; ')).toMatch(message);
  });
});

describe('assertElectronSupported', () => {
  it('passes for this checkout', () => {
    expect(() => assertElectronSupported(root)).not.toThrow();
  });

  it('throws for a project pinned to Electron 38', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cpw-electron-gate-'));
    try {
      await mkdir(path.join(dir, 'node_modules', 'electron'), { recursive: true });
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ devDependencies: { electron: '38.8.6' } }));
      await writeFile(path.join(dir, 'node_modules', 'electron', 'package.json'), JSON.stringify({ version: '38.8.6' }));
      expect(() => assertElectronSupported(dir)).toThrow(/Unsupported Electron: electron 38\.8\.6 is major 38/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs first thing in electron.vite.config.ts, so `npm run build` refuses', async () => {
    const config = await readFile(path.join(root, 'electron.vite.config.ts'), 'utf8');
    const gate = config.indexOf('assertElectronSupported(import.meta.dirname);');
    expect(gate).toBeGreaterThan(0);
    expect(gate).toBeLessThan(config.indexOf('export default defineConfig('));
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/^electron-vite build/);
  });
});

describe('the declared range against the build tools', () => {
  const require = createRequire(path.join(root, 'package.json'));
  const majors = Array.from({ length: SUPPORTED_ELECTRON_MAJORS.max - SUPPORTED_ELECTRON_MAJORS.min + 1 }, (_, i) => SUPPORTED_ELECTRON_MAJORS.min + i);

  it('is within electron-vite’s Electron → Node and Chrome target tables', async () => {
    const chunks = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'dist', 'chunks');
    const sources = await Promise.all((await readdir(chunks)).map((f) => readFile(path.join(chunks, f), 'utf8')));
    const source = sources.find((s) => s.includes('function getElectronNodeTarget'));
    expect(source).toBeDefined();
    const table = (fn: string) => source!.slice(source!.indexOf(`function ${fn}`), source!.indexOf('if (electronVer', source!.indexOf(`function ${fn}`)));
    for (const major of majors) {
      expect(table('getElectronNodeTarget')).toContain(`'${major}': '`);
      expect(table('getElectronChromeTarget')).toContain(`'${major}': '`);
    }
  });

  it('is within the Electron ABIs electron-builder’s node-abi knows (native modules are rebuilt for it)', async () => {
    // The node-abi that electron-builder's @electron/rebuild resolves, not whichever is hoisted.
    const rebuild = createRequire(require.resolve('app-builder-lib/package.json')).resolve('@electron/rebuild');
    const nodeAbi = createRequire(rebuild).resolve('node-abi');
    const registry = JSON.parse(await readFile(path.join(path.dirname(nodeAbi), 'abi_registry.json'), 'utf8')) as Array<{ runtime: string; target: string }>;
    const known = new Set(registry.filter((r) => r.runtime === 'electron').map((r) => Number(r.target.split('.')[0])));
    for (const major of majors) expect(known.has(major)).toBe(true);
  });
});
