// Which Electron the app may be built with. Electron supports only its newest three stable
// majors, so an app left on an old one stops getting security fixes; the build therefore refuses
// any major outside the range declared here, and raising the range is a deliberate change.
//
// Why 44 (checked 2026-12-06, when the registry's latest was 45.6.1): it is the newest major
// that both build tools know. electron-vite 6.0.0 maps each Electron major to the Node and Chrome
// targets it compiles for, and its table ends at 44 (a newer major silently gets 44's targets);
// electron-builder 26.17.0 rebuilds native modules through node-abi 4.40.0, which knows up to 46.
// Electron 44 is inside Electron's support window (45, 44 and 43 at that date).
// scripts/electron-support.test.ts checks both tools' tables against this range.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SUPPORTED_ELECTRON_MAJORS = { min: 44, max: 44 } as const;

export interface ElectronVersions {
  /** `devDependencies.electron` in package.json. */
  readonly declared: string | undefined;
  /** The version in node_modules/electron/package.json, or null when it is not installed. */
  readonly installed: string | null;
}

/** What is wrong with the Electron the build would use; empty when it is supported. */
export function electronSupportProblems(versions: ElectronVersions, range: { min: number; max: number } = SUPPORTED_ELECTRON_MAJORS): string[] {
  const problems: string[] = [];
  const supported = range.min === range.max ? `${range.min}` : `${range.min}–${range.max}`;
  const { declared, installed } = versions;
  if (declared === undefined) return [`package.json declares no electron devDependency (supported major: ${supported})`];
  if (!/^\d+\.\d+\.\d+$/.test(declared)) problems.push(`package.json must pin electron exactly (x.y.z), not "${declared}"`);
  const major = Number(/^\D*(\d+)/.exec(declared)?.[1]);
  if (!(major >= range.min && major <= range.max)) problems.push(`electron ${declared} is major ${Number.isNaN(major) ? '?' : major}; this app supports Electron ${supported} only`);
  if (installed === null) problems.push('electron is not installed (run npm ci)');
  else if (installed !== declared) problems.push(`installed electron ${installed} is not the pinned ${declared} (run npm ci)`);
  return problems;
}

/** Reads package.json and the installed electron under `root`; throws if the build must not go on. */
export function assertElectronSupported(root: string): void {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const installedFile = path.join(root, 'node_modules', 'electron', 'package.json');
  const installed = existsSync(installedFile) ? (JSON.parse(readFileSync(installedFile, 'utf8')) as { version: string }).version : null;
  const problems = electronSupportProblems({ declared: pkg.devDependencies?.electron, installed });
  if (problems.length > 0) throw new Error(`Unsupported Electron: ${problems.join('; ')}. See scripts/electron-support.ts.`);
}
