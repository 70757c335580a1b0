// Child process for the rotation kill test: opens the workspace as the administrator (finishing
// any rotation a previous kill interrupted), then rotates the keys again and again, announcing
// each step on stdout synchronously so the parent can SIGKILL it at a chosen point. With a second
// argument, the child stops for good at the first step of that name (after announcing it), so a
// kill lands exactly between that step and the next.
import { writeSync } from 'node:fs';
import { silentLogger } from '../../support/log';
import { ADMIN, TEST_KDF_COST } from '../../test-support/fixtures';
import { unlockWithPassword } from '../../vault/vault';
import { openWorkspace } from '../../workspace';
import { rotateKeys } from '../rotate';

const [dataDir, hangAt] = process.argv.slice(2) as [string, string | undefined];
const say = (line: string): void => void writeSync(1, `${line}\n`);
const ws = await openWorkspace(dataDir, await unlockWithPassword(dataDir, ADMIN.username, ADMIN.password), silentLogger);
say('ready');
for (let round = 1; ; round++) {
  const done = await rotateKeys(ws, {
    username: ADMIN.username,
    password: ADMIN.password,
    cost: TEST_KDF_COST,
    protector: null,
    now: new Date(),
    probe: (step) => {
      say(`step ${step}`);
      // The interval keeps the process alive while it waits for its kill.
      if (step === hangAt) return new Promise<void>(() => setInterval(() => undefined, 60_000));
    },
  });
  say(`rotated ${done.keyVersion}`);
}
