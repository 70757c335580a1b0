// Opening a workstation for one CLI run: a core on the data directory, one client, and (for
// everything but init) a signed-in session. Everything is closed again before the process ends.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createCore, prepareDataDir, type Core, type CoreClient } from '../core/core';
import { DataDirPermissionError } from '../core/support/owner-only';
import { stderrLogger, type Logger } from '../core/support/log';
import { CliError, expectOk, sentence } from './errors';
import { t } from './i18n';
import { readPassword } from './password';

/**
 * The core's logger for CLI runs: routine events stay quiet so stderr holds only the one line a
 * user needs; unexpected internal failures still go out (they carry event names and codes, no PHI).
 */
export const cliLogger: Logger = {
  info() {},
  error: (event, error, fields) => stderrLogger.error(event, error, fields),
};

export interface Workstation {
  readonly dataDir: string;
  readonly core: Core;
  readonly client: CoreClient;
}

export async function openWorkstation<T>(dataDirArg: string, fn: (ws: Workstation) => Promise<T>): Promise<T> {
  const dataDir = path.resolve(dataDirArg);
  await makeDataDirPrivate(dataDir);
  const core = createCore({ dataDir, log: cliLogger });
  const client = core.connect({ local: true });
  try {
    return await fn({ dataDir, core, client });
  } finally {
    await client.disconnect();
    await core.close();
  }
}

/**
 * An existing data directory is made owner-only (0700) or refused with the reason; a missing one is
 * left for the core (init creates it 0700, every other command reports that nothing is set up).
 */
export async function makeDataDirPrivate(dataDir: string): Promise<void> {
  if (!existsSync(dataDir)) return;
  try {
    await prepareDataDir(dataDir);
  } catch (error) {
    if (error instanceof DataDirPermissionError) throw new CliError(sentence(error.message));
    throw error;
  }
}

export async function isInitialized(ws: Workstation): Promise<boolean> {
  const status = expectOk<{ initialized: boolean }>(await ws.client.api.setup.status({}));
  return status.initialized;
}

/**
 * Checks the workstation is set up (before asking for a password), then signs in as `username`
 * with `password`, or with one read from stdin when none is given.
 */
export async function signIn(ws: Workstation, username: string, given?: string): Promise<void> {
  if (!(await isInitialized(ws))) throw new CliError(t('workstation.notSetUp', { dir: ws.dataDir }));
  const password = given ?? (await readPassword(t('prompt.passwordFor', { user: username })));
  expectOk(await ws.client.api.session.signIn({ username, password }), { username: '--user', password: t('field.password') });
}
