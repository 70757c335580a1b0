// The packaging configuration: electron-builder.yml is valid for the installed electron-builder,
// flips the hardening fuses, and its resources (icon, desktop entry, entitlements) exist and agree.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// electron-builder's own validator and YAML reader, from its dependency tree: the test checks the
// file against exactly the schema the installed version enforces.
const require = createRequire(path.join(root, 'package.json'));

type BuilderConfig = Record<string, unknown> & {
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; category?: string; executableName?: string; desktop?: { entry?: Record<string, string> } };
  mac?: { hardenedRuntime?: boolean; entitlements?: string; entitlementsInherit?: string; extendInfo?: Record<string, string> };
  win?: { target?: string };
  files?: string[];
  asar?: boolean;
};

let config: BuilderConfig;

beforeAll(async () => {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  config = yaml.load(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
});

function parseDesktopEntry(text: string): Record<string, string> {
  const entry: Record<string, string> = {};
  let inEntry = false;
  for (const line of text.split('\n')) {
    if (/^\[.*\]$/.test(line.trim())) inEntry = line.trim() === '[Desktop Entry]';
    else if (inEntry && line.includes('=') && !line.startsWith('#')) {
      const at = line.indexOf('=');
      entry[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return entry;
}

describe('electron-builder.yml', () => {
  it('passes the installed electron-builder schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, logger: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the hardening fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('ships the built bundles in an asar, not the sources', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
    expect(config.files!.filter((f) => !f.startsWith('!')).every((f) => f.startsWith('out/') || f === 'package.json')).toBe(true);
  });

  it('builds AppImage and deb, a hardened mac app with the camera entitlement, and an NSIS installer', async () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Graphics');
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.extendInfo?.NSCameraUsageDescription).toBeTruthy();
    const entitlements = await readFile(path.join(root, config.mac!.entitlements!), 'utf8');
    expect(entitlements).toMatch(/<key>com\.apple\.security\.device\.camera<\/key>\s*<true\/>/);
    expect(entitlements).not.toContain('com.apple.security.device.audio-input');
    expect(entitlements).not.toContain('disable-library-validation');
    expect(config.mac?.entitlementsInherit).toBe(config.mac?.entitlements);
    expect(config.win?.target).toBe('nsis');
  });

  it('keeps the desktop entry in build/ and the packaged one in step', async () => {
    const file = parseDesktopEntry(await readFile(path.join(root, 'build/clinic-photo.desktop'), 'utf8'));
    const packaged = config.linux?.desktop?.entry ?? {};
    for (const [key, value] of Object.entries(packaged)) expect([key, file[key]]).toEqual([key, value]);
    expect(file.Exec).toBe(`${config.linux?.executableName} %U`);
    expect(file.Categories?.split(';')).toEqual(expect.arrayContaining(['Graphics', 'MedicalSoftware']));
    expect(file.Categories?.endsWith(';')).toBe(true);
  });

  it('has a small 512×512 PNG icon rendered from the SVG', async () => {
    const png = await readFile(path.join(root, 'build/icon.png'));
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
    expect(png.byteLength).toBeLessThan(64 * 1024);
  });
});
