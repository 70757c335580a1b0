// Child process for the archive kill tests. Reads one JSON line from stdin (never argv: it holds
// the S3 secret and the recovery code), then either signs in and runs the archive (`archive`,
// printing its status so the parent can aim the kill while uploads are in flight) or restores
// into the given directory (`restore`), until the parent SIGKILLs it.
import { createInterface } from 'node:readline';
import type { ArchiveInput } from '../../../shared/channels/archive';
import { createCore } from '../core';
import { silentLogger } from '../support/log';
import { ADMIN, TEST_KDF_COST } from '../test-support/fixtures';
import { KILL_TEST_UPLOADS } from './test-uploads';

interface Job {
  mode: 'archive' | 'restore';
  dataDir: string;
  archive: ArchiveInput & { secretAccessKey: string };
  recoveryCode?: string;
}

const line = await new Promise<string>((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
const job = JSON.parse(line) as Job;
const core = createCore({ dataDir: job.dataDir, log: silentLogger, kdfCost: TEST_KDF_COST, archive: KILL_TEST_UPLOADS });
const client = core.connect({ local: true });

if (job.mode === 'archive') {
  const signedIn = await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password });
  if (!signedIn.ok) throw new Error(`sign-in: ${signedIn.error.code}`);
  process.stdout.write('ready\n');
  setInterval(() => {
    void client.api.archive.status({}).then((r) => {
      if (r.ok) process.stdout.write(`status ${r.value.verified} ${r.value.pending}\n`);
    });
  }, 20);
  const r = await client.api.archive.run({});
  process.stdout.write(r.ok ? 'done\n' : `failed ${r.error.code}\n`);
} else {
  process.stdout.write('ready\n');
  const r = await client.api.archive.restore({ ...job.archive, recoveryCode: job.recoveryCode ?? '' });
  process.stdout.write(r.ok ? 'done\n' : `failed ${r.error.code} ${r.error.message}\n`);
}
// Wait for the parent's kill; a run that finished first is reported as such.
setInterval(() => undefined, 1000);
