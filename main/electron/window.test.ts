// Security gate: the window ships with the hardened web preferences, in tests as in production;
// DevTools, reload and devtools: exist only in an explicit development run.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/intl';
import { applicationMenuTemplate } from './menu';
import { APP_SCHEME_PRIVILEGED } from './origin';
import { builtPaths, isDevelopment, resolveDataDir } from './paths';
import { mainWindowOptions } from './window';

const input = { isDev: false, preloadPath: '/app/out/preload/index.cjs', partition: 'clinic-window-1' };

describe('mainWindowOptions', () => {
  it('sets every hardening preference', () => {
    const prefs = mainWindowOptions(input).webPreferences!;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      experimentalFeatures: false,
    });
    expect(prefs.preload).toBe(input.preloadPath);
  });

  it('uses an in-memory partition (no persist: prefix), so storage never reaches the disk', () => {
    const prefs = mainWindowOptions(input).webPreferences!;
    expect(prefs.partition).toBe('clinic-window-1');
    expect(prefs.partition).not.toMatch(/^persist:/);
    expect(prefs.session).toBeUndefined();
  });

  it('enables DevTools only in development, and changes nothing else', () => {
    const prod = mainWindowOptions(input);
    const dev = mainWindowOptions({ ...input, isDev: true });
    expect(dev.webPreferences!.devTools).toBe(true);
    expect({ ...dev.webPreferences, devTools: false }).toEqual(prod.webPreferences);
  });

  it('waits for ready-to-show with a sensible size and background', () => {
    const options = mainWindowOptions(input);
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(options.minWidth!).toBeGreaterThanOrEqual(1024);
    expect(options.minHeight!).toBeGreaterThanOrEqual(640);
    expect(options.width!).toBeGreaterThanOrEqual(options.minWidth!);
    expect(options.height!).toBeGreaterThanOrEqual(options.minHeight!);
  });
});

describe('the clinic: scheme privileges', () => {
  it('is standard, secure, fetchable and streamable, and never bypasses the CSP', () => {
    expect(APP_SCHEME_PRIVILEGED).toEqual({ scheme: 'clinic', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } });
    expect(APP_SCHEME_PRIVILEGED.privileges?.bypassCSP).toBeUndefined();
    expect(APP_SCHEME_PRIVILEGED.privileges?.allowServiceWorkers).toBeUndefined();
    expect(APP_SCHEME_PRIVILEGED.privileges?.corsEnabled).toBeUndefined();
  });
});

const roles = (template: MenuItemConstructorOptions[]): string[] =>
  template.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);

describe('applicationMenuTemplate', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('has no DevTools or reload in production (%s)', (platform) => {
    const found = roles(applicationMenuTemplate({ isDev: false, platform, appName: 'Clinic Photo', t: translator('en').t }));
    expect(found).not.toContain('toggleDevTools');
    expect(found).not.toContain('reload');
    expect(found).not.toContain('forceReload');
    expect(found).toContain('copy');
    expect(found).toContain('paste');
  });

  it('offers DevTools and reload in development', () => {
    const found = roles(applicationMenuTemplate({ isDev: true, platform: 'linux', appName: 'Clinic Photo', t: translator('en').t }));
    expect(found).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('puts quit where each platform expects it', () => {
    expect(roles(applicationMenuTemplate({ isDev: false, platform: 'linux', appName: 'Clinic Photo', t: translator('en').t }))).toContain('quit');
    const mac = applicationMenuTemplate({ isDev: false, platform: 'darwin', appName: 'Clinic Photo', t: translator('en').t });
    expect(mac[0]?.label).toBe('Clinic Photo');
  });

  it("labels the menus in the workstation's language", () => {
    const labels = (locale: 'en' | 'de' | 'ar') => applicationMenuTemplate({ isDev: false, platform: 'linux', appName: 'Clinic Photo', t: translator(locale).t }).map((m) => m.label ?? m.role);
    expect(labels('en')).toEqual(['File', 'Edit', 'View', 'windowMenu']);
    expect(labels('de')).toEqual(['Datei', 'Bearbeiten', 'Ansicht', 'windowMenu']);
    expect(labels('ar')).toEqual(['ملف', 'تحرير', 'عرض', 'windowMenu']);
  });
});

describe('paths and mode', () => {
  it('keeps data in the profile unless CLINIC_DATA_DIR says otherwise', () => {
    expect(resolveDataDir({}, '/home/u/.config/Clinic Photo')).toBe('/home/u/.config/Clinic Photo/data');
    expect(resolveDataDir({ CLINIC_DATA_DIR: '  ' }, '/profile')).toBe('/profile/data');
    expect(resolveDataDir({ CLINIC_DATA_DIR: '/srv/clinic/data' }, '/profile')).toBe('/srv/clinic/data');
  });

  it('finds the preload and renderer beside the built main', () => {
    expect(builtPaths('/app/out/main')).toEqual({ preloadPath: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer' });
  });

  it('is production unless an unpackaged build asks for development', () => {
    expect(isDevelopment(true, { CLINIC_DEV: '1' })).toBe(false);
    expect(isDevelopment(false, {})).toBe(false);
    expect(isDevelopment(false, { NODE_ENV: 'development' })).toBe(false);
    expect(isDevelopment(false, { CLINIC_DEV: '1' })).toBe(true);
  });
});
