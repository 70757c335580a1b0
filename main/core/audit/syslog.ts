// Optional forwarding of audit records (and checkpoints, which anchors them outside this machine)
// to a syslog collector: RFC 5424 messages over TLS with RFC 5425 octet-counted framing, as IHE
// ATNA expects. TLS verification is always on against the CA certificate the administrator gave.
// A delivery cursor in the database makes delivery ordered and resumable across restarts and
// collector outages: it advances only after a batch has been written and the connection closed
// cleanly, so nothing is skipped; a connection that breaks mid-batch is re-sent from the cursor
// (the collector can drop repeats by seq and hash).
import { X509Certificate } from 'node:crypto';
import os from 'node:os';
import tls from 'node:tls';
import { isIP } from 'node:net';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { onAuditAppended } from './audit';
import { checkpointsOf, RECORD_COLUMNS, rowToRecord, type StoredCheckpoint, type StoredRecord } from './verify';

export interface ForwardingRow {
  enabled: number;
  host: string;
  port: number;
  ca_pem: string;
  cursor_seq: number;
  last_error: string;
  last_attempt_at: string | null;
  last_delivered_at: string | null;
}

export const readForwarding = (db: Db): ForwardingRow => db.prepare('SELECT * FROM audit_forwarding WHERE id = 1').get() as ForwardingRow;

/** The CA's subject, or null when the PEM is not one X.509 certificate. */
export function caSubject(pem: string): string | null {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) return null;
  try {
    return new X509Certificate(pem).subject.replace(/\n/g, ', ');
  } catch {
    return null;
  }
}

export function forwardingStatus(db: Db) {
  const f = readForwarding(db);
  const lastSeq = (db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number | null) ?? 0;
  return {
    enabled: f.enabled === 1,
    host: f.host,
    port: f.port,
    caSubject: f.ca_pem ? caSubject(f.ca_pem) : null,
    deliveredSeq: f.cursor_seq,
    lastSeq,
    lastError: f.last_error,
    lastDeliveredAt: f.last_delivered_at,
  };
}

export interface ForwardingInput {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: number;
  /** Empty keeps the stored CA certificate. */
  readonly caPem: string;
}

/**
 * Saves the collector settings. Enabling needs a host and a CA certificate. A new collector starts
 * from the next record; the cursor is kept when only the CA or the switch changes.
 */
export function saveForwarding(db: Db, input: ForwardingInput): void {
  const current = readForwarding(db);
  const caPem = input.caPem.trim() === '' ? current.ca_pem : input.caPem.trim();
  if (input.caPem.trim() !== '' && caSubject(caPem) === null) {
    throw new CoreError('VALIDATION_FAILED', 'Some fields need attention.', { caPem: 'must be a PEM-encoded X.509 certificate' });
  }
  if (input.enabled && input.host === '') throw new CoreError('VALIDATION_FAILED', 'Some fields need attention.', { host: 'is required to forward' });
  if (input.enabled && caPem === '') throw new CoreError('VALIDATION_FAILED', 'Some fields need attention.', { caPem: 'is required to verify the collector' });
  const collectorChanged = input.host !== current.host || input.port !== current.port;
  const lastSeq = (db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number | null) ?? 0;
  db.prepare('UPDATE audit_forwarding SET enabled = ?, host = ?, port = ?, ca_pem = ?, cursor_seq = ?, last_error = ? WHERE id = 1').run(
    input.enabled ? 1 : 0,
    input.host,
    input.port,
    caPem,
    collectorChanged ? lastSeq : current.cursor_seq,
    collectorChanged ? '' : current.last_error,
  );
}

