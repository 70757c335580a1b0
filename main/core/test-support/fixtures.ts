// Test fixtures: real data directories in temp, real cores, fast-but-real Argon2id cost.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreClient, type CoreOptions } from '../core';
import { silentLogger } from '../support/log';
import type { Result } from '../../../shared/result';

/** Argon2id at its floor for tests only; production uses DEFAULT_KDF_COST. */
export const TEST_KDF_COST = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

export const ADMIN = { username: 'admin', displayName: 'Dr Ada Admin', password: 'correct horse battery staple' };

export async function tempDir(prefix = 'cpw-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function testCore(dataDir: string, options: Partial<CoreOptions> = {}): Core {
  return createCore({ dataDir, log: silentLogger, kdfCost: TEST_KDF_COST, ...options });
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function call<T = unknown>(client: CoreClient, channel: string, payload: unknown = {}): Promise<T> {
  return unwrap((await client.invoke(channel, payload)) as Result<T>);
}

/** A set-up clinic with a signed-in administrator. */
export async function initializedClinic(options: Partial<CoreOptions> = {}) {
  const { dir, cleanup } = await tempDir();
  const core = testCore(dir, options);
  const client = core.connect();
  await call(client, 'setup.initialize', { clinicName: 'Harbour Dermatology', admin: ADMIN });
  return {
    dir,
    core,
    client,
    async dispose() {
      await core.close();
      await cleanup();
    },
  };
}
