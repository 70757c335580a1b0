// Where the write-ahead log is checkpointed: not inside the core's COMMITs (SQLite's automatic
// checkpoint at 1000 pages ran on the main thread) but by the checkpointer thread, with the core's
// connection taking over only past a large fallback size, and a close that leaves the log empty.
// Observed on the real files: the -wal file's size (it grows until the log restarts from its
// start) and its header's salt (new at every restart, which follows a complete checkpoint).
import { randomBytes } from 'node:crypto';
import { openSync, readSync, closeSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../support/log';
import { tempDir } from '../test-support/fixtures';
import { Checkpointer } from './checkpointer';
import type { FromCheckpointer } from './checkpoint-thread';
import { closeDatabase, FALLBACK_CHECKPOINT_PAGES, openDatabase, type Db } from './open';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
const key = randomBytes(32);
const open: Db[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('cpw-ckpt-'));
  file = path.join(dir, 'clinic.db');
});
afterEach(async () => {
  for (const db of open.splice(0)) closeDatabase(db);
  await cleanup();
});

const openTracked = (): Db => {
  const db = openDatabase(file, key);
  db.exec('CREATE TABLE IF NOT EXISTS scratch (x BLOB)');
  open.push(db);
  return db;
};

const PAGE = 4096;
/** A frame of the log: a page and its 24-byte header. */
const FRAME = PAGE + 24;
const walSize = (): number => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
/** The log header's first salt: SQLite changes it each time the log starts over. */
function walSalt(): number {
  const fd = openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(32);
    return readSync(fd, header, 0, 32, 0) === 32 ? header.readUInt32BE(16) : -1;
  } finally {
    closeSync(fd);
  }
}
/** Commits that each append about `pages` pages to the log (a blob that fills overflow pages). */
function writePages(db: Db, commits: number, pages = 500): void {
  const insert = db.prepare('INSERT INTO scratch (x) VALUES (randomblob(?))');
  for (let i = 0; i < commits; i++) insert.run(pages * (PAGE - 8));
}

function nextMessage(cp: Checkpointer, wanted: (m: FromCheckpointer) => boolean): Promise<FromCheckpointer> {
  return new Promise((resolve) => {
    const off = cp.onMessage((m) => {
      if (!wanted(m)) return;
      off();
      resolve(m);
    });
  });
}

describe('the core connection and the write-ahead log', () => {
  it('does not checkpoint inside its own commits below the fallback size', () => {
    const db = openTracked();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_CHECKPOINT_PAGES);
    writePages(db, 3);
    // Past SQLite's default 1000 pages the log would have started over and stayed ~1000 frames long.
    expect(walSize()).toBeGreaterThan(1400 * FRAME);
  });

  it('checkpoints itself past the fallback size when no checkpointer runs: the log stays bounded', () => {
    const db = openTracked();
    writePages(db, Math.ceil((FALLBACK_CHECKPOINT_PAGES * 1.5) / 500));
    expect(walSize()).toBeLessThan((FALLBACK_CHECKPOINT_PAGES + 2 * 500 + 50) * FRAME);
    expect(db.prepare('SELECT count(*) AS n FROM scratch').get()).toEqual({ n: Math.ceil((FALLBACK_CHECKPOINT_PAGES * 1.5) / 500) });
  });

  it('leaves an empty log at close even while another connection is still open', () => {
    const db = openTracked();
    const other = openTracked();
    writePages(db, 2);
    expect(walSize()).toBeGreaterThan(900 * FRAME);
    closeDatabase(db);
    expect(walSize()).toBe(0);
    expect(other.prepare('SELECT count(*) AS n FROM scratch').get()).toEqual({ n: 2 });
  });
});

describe('the checkpointer thread', () => {
  it('copies the log back so that the next commit starts it over, and stops cleanly', async () => {
    const db = openTracked();
    writePages(db, 3);
    const grown = walSize();
    const salt = walSalt();
    const cp = new Checkpointer({ log: silentLogger, everyMs: 20 });
    try {
      const copied = nextMessage(cp, (m) => m.type === 'checkpointed' && m.copied === m.walFrames);
      cp.start(file, db, key);
      expect(await copied).toMatchObject({ walFrames: expect.any(Number) as number });
      writePages(db, 3);
      // The log started over: a new salt, and the second 1500 pages reused the first ones' place.
      expect(walSalt()).not.toBe(salt);
      expect(walSize()).toBeLessThanOrEqual(grown + 10 * FRAME);
    } finally {
      await cp.stop();
    }
    expect(cp.running).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM scratch').get()).toEqual({ n: 6 });
  }, 30_000);

  it('reports a wrong key and stops, leaving the core connection working', async () => {
    const db = openTracked();
    const cp = new Checkpointer({ log: silentLogger, everyMs: 20 });
    const failed = nextMessage(cp, (m) => m.type === 'error');
    cp.start(file, db, randomBytes(32));
    expect(await failed).toEqual({ type: 'error', code: 'VAULT_CORRUPT' });
    await cp.stop();
    writePages(db, 1, 1);
    expect(db.prepare('SELECT count(*) AS n FROM scratch').get()).toEqual({ n: 1 });
  }, 30_000);
});
