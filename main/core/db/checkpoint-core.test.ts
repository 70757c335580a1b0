// The core as the app and the CLI run it: its connection's log is checkpointed by the checkpointer
// thread while a clinic works (no delivery target, so no sync worker is running), and a core that
// closes (a CLI command's process) leaves the database checkpointed, with an empty or no log.
import { openSync, readSync, closeSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initializedClinic, unwrap } from '../test-support/fixtures';
import { DATABASE_FILE } from '../workspace';

let clinic: Awaited<ReturnType<typeof initializedClinic>> | null = null;
afterEach(async () => {
  await clinic?.dispose();
  clinic = null;
});

const wal = (dir: string) => path.join(dir, `${DATABASE_FILE}-wal`);
/** The log header's first salt: SQLite changes it each time the log starts over after a complete checkpoint. */
function walSalt(dir: string): number {
  const fd = openSync(wal(dir), 'r');
  try {
    const header = Buffer.alloc(32);
    return readSync(fd, header, 0, 32, 0) === 32 ? header.readUInt32BE(16) : -1;
  } finally {
    closeSync(fd);
  }
}

describe('checkpoints of a working core', () => {
  it('are made by the checkpointer thread, not by the commits (a few pages each, far below any threshold)', async () => {
    clinic = await initializedClinic({ sync: { checkpointMs: 50 } });
    const { client, dir } = clinic;
    const salt = walSalt(dir);
    // Each registration is an audited commit of a few pages; the log starts over once the thread
    // has copied it back. Without the thread, nothing would checkpoint until 1000 pages.
    let registered = 0;
    for (const until = Date.now() + 15_000; walSalt(dir) === salt && Date.now() < until; registered++) {
      unwrap(await client.api.patients.register({ mrn: `CK-${registered}`, familyName: 'Checkpoint', givenName: `Pat ${registered}`, birthDate: '1970-01-01', sex: 'U' }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(walSalt(dir)).not.toBe(salt);
    expect(registered).toBeGreaterThan(0);
    const last = `CK-${registered - 1}`;
    expect(unwrap(await client.api.patients.search({ query: last, limit: 5 })).patients[0]?.mrn).toBe(last);
  }, 60_000);

  it('leave a closed core (a CLI command) with its log copied back and emptied', async () => {
    clinic = await initializedClinic();
    const { client, core, dir } = clinic;
    for (let i = 0; i < 20; i++) unwrap(await client.api.patients.register({ mrn: `CL-${i}`, familyName: 'Closing', givenName: `Pat ${i}`, birthDate: '1970-01-01', sex: 'U' }));
    expect(statSync(wal(dir)).size).toBeGreaterThan(0);
    await client.disconnect();
    await core.close();
    expect(existsSync(wal(dir)) ? statSync(wal(dir)).size : 0).toBe(0);
  }, 60_000);
});
