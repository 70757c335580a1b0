// The main window's options as a pure function, so the hardening is tested exactly as it ships.
// Tests run with these same settings: nothing here is relaxed for tests (unlike Signal).
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Development build: DevTools available. Never true in a packaged app. */
  readonly isDev: boolean;
  /** Absolute path of the built preload (out/preload/index.cjs). */
  readonly preloadPath: string;
  /** The window's own in-memory session partition (no `persist:` prefix: nothing on disk). */
  readonly partition: string;
  readonly title?: string;
}

export const WINDOW_BACKGROUND = '#f4f6f8';

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: input.title ?? 'Clinic Photo',
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    // Shown on ready-to-show so the user never sees an unstyled flash.
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
      preload: input.preloadPath,
      partition: input.partition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: input.isDev,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      experimentalFeatures: false,
      enableWebSQL: false,
    },
  };
}
