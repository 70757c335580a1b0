// Child process for the kill test: signs in and imports photos in a loop, printing each photo id
// only after ingest returned (i.e. after its transaction committed). The parent kills it at a
// random instant.
import { readFile } from 'node:fs/promises';
import { createCore } from '../core';
import { silentLogger } from '../support/log';
import { ADMIN, TEST_KDF_COST } from './fixtures';
import { importPhoto } from './fixtures';

const [dataDir, imagePath, mrn] = process.argv.slice(2) as [string, string, string];
const core = createCore({ dataDir, log: silentLogger, kdfCost: TEST_KDF_COST });
const client = core.connect({ local: true });
const signedIn = await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password });
if (!signedIn.ok) throw new Error(signedIn.error.code);
const bytes = await readFile(imagePath);
process.stdout.write('ready\n');
for (;;) {
  const id = await importPhoto(client, { mrn, bytes, device: 'kill-test' });
  process.stdout.write(`ok ${id}\n`);
}
