// Offline verification of an audit export (docs/audit-log.md, "Verifying an export"), with
// nothing but the file's bytes. The checks run in the documented order and the first failure is
// reported with its 1-based line, so an independent verifier written from the document reaches
// the same verdict on the same line.
import type { CheckpointKind } from './canonical';
import { CheckpointLine, EXPORT_FORMAT, EXPORT_VERSION, HeaderLine, RecordLine, TrailerLine, trailerPayload, type Header } from './export-format';
import { keyIdOf, publicKeyFromRaw, verifyPayload } from './signing';
import { ChainVerifier, runVerification, verifyFailure, type VerifyReport } from './verify';

export interface ExportVerifyReport extends VerifyReport {
  /** Header facts, given only when the whole file verified (they are signed by the trailer). */
  readonly exportedAt: string | null;
  readonly exportedBy: string | null;
  readonly workstationId: string | null;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's lines as byte ranges: each ends before its "\n"; a last line without one is kept. */
function splitLines(bytes: Buffer): Array<{ start: number; end: number }> {
  const lines: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    lines.push({ start, end });
    start = end + 1;
  }
  if (start < bytes.length) lines.push({ start, end: bytes.length });
  return lines;
}

/** Verifies an export file offline. Line numbers are 1-based. */
export function verifyAuditExport(file: Uint8Array | string, expectKeyId?: string): ExportVerifyReport {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const lines = splitLines(bytes);
  const n = lines.length;
  const parse = (index: number): unknown => {
    const { start, end } = lines[index]!;
    try {
      return JSON.parse(utf8.decode(bytes.subarray(start, end))) as unknown;
    } catch {
      return undefined;
    }
  };
  const fail = (line: number, message: string, partial?: VerifyReport): ExportVerifyReport => ({
    ...(partial ?? { ok: false, records: 0, checkpoints: 0, lastSeq: 0, lastSignedSeq: 0, headHash: '', keyIds: [] }),
    ok: false,
    exportedAt: null,
    exportedBy: null,
    workstationId: null,
    problem: { seq: partial?.problem?.seq ?? null, line, message: `line ${line}: ${message}` },
  });

  // 1. The header.
  if (n === 0) return fail(1, 'the file is empty');
  const first = parse(0) as { format?: unknown; version?: unknown } | undefined;
  if (first?.format === EXPORT_FORMAT && first.version === 1) {
    return fail(1, 'export format version 1 is not supported by this verifier (its header and lines are not signed): export the log again with this version');
  }
  const parsed = HeaderLine.safeParse(first);
  if (!parsed.success) return fail(1, `not an audit export header of format ${EXPORT_FORMAT} version ${EXPORT_VERSION}`);
  const header: Header = parsed.data;

  // 2. The keys: each id is the SHA-256 of its public key, and an expected key is among them.
  const keys = new Map<string, Buffer>();
  for (const [i, k] of header.keys.entries()) {
    const raw = Buffer.from(k.publicKey, 'base64');
    if (keyIdOf(raw) !== k.keyId) return fail(1, `key ${i + 1}'s id ${k.keyId} is not the SHA-256 of its public key`);
    if (keys.has(k.keyId)) return fail(1, `key ${k.keyId} is listed twice`);
    keys.set(k.keyId, raw);
  }
  if (expectKeyId !== undefined && !keys.has(expectKeyId)) return fail(1, `the export is not signed with the expected key ${expectKeyId}`);

  // 3. The last line is the trailer.
  const trailer = n >= 2 ? TrailerLine.safeParse(parse(n - 1)) : null;
  if (!trailer?.success) return fail(n + (n === 1 ? 1 : 0), 'the file does not end with its signed trailer: it was cut short or lines were added after it');

  // 4. Lines 2 … n−1: records and checkpoints, chained and signed.
  const verifier = new ChainVerifier(keys, expectKeyId ?? null);
  let lastKind: CheckpointKind | 'record' | null = null;
  const body = runVerification(verifier, (v) => {
    for (let i = 1; i < n - 1; i++) {
      const line = i + 1;
      const value = parse(i) as { type?: unknown } | undefined;
      if (value?.type === 'record') {
        const r = RecordLine.safeParse(value);
        if (!r.success) throw verifyFailure(null, line, 'a record line with missing, extra or malformed fields');
        v.record({ ...r.data, prevHash: Buffer.from(r.data.prevHash, 'hex'), hash: Buffer.from(r.data.hash, 'hex') }, line);
        lastKind = 'record';
      } else if (value?.type === 'checkpoint') {
        const c = CheckpointLine.safeParse(value);
        if (!c.success) throw verifyFailure(null, line, 'a checkpoint line with missing, extra or malformed fields');
        if (c.data.kind === 'export' && line !== n - 1) throw verifyFailure(c.data.seq, line, 'an export checkpoint that is not the line before the trailer');
        v.checkpoint({ ...c.data, headHash: Buffer.from(c.data.headHash, 'hex'), signature: Buffer.from(c.data.signature, 'base64') }, line);
        lastKind = c.data.kind;
      } else {
        throw verifyFailure(null, line, 'not a record or checkpoint line (malformed JSON or unknown type)');
      }
    }
    v.finish(false);
  });
  if (!body.ok) return { ...body, exportedAt: null, exportedBy: null, workstationId: null };
  if (lastKind !== 'export') return fail(n, 'the line before the trailer is not the export checkpoint: the file was cut short', body);

  // 5. The trailer's signature over every byte before it, by a listed (and, if given, the expected) key.
  const { keyId, signature } = trailer.data;
  const key = keys.get(keyId);
  if (!key) return fail(n, `the trailer is signed by an unknown key ${keyId}`, body);
  if (expectKeyId !== undefined && keyId !== expectKeyId) return fail(n, `the trailer is signed by key ${keyId}, not the expected key ${expectKeyId}`, body);
  const signed = bytes.subarray(0, lines[n - 1]!.start);
  if (!verifyPayload(publicKeyFromRaw(key), trailerPayload(signed, keyId), Buffer.from(signature, 'base64'))) {
    return fail(n, 'the trailer signature does not match the file: a line was edited, dropped, duplicated, reordered or inserted, or the header was changed', body);
  }
  const keyIds = body.keyIds.includes(keyId) ? body.keyIds : [...body.keyIds, keyId];
  return { ...body, keyIds, exportedAt: header.exportedAt, exportedBy: header.exportedBy, workstationId: header.workstationId };
}