// RFC 5424 §6: PRINTUSASCII without spaces for header fields; SD-PARAM values escape " \ ].
const headerField = (s: string, max: number) => s.replace(/[^\x21-\x7e]/g, '').slice(0, max) || '-';
const sdValue = (s: string | number | null) => String(s ?? '').replace(/[\\"\]]/g, (c) => `\\${c}`);
/** Example private enterprise number reserved for documentation (RFC 5612). */
export const SD_ID = 'cpw-audit@32473';
const APP_NAME = 'clinic-photo';
/** facility 10 (security/authorization, authpriv): notice for successes, warning otherwise. */
const pri = (outcome: string) => 10 * 8 + (outcome === 'success' ? 5 : 4);

export function syslogRecord(r: StoredRecord, hostname: string): string {
  const sd = `[${SD_ID} seq="${r.seq}" ws="${sdValue(r.workstationId)}" user="${sdValue(r.userId)}" action="${sdValue(r.action)}" outcome="${sdValue(r.outcome)}" patient="${sdValue(r.patientId)}" photo="${sdValue(r.photoId)}" hash="${r.hash.toString('hex')}"]`;
  const body = JSON.stringify({ type: 'record', seq: r.seq, at: r.at, workstationId: r.workstationId, userId: r.userId, action: r.action, outcome: r.outcome, patientId: r.patientId, photoId: r.photoId, reason: r.reason, detail: r.detail, prevHash: r.prevHash.toString('hex'), hash: r.hash.toString('hex') });
  return `<${pri(r.outcome)}>1 ${r.at} ${headerField(hostname, 255)} ${APP_NAME} ${process.pid} AUDIT ${sd} ${body}`;
}

export function syslogCheckpoint(c: StoredCheckpoint, hostname: string): string {
  const sd = `[${SD_ID} seq="${c.seq}" ws="${sdValue(c.workstationId)}" kind="${c.kind}" key="${c.keyId}" hash="${c.headHash.toString('hex')}"]`;
  const body = JSON.stringify({ type: 'checkpoint', seq: c.seq, at: c.at, kind: c.kind, workstationId: c.workstationId, keyId: c.keyId, headHash: c.headHash.toString('hex'), signature: c.signature.toString('base64') });
  return `<${pri('success')}>1 ${c.at} ${headerField(hostname, 255)} ${APP_NAME} ${process.pid} CHECKPOINT ${sd} ${body}`;
}

/** RFC 5425 §4.3 / RFC 6587 §3.4.1: MSG-LEN SP SYSLOG-MSG, the length in octets. */
export const octetCounted = (message: string): Buffer => {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
};

export interface ForwardOptions {
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  readonly hostname?: string;
  readonly now?: () => Date;
}

function connect(host: string, port: number, ca: string, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, ca, servername: isIP(host) ? undefined : host, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const write = (socket: tls.TLSSocket, data: Buffer) =>
  new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));

function closeCleanly(socket: tls.TLSSocket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('close timeout'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}

const errorCode = (error: unknown): string => {
  const e = error as { code?: unknown; name?: unknown };
  return typeof e?.code === 'string' ? e.code : String(e?.name ?? 'Error');
};

/**
 * Sends every record after the cursor (with the checkpoints that cover them), in order, and
 * advances the cursor batch by batch. Returns how many records were delivered; records an error
 * code (never a message, which could echo values) when the collector cannot be reached.
 */
export async function forwardPending(db: Db, options: ForwardOptions = {}): Promise<{ delivered: number; error: string | null }> {
  const f = readForwarding(db);
  if (f.enabled !== 1 || !f.host || !f.ca_pem) return { delivered: 0, error: null };
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 500;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const hostname = options.hostname ?? os.hostname();
  const setCursor = db.prepare('UPDATE audit_forwarding SET cursor_seq = ?, last_error = ?, last_attempt_at = ?, last_delivered_at = ? WHERE id = 1 AND cursor_seq = ?');
  const setError = db.prepare('UPDATE audit_forwarding SET last_error = ?, last_attempt_at = ? WHERE id = 1');
  const select = db.prepare(`SELECT ${RECORD_COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?`);
  let cursor = f.cursor_seq;
  let delivered = 0;
  try {
    for (;;) {
      if (!db.open) break;
      const rows = (select.all(cursor, batchSize) as Array<Parameters<typeof rowToRecord>[0]>).map(rowToRecord);
      if (rows.length === 0) break;
      const last = rows.at(-1)!.seq;
      const checkpoints = checkpointsOf(db).filter((c) => c.seq > cursor && c.seq <= last && c.kind !== 'export');
      const socket = await connect(f.host, f.port, f.ca_pem, timeoutMs);
      try {
        let next = 0;
        for (const r of rows) {
          await write(socket, octetCounted(syslogRecord(r, hostname)));
          while (next < checkpoints.length && checkpoints[next]!.seq === r.seq) await write(socket, octetCounted(syslogCheckpoint(checkpoints[next++]!, hostname)));
        }
        await closeCleanly(socket, timeoutMs);
      } catch (error) {
        socket.destroy();
        throw error;
      }
      if (!db.open) break;
      const at = now().toISOString();
      // Guarded by the old cursor: a second forwarder on the same database cannot move it back.
      if (setCursor.run(last, '', at, at, cursor).changes !== 1) break;
      delivered += rows.length;
      cursor = last;
    }
    return { delivered, error: null };
  } catch (error) {
    const code = errorCode(error);
    if (db.open) setError.run(code, now().toISOString());
    return { delivered, error: code };
  }
}

/**
 * Forwards in the background after records are appended, one run at a time per database, retrying
 * with back-off while the collector is unreachable. Timers never keep the process alive; a CLI run
 * that ends first leaves the rest to the next run (the cursor is in the database).
 */
const running = new WeakMap<Db, { busy: boolean; again: boolean; retryMs: number; timer: NodeJS.Timeout | null }>();
let installed = false;

export function installAutoForwarding(): void {
  if (installed) return;
  installed = true;
  onAuditAppended((db) => scheduleForwarding(db, 50));
}

function scheduleForwarding(db: Db, delayMs: number): void {
  let state = running.get(db);
  if (!state) {
    state = { busy: false, again: false, retryMs: 5_000, timer: null };
    running.set(db, state);
  }
  if (state.busy) {
    state.again = true;
    return;
  }
  if (state.timer) return;
  const s = state;
  s.timer = setTimeout(() => {
    s.timer = null;
    if (!db.open || readForwarding(db).enabled !== 1) return;
    s.busy = true;
    void forwardPending(db).then(({ error }) => {
      s.busy = false;
      if (error) {
        const wait = s.retryMs;
        s.retryMs = Math.min(s.retryMs * 2, 5 * 60_000);
        scheduleForwarding(db, wait);
      } else {
        s.retryMs = 5_000;
        if (s.again) {
          s.again = false;
          scheduleForwarding(db, 50);
        }
      }
    });
  }, delayMs);
  s.timer.unref();
}
