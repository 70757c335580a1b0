// Child process for the takeover test: a second process on the data directory that runs the real
// sync worker (in its main thread, the thread's own code, so that a spawn stays cheap) and queues
// one photo for delivery the way ingest does, then wakes its worker so that it claims the photo
// itself. It prints "claimed" once its worker holds the row; the parent then kills it, or writes
// "exit" on its stdin, after which the worker stops the way the app's does (grace, cut, give back)
// and the process prints "stopped <released>" and exits 0.
import { MessageChannel } from 'node:worker_threads';
import path from 'node:path';
import { closeDatabase, openDatabase } from '../db/open';
import { ADMIN } from '../test-support/fixtures';
import { unlockWithPassword } from '../vault/vault';
import { DATABASE_FILE } from '../workspace';
import { enqueueDeliveries } from './outbox';
import { runSyncWorker, type FromWorker, type ToWorker } from './worker-thread';

const [dataDir, photoId, leaseMs, pollMs, stopGraceMs] = process.argv.slice(2) as [string, string, string, string, string];
const keys = await unlockWithPassword(dataDir, ADMIN.username, ADMIN.password);
const databaseFile = path.join(dataDir, DATABASE_FILE);
const owner = `${process.pid}-takeover-child`;
const db = openDatabase(databaseFile, keys.databaseKey);

const { port1, port2 } = new MessageChannel();
runSyncWorker(port2, {
  dataDir,
  databaseFile,
  pollMs: Number(pollMs),
  concurrency: 2,
  retry: { baseMs: 50, capMs: 400, maxAttempts: 1000 },
  owner,
  leaseMs: Number(leaseMs),
  stopGraceMs: Number(stopGraceMs),
});
const copy = (b: Buffer) => new Uint8Array(b).buffer;
port1.postMessage({ type: 'start', databaseKey: copy(keys.databaseKey), keks: [{ version: keys.blobKek.version, key: copy(keys.blobKek.key) }], currentKekVersion: keys.blobKek.version } satisfies ToWorker);
port1.on('message', (m: FromWorker) => {
  if (m.type === 'started') {
    db.transaction(() => enqueueDeliveries(db, photoId, new Date())).immediate();
    port1.postMessage({ type: 'kick' } satisfies ToWorker);
  } else if (m.type === 'stopped') {
    process.stdout.write(`stopped ${m.released}\n`);
    closeDatabase(db);
    keys.wipe();
    process.exit(0);
  }
});

const claimed = db.prepare('SELECT count(*) FROM deliveries WHERE claimed_by = ?').pluck();
const watch = setInterval(() => {
  if ((claimed.get(owner) as number) > 0) {
    process.stdout.write('claimed\n');
    clearInterval(watch);
  }
}, 5);

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (text.includes('exit')) port1.postMessage({ type: 'stop' } satisfies ToWorker);
});
