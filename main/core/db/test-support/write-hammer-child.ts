// A second writer on a workstation's database, as the sync worker or a CLI run beside the app is:
// it commits small IMMEDIATE transactions back to back for the given time, then prints how many.
// Usage: node --import tsx write-hammer-child.ts DATA_DIR MILLISECONDS
import { withDatabase } from '../../access/test-staff';

const [dataDir, ms] = process.argv.slice(2);
const commits = await withDatabase(dataDir!, (db) => {
  db.pragma('synchronous = NORMAL'); // as the worker's connection
  db.exec('CREATE TABLE IF NOT EXISTS contention_probe (n INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO contention_probe (n) VALUES (?)');
  const step = db.transaction((n: number) => insert.run(n));
  process.stdout.write('ready\n');
  const until = Date.now() + Number(ms); // from ready: unlocking the vault takes its own time
  let n = 0;
  while (Date.now() < until) step.immediate(n++);
  return n;
});
process.stdout.write(`${commits}\n`);
