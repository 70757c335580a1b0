// Test helper: staff of every role in a real clinic, added the way the identity code will (a users
// row plus a vault key slot), and a second connection to inspect the database. Tests only.
import type { Role } from '../../../shared/permissions';
import type { UserSummary } from '../../../shared/domain';
import { insertUser } from '../auth/users';
import type { ConnectOptions, Core, CoreClient } from '../core';
import type { Db } from '../db/open';
import { silentLogger } from '../support/log';
import { ADMIN, TEST_KDF_COST, unwrap } from '../test-support/fixtures';
import { addPasswordSlot, unlockWithPassword } from '../vault/vault';
import { openWorkspace } from '../workspace';

export const STAFF_PASSWORD = 'violet tundra marmalade 42';

/** Opens the clinic's database on a second connection (as the administrator) for setup or checks. */
export async function withDatabase<T>(dataDir: string, fn: (db: Db, keys: Awaited<ReturnType<typeof unlockWithPassword>>) => Promise<T> | T): Promise<T> {
  const keys = await unlockWithPassword(dataDir, ADMIN.username, ADMIN.password);
  const workspace = await openWorkspace(dataDir, keys, silentLogger);
  try {
    return await fn(workspace.db, workspace.keys);
  } finally {
    workspace.close();
  }
}

/** Adds one staff member per entry (username → role), all with STAFF_PASSWORD. */
export async function addStaff(dataDir: string, staff: Readonly<Record<string, Role>>, at = new Date()): Promise<Record<string, UserSummary>> {
  return withDatabase(dataDir, async (db, keys) => {
    const out: Record<string, UserSummary> = {};
    for (const [username, role] of Object.entries(staff)) {
      out[username] = insertUser(db, at, { username, displayName: `Test ${username}`, role });
      await addPasswordSlot(dataDir, keys, username, STAFF_PASSWORD, TEST_KDF_COST);
    }
    return out;
  });
}

/** A new client of this core, signed in as the given staff member (`local`: as the CLI is). */
export async function signedIn(core: Core, username: string, password = STAFF_PASSWORD, options: ConnectOptions = {}): Promise<CoreClient> {
  const client = core.connect(options);
  unwrap(await client.api.session.signIn({ username, password }));
  return client;
}

/** One of each role besides the administrator that setup creates. */
export const ONE_OF_EACH: Readonly<Record<string, Role>> = {
  clin: 'clinician',
  photo: 'photographer',
  desk: 'front_desk',
  privacy: 'privacy_officer',
};
