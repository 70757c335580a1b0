// The WAL checkpointer's thread: copies what the core's commits appended to the write-ahead log
// back into the database file, so the core's main thread never does it inside a COMMIT (open.ts
// sets the core's connections to checkpoint only past a large fallback size). It opens its own
// connection with the database key that arrives over the control MessagePort (never argv, env or
// workerData), wipes its copy of the key once the connection is open, and runs a PASSIVE
// checkpoint every `everyMs`: PASSIVE never waits for the core's readers or writers, and SQLite
// restarts the log from its start at the next commit once every frame has been copied.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openDatabase, type Db } from './open';

export interface CheckpointSettings {
  readonly databaseFile: string;
  readonly everyMs: number;
}

export type ToCheckpointer = { type: 'start'; databaseKey: ArrayBuffer } | { type: 'stop' };

/** `checkpointed`: a pass copied frames (`walFrames` in the log, `copied` of them now in the file). */
export type FromCheckpointer =
  | { type: 'started' }
  | { type: 'checkpointed'; walFrames: number; copied: number }
  | { type: 'stopped' }
  | { type: 'error'; code: string };

/** Passes per tick at most while the core keeps appending frames. */
const CHASE_ROUNDS = 4;

interface CheckpointRow {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

/** Runs the checkpointer on `port` (in a worker thread; tests may run it in their own thread). */
export function runCheckpointer(port: MessagePort, settings: CheckpointSettings): void {
  let db: Db | null = null;
  let timer: NodeJS.Timeout | null = null;
  let last = { log: 0, checkpointed: 0 };
  const post = (m: FromCheckpointer) => port.postMessage(m);

  const pass = () => {
    if (!db?.open) return;
    try {
      let row: CheckpointRow | undefined;
      // The log starts over only once every frame is copied: frames the core committed during a
      // pass are chased by a few more (each shorter), so that steady writing still lets it restart.
      for (let round = 0; round < CHASE_ROUNDS; round++) {
        [row] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
        if (!row || row.busy !== 0 || row.checkpointed >= row.log) break;
      }
      if (!row) return;
      // Only news is reported: a pass over a log already copied changes nothing.
      if (row.checkpointed > 0 && (row.log !== last.log || row.checkpointed !== last.checkpointed)) post({ type: 'checkpointed', walFrames: row.log, copied: row.checkpointed });
      last = row;
    } catch (error) {
      post({ type: 'error', code: (error as { code?: string }).code ?? 'CHECKPOINT_FAILED' });
    }
  };

  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    // A plain close: the core's connection, still open, is the one that tidies the log at its close.
    if (db?.open) db.close();
    db = null;
    post({ type: 'stopped' });
    port.close();
  };

  port.on('message', (msg: ToCheckpointer) => {
    if (msg.type === 'start' && !db && !timer) {
      const key = Buffer.from(msg.databaseKey);
      try {
        db = openDatabase(settings.databaseFile, key);
      } catch (error) {
        post({ type: 'error', code: (error as { code?: string }).code ?? 'START_FAILED' });
        stop();
        return;
      } finally {
        // SQLCipher keeps what it needs inside the connection: this copy is no longer needed.
        key.fill(0);
      }
      timer = setInterval(pass, settings.everyMs);
      post({ type: 'started' });
    } else if (msg.type === 'stop') {
      stop();
    }
  });
}

// In a worker thread, the control port is the first message; everything else arrives on it.
if (parentPort) parentPort.once('message', (msg: { port: MessagePort }) => runCheckpointer(msg.port, workerData as CheckpointSettings));
