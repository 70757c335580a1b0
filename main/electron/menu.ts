// The application menu as a template: editing and zoom for everyone, reload and DevTools only in a
// development build (a reload in a clinic would drop the user's place; DevTools would expose PHI).
import type { MenuItemConstructorOptions } from 'electron';
import type { Translate } from '../../shared/i18n/intl';

export interface MenuInput {
  readonly isDev: boolean;
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** The workstation's language (the menu is shared by every window, so not a user's). */
  readonly t: Translate;
}

export function applicationMenuTemplate({ isDev, platform, appName, t }: MenuInput): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    ...(isDev ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac
      ? [{ label: appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions]
      : []),
    { label: t('shell.menu.file'), submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: t('shell.menu.edit'),
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    { label: t('shell.menu.view'), submenu: view },
    { role: 'windowMenu' },
  ];
}
