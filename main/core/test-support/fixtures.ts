// Test fixtures: real data directories in temp, real cores, fast-but-real Argon2id cost.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreClient, type CoreOptions } from '../core';
import { silentLogger } from '../support/log';
import type { RequestOf } from '../../../shared/contract';
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

/** The value of an ok result; a failure throws an Error whose `code` is the result's error code. */
export function unwrap<T>(result: Result<T>): T;
/** The same, seen as a narrower or wider shape than the channel's (a test's own view of it). */
export function unwrap<T>(result: Result<unknown>): T;
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw Object.assign(new Error(`expected ok, got ${result.error.code}: ${result.error.message}`), { code: result.error.code });
  return result.value;
}

/** A set-up clinic with a signed-in administrator. */
export async function initializedClinic(options: Partial<CoreOptions> = {}) {
  const { dir, cleanup } = await tempDir();
  const core = testCore(dir, options);
  // Local, as the CLI's client is: tests import and export photos as `cli import` does.
  const client = core.connect({ local: true });
  unwrap(await client.api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
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

/** What `cli import` does for one file: the new photo's id (the client must be local). */
export async function importPhoto(client: CoreClient, input: RequestOf<'photos', 'import'>): Promise<string> {
  return unwrap(await client.api.photos.import(input)).photoId;
}

/** What `cli export` does for one photo (the client must be local). */
export async function exportPhoto(client: CoreClient, input: RequestOf<'photos', 'export'>) {
  const exported = unwrap(await client.api.photos.export(input));
  return { ...exported, bytes: Buffer.from(exported.bytes.buffer, exported.bytes.byteOffset, exported.bytes.byteLength) };
}
