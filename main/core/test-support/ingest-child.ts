// Child process for the kill test: signs in and imports photos in a loop, printing each photo id
// only after ingest returned (i.e. after its transaction committed). The parent kills it at a
// random instant. Each import is a distinct file (a counter in a JPEG comment).
import { randomUUID } from 'node:crypto';
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
const runId = randomUUID(); // every child run's files differ from the runs before
process.stdout.write('ready\n');
/** The same picture with a counter in a JPEG comment segment: a distinct file each time (imports refuse duplicates). */
const distinct = (n: number): Buffer => {
  const text = Buffer.from(`kill-test ${runId} ${n}`, 'latin1');
  const comment = Buffer.from([0xff, 0xfe, 0, 0]);
  comment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([bytes.subarray(0, 2), comment, text, bytes.subarray(2)]);
};
for (let n = 0; ; n++) {
  const id = await importPhoto(client, { mrn, bytes: distinct(n), device: 'kill-test' });
  process.stdout.write(`ok ${id}\n`);
}
