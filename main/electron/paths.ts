// Where the shell finds its pieces and its data. The data directory is the user's own profile
// unless CLINIC_DATA_DIR points elsewhere (tests, or a clinic's managed location).
import path from 'node:path';

/** The product's name everywhere: window title, menus, and the profile folder, packaged or not. */
export const PRODUCT_NAME = 'Clinic Photo';

export function resolveDataDir(env: NodeJS.ProcessEnv, userDataPath: string): string {
  const override = env.CLINIC_DATA_DIR?.trim();
  return override ? path.resolve(override) : path.join(userDataPath, 'data');
}

/** Built layout: out/main/index.js beside out/preload/index.cjs and out/renderer/. */
export function builtPaths(mainDir: string): { preloadPath: string; rendererDir: string } {
  return { preloadPath: path.join(mainDir, '../preload/index.cjs'), rendererDir: path.join(mainDir, '../renderer') };
}

/**
 * DevTools, reload and devtools: requests only for an unpackaged build started with
 * CLINIC_DEV=1. Everything else, e2e runs included, gets production settings.
 */
export function isDevelopment(isPackaged: boolean, env: NodeJS.ProcessEnv): boolean {
  return !isPackaged && env.CLINIC_DEV === '1';
}
