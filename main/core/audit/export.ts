// The audit log as JSON Lines for an auditor: a header (format, algorithms, public keys), every
// record in order with its hashes, every stored checkpoint after the record it covers, and a final
// checkpoint of kind "export" signed at export time over the last record. verifyAuditExport checks
// such a file with nothing but the file: no vault, no database.
import { z } from 'zod';
import type { Db } from '../db/open';
import { CHECKPOINT_INTERVAL, signHead, workstationIdOf } from './audit';
import { HASH_BYTES } from './canonical';
import { ChainVerifier, checkpointsOf, publicKeysOf, RECORD_COLUMNS, rowToRecord, runVerification, verifyFailure, type StoredCheckpoint, type StoredRecord, type VerifyReport } from './verify';

export const EXPORT_FORMAT = 'clinic-photo-audit-log';
export const EXPORT_VERSION = 1;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const KeyId = hex(32);
const IsoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

const HeaderLine = z
  .object({
    type: z.literal('header'),
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    hashAlgorithm: z.literal('SHA-256'),
    signatureAlgorithm: z.literal('Ed25519'),
    checkpointInterval: z.number().int().min(1),
    workstationId: z.string(),
    exportedAt: IsoInstant,
    exportedBy: z.string().nullable(),
    keys: z.array(z.object({ keyId: KeyId, publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) }).strict()).min(1),
  })
  .strict();

const RecordLine = z
  .object({
    type: z.literal('record'),
    seq: z.number().int().min(1),
    at: z.string(),
    workstationId: z.string(),
    userId: z.string().nullable(),
    action: z.string(),
    outcome: z.string(),
    patientId: z.string().nullable(),
    photoId: z.string().nullable(),
    reason: z.string(),
    detail: z.string(),
    prevHash: hex(HASH_BYTES),
    hash: hex(HASH_BYTES),
  })
  .strict();

const CheckpointLine = z
  .object({
    type: z.literal('checkpoint'),
    seq: z.number().int().min(1),
    at: z.string(),
    kind: z.enum(['interval', 'session-end', 'export']),
    workstationId: z.string(),
    keyId: KeyId,
    headHash: hex(HASH_BYTES),
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  })
  .strict();

const recordLine = (r: StoredRecord): string =>
  JSON.stringify({
    type: 'record',
    seq: r.seq,
    at: r.at,
    workstationId: r.workstationId,
    userId: r.userId,
    action: r.action,
    outcome: r.outcome,
    patientId: r.patientId,
    photoId: r.photoId,
    reason: r.reason,
    detail: r.detail,
    prevHash: r.prevHash.toString('hex'),
    hash: r.hash.toString('hex'),
  });

const checkpointLine = (c: StoredCheckpoint): string =>
  JSON.stringify({
    type: 'checkpoint',
    seq: c.seq,
    at: c.at,
    kind: c.kind,
    workstationId: c.workstationId,
    keyId: c.keyId,
    headHash: c.headHash.toString('hex'),
    signature: c.signature.toString('base64'),
  });

/** The whole log as JSON Lines (each line ends with "\n"). */
export function exportAuditLog(db: Db, at: Date, exportedBy: string | null): string {
  const keys = [...publicKeysOf(db)].map(([keyId, publicKey]) => ({ keyId, publicKey: publicKey.toString('base64') }));
  const header = {
    type: 'header',
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    hashAlgorithm: 'SHA-256',
    signatureAlgorithm: 'Ed25519',
    checkpointInterval: CHECKPOINT_INTERVAL,
    workstationId: workstationIdOf(db),
    exportedAt: at.toISOString(),
    exportedBy,
    keys,
  };
  const lines = [JSON.stringify(header)];
  const checkpoints = checkpointsOf(db);
  const final = db.transaction(() => {
    let next = 0;
    for (const row of db.prepare(`SELECT ${RECORD_COLUMNS} FROM audit_events ORDER BY seq`).iterate() as IterableIterator<Parameters<typeof rowToRecord>[0]>) {
      lines.push(recordLine(rowToRecord(row)));
      while (next < checkpoints.length && checkpoints[next]!.seq <= row.seq) lines.push(checkpointLine(checkpoints[next++]!));
    }
    // Signed in the same read transaction, so it covers exactly the last record written above.
    return signHead(db, at, 'export');
  })();
  if (final) lines.push(checkpointLine({ ...final, headHash: Buffer.from(final.headHash), signature: final.signature }));
  return `${lines.join('\n')}\n`;
}

export interface ExportVerifyReport extends VerifyReport {
  readonly exportedAt: string | null;
  readonly workstationId: string | null;
}

/** Verifies an export file's text offline. Line numbers are 1-based. */
export function verifyAuditExport(text: string, expectKeyId?: string): ExportVerifyReport {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const fail = (line: number, message: string): ExportVerifyReport => ({
    ok: false,
    records: 0,
    checkpoints: 0,
    lastSeq: 0,
    lastSignedSeq: 0,
    headHash: '',
    keyIds: [],
    exportedAt: null,
    workstationId: null,
    problem: { seq: null, line, message },
  });
  const parseJson = (i: number): unknown => {
    try {
      return JSON.parse(lines[i]!) as unknown;
    } catch {
      return undefined;
    }
  };
  if (lines.length === 0) return fail(1, 'line 1: the file is empty');
  const header = HeaderLine.safeParse(parseJson(0));
  if (!header.success) return fail(1, 'line 1: not an audit export header of a known format and version');
  const keys = new Map(header.data.keys.map((k) => [k.keyId, Buffer.from(k.publicKey, 'base64')]));
  if (expectKeyId && !keys.has(expectKeyId)) return fail(1, `line 1: the export is not signed with the expected key ${expectKeyId}`);

  const verifier = new ChainVerifier(keys, header.data.checkpointInterval);
  let lastLineKind: string | null = null;
  const report = runVerification(verifier, (v) => {
    for (let i = 1; i < lines.length; i++) {
      const line = i + 1;
      const value = parseJson(i) as { type?: unknown } | undefined;
      if (value?.type === 'record') {
        const r = RecordLine.safeParse(value);
        if (!r.success) throw lineError(line, 'a record line with missing, extra or malformed fields');
        v.record({ ...r.data, prevHash: Buffer.from(r.data.prevHash, 'hex'), hash: Buffer.from(r.data.hash, 'hex') }, line);
        lastLineKind = 'record';
      } else if (value?.type === 'checkpoint') {
        const c = CheckpointLine.safeParse(value);
        if (!c.success) throw lineError(line, 'a checkpoint line with missing, extra or malformed fields');
        if (c.data.kind === 'export' && i !== lines.length - 1) throw lineError(line, 'an export checkpoint that is not the last line: lines were added after it');
        v.checkpoint({ ...c.data, headHash: Buffer.from(c.data.headHash, 'hex'), signature: Buffer.from(c.data.signature, 'base64') }, line);
        lastLineKind = c.data.kind === 'export' ? 'export' : 'checkpoint';
      } else {
        throw lineError(line, 'not a record or checkpoint line (malformed JSON or unknown type)');
      }
    }
    v.finish(true, lines.length);
    if (lastLineKind !== 'export') throw lineError(lines.length, 'the file does not end with its export checkpoint: it was cut short');
  });
  return { ...report, exportedAt: header.data.exportedAt, workstationId: header.data.workstationId };
}

const lineError = (line: number, what: string): Error => verifyFailure(null, line, what);
