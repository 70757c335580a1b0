// Lock-out with back-off after repeated failed sign-ins, per username, surviving restarts. The
// database is encrypted and closed until someone signs in, so the counters live in a small file
// beside it that holds no PHI: usernames appear only as a keyed digest (the key is random per
// file), failures as counts and times. Failures seen while the vault is closed are queued here and
// written into the audit log at the next unlock, with their original time.
import { createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../support/fs-atomic';

export const THROTTLE_FILE = 'sign-in-throttle.json';

/** Failures allowed before the first lock-out. */
export const FREE_ATTEMPTS = 5;
export const FIRST_LOCKOUT_MS = 60_000;
export const MAX_LOCKOUT_MS = 30 * 60_000;
/** Queued audit entries kept while the vault stays closed; older ones are dropped first. */
const MAX_QUEUED = 1000;

const Entry = z.object({ failures: z.number().int().min(0), lockedUntil: z.string().nullable(), lastFailureAt: z.string() });
const Queued = z.object({
  at: z.string(),
  userKey: z.string().regex(/^[0-9a-f]{64}$/),
  action: z.enum(['session.sign-in', 'session.lock-out', 'session.second-factor', 'session.unlock']),
  detail: z.string().max(64),
});
export type QueuedAuditEntry = z.infer<typeof Queued>;

const ThrottleFile = z.object({
  format: z.literal('clinic-photo-sign-in-throttle'),
  version: z.literal(1),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  users: z.record(z.string().regex(/^[0-9a-f]{64}$/), Entry),
  pendingAudit: z.array(Queued),
});
type ThrottleFile = z.infer<typeof ThrottleFile>;

export interface FailureOutcome {
  /** Set when this failure started (or extended) a lock-out. */
  readonly lockedUntil: Date | null;
  readonly failures: number;
}

/** Lock-out length after `failures` consecutive failures: 1 min at the 5th, doubling, capped. */
export function lockoutMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** (failures - FREE_ATTEMPTS));
}

export class SignInThrottle {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, THROTTLE_FILE);
  }

  /** When the username may try again, or null if it may try now. */
  async lockedUntil(username: string, now: Date): Promise<Date | null> {
    const state = await this.read();
    const entry = state.users[userKey(state, username)];
    if (!entry?.lockedUntil) return null;
    const until = new Date(entry.lockedUntil);
    return until > now ? until : null;
  }

  /** Counts a failure; when the vault is closed the audit entries are queued with their time. */
  recordFailure(username: string, at: Date, detail: string, queueAudit: boolean): Promise<FailureOutcome> {
    return this.update((state) => {
      const key = userKey(state, username);
      const failures = (state.users[key]?.failures ?? 0) + 1;
      const ms = lockoutMs(failures);
      const lockedUntil = ms > 0 ? new Date(at.getTime() + ms) : null;
      state.users[key] = { failures, lockedUntil: lockedUntil?.toISOString() ?? null, lastFailureAt: at.toISOString() };
      if (queueAudit) {
        state.pendingAudit.push({ at: at.toISOString(), userKey: key, action: 'session.sign-in', detail });
        if (lockedUntil) state.pendingAudit.push({ at: at.toISOString(), userKey: key, action: 'session.lock-out', detail: `failures=${failures}` });
        state.pendingAudit.splice(0, Math.max(0, state.pendingAudit.length - MAX_QUEUED));
      }
      return { lockedUntil, failures };
    });
  }

  /** Forgets a username's failures after a successful sign-in. */
  recordSuccess(username: string): Promise<void> {
    return this.update((state) => {
      delete state.users[userKey(state, username)];
    });
  }

  /**
   * Hands the queued audit entries to `write` (which records them in one transaction) and clears
   * them; `keyFor` gives a username's key so the writer can map entries back to user ids.
   */
  async drainQueuedAudit(write: (entries: ReadonlyArray<QueuedAuditEntry>, keyFor: (username: string) => string) => void): Promise<number> {
    return this.update((state) => {
      const entries = state.pendingAudit;
      if (entries.length === 0) return 0;
      write(entries, (username) => userKey(state, username));
      state.pendingAudit = [];
      return entries.length;
    });
  }

  private async read(): Promise<ThrottleFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fresh();
      throw error;
    }
    const parsed = ThrottleFile.safeParse(safeJson(text));
    // A damaged file starts the counters over rather than locking every account out for good;
    // anyone who can garble it can delete it just as well, and the audit keeps the history.
    return parsed.success ? parsed.data : fresh();
  }

  private update<T>(change: (state: ThrottleFile) => T): Promise<T> {
    const run = this.writes.then(async () => {
      const state = await this.read();
      const result = change(state);
      await fs.mkdir(this.dataDir, { recursive: true, mode: 0o700 });
      const { format, version, key, users, pendingAudit } = state;
      await writeFileAtomic(this.file, `${JSON.stringify({ format, version, key, users, pendingAudit })}\n`);
      return result;
    });
    this.writes = run.catch(() => undefined);
    return run;
  }
}

const fresh = (): ThrottleFile => ({ format: 'clinic-photo-sign-in-throttle', version: 1, key: randomBytes(32).toString('hex'), users: {}, pendingAudit: [] });

const userKey = (state: ThrottleFile, username: string): string =>
  createHmac('sha256', Buffer.from(state.key, 'hex')).update(username.trim().toLowerCase()).digest('hex');

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
