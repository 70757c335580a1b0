// Export files verified offline: an intact export passes; every edit, dropped, duplicated,
// reordered or inserted line, a cut-off end, a swapped key and a foreign signature fail, naming
// the line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { CHECKPOINT_INTERVAL, recordAudit } from './audit';
import { attackerKey, parseLines, reseal } from './export-attacks';
import { exportAuditLog, verifyAuditExport } from './export';
import { auditTestDb, PATIENT, USER_A } from './test-db';

let db: Db;
let text: string;
let lines: string[];
const t0 = Date.parse('2026-03-02T09:00:00.000Z');

beforeAll(() => {
  db = auditTestDb();
  for (let i = 0; i < CHECKPOINT_INTERVAL + 20; i++) {
    recordAudit(db, new Date(t0 + i * 1000), { userId: USER_A, action: i === 100 ? 'session.sign-out' : 'photo.view', outcome: 'success', patientId: PATIENT, reason: i === 7 ? 'emergency, "quoted"' : '' });
  }
  text = exportAuditLog(db, new Date(t0 + 3_600_000), USER_A);
  lines = text.trimEnd().split('\n');
});
afterAll(() => db.close());

const withLines = (ls: readonly string[]) => `${ls.join('\n')}\n`;
const verify = (ls: readonly string[]) => verifyAuditExport(withLines(ls));
const lineOf = (pred: (o: Record<string, unknown>) => boolean) => lines.findIndex((l) => pred(JSON.parse(l) as Record<string, unknown>));
const edit = (i: number, change: (o: Record<string, unknown>) => void) => {
  const copy = [...lines];
  const o = JSON.parse(copy[i]!) as Record<string, unknown>;
  change(o);
  copy[i] = JSON.stringify(o);
  return copy;
};

describe('audit export', () => {
  it('has a header, every record, every checkpoint, and ends with a signed export checkpoint', () => {
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(header).toMatchObject({ type: 'header', format: 'clinic-photo-audit-log', version: 2, hashAlgorithm: 'SHA-256', signatureAlgorithm: 'Ed25519', checkpointInterval: 256 });
    const types = lines.map((l) => (JSON.parse(l) as { type: string; kind?: string }).kind ?? (JSON.parse(l) as { type: string }).type);
    expect(types.filter((t) => t === 'record')).toHaveLength(CHECKPOINT_INTERVAL + 20);
    expect(types.filter((t) => t === 'session-end' || t === 'interval')).toHaveLength(2);
    expect(types.slice(-2)).toEqual(['export', 'trailer']);
    const report = verifyAuditExport(text);
    expect(report).toMatchObject({ ok: true, records: CHECKPOINT_INTERVAL + 20, checkpoints: 3, problem: null });
  });

  it('verifies with the expected key and refuses another', () => {
    const keyId = (JSON.parse(lines[0]!) as { keys: Array<{ keyId: string }> }).keys[0]!.keyId;
    expect(verifyAuditExport(text, keyId).ok).toBe(true);
    expect(verifyAuditExport(text, '0'.repeat(64)).problem?.message).toMatch(/^line 1: .*expected key/);
  });

  const rec = (seq: number) => lineOf((o) => o.type === 'record' && o.seq === seq);

  it.each([
    ['action', 'patient.view'],
    ['userId', null],
    ['patientId', 'd'.repeat(32)],
    ['at', '2026-03-02T09:00:40.000Z'],
    ['reason', 'routine'],
    ['detail', 'x'],
    ['outcome', 'denied'],
  ])('catches an edited %s, naming the line', (field, value) => {
    const i = rec(42);
    const report = verify(edit(i, (o) => (o[field] = value)));
    expect(report.ok).toBe(false);
    expect(report.problem?.message).toMatch(new RegExp(`^line ${i + 1}: record 42 `));
  });

  it('catches a dropped record line', () => {
    const i = rec(42);
    const report = verify(lines.filter((_, j) => j !== i));
    expect(report.problem?.message).toMatch(new RegExp(`^line ${i + 1}: record 43 follows record 41: record 42 is missing`));
  });

  it('catches a duplicated and a swapped pair of lines', () => {
    const i = rec(42);
    const dup = [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)];
    expect(verify(dup).problem?.message).toMatch(new RegExp(`^line ${i + 2}: record 42 appears after record 42`));
    const swapped = [...lines];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    expect(verify(swapped).problem?.message).toMatch(new RegExp(`^line ${i + 1}: record 43 follows record 41`));
  });

  it('catches an inserted line whose own hashes are consistent', () => {
    const i = rec(42);
    const copy = edit(i, (o) => (o.detail = 'inserted'));
    const inserted = [...lines.slice(0, i), copy[i]!, ...lines.slice(i)];
    expect(verify(inserted).ok).toBe(false);
    expect(verify([...lines.slice(0, 3), '{"type":"note"}', ...lines.slice(3)]).problem?.message).toBe('line 4: not a record or checkpoint line (malformed JSON or unknown type)');
    expect(verify([...lines.slice(0, 3), '', ...lines.slice(3)]).problem?.line).toBe(4);
  });

  it('catches a file cut short, even at an earlier checkpoint, and lines after the end', () => {
    expect(verify(lines.slice(0, -1)).problem?.message).toBe(`line ${lines.length - 1}: the file does not end with its signed trailer: it was cut short or lines were added after it`);
    expect(verify([...lines.slice(0, -2), lines.at(-1)!]).problem?.message).toBe(`line ${lines.length - 1}: the line before the trailer is not the export checkpoint: the file was cut short`);
    const sessionEnd = lineOf((o) => o.kind === 'session-end');
    expect(verify(lines.slice(0, sessionEnd + 1)).problem?.message).toMatch(/does not end with its signed trailer/);
    expect(verify([...lines, lines[1]!]).ok).toBe(false);
    expect(verify(lines.slice(0, 1)).ok).toBe(false);
    expect(verifyAuditExport('').problem?.message).toBe('line 1: the file is empty');
  });

  it('catches a dropped first record, a dropped checkpoint and an edited header', () => {
    expect(verify([lines[0]!, ...lines.slice(2)]).problem?.message).toMatch(/^line 2: record 2 follows record 0/);
    const interval = lineOf((o) => o.kind === 'interval');
    expect(verify(lines.filter((_, j) => j !== interval)).problem?.message).toMatch(new RegExp(`^line ${interval}: record ${CHECKPOINT_INTERVAL}: its interval checkpoint is missing`));
    expect(verify(edit(0, (o) => (o.version = 3))).problem?.message).toMatch(/^line 1: not an audit export header/);
    // The interval is the format's constant: a header asking for another is refused, not obeyed.
    expect(verify(edit(0, (o) => (o.checkpointInterval = 1))).problem?.message).toMatch(/^line 1: not an audit export header/);
  });

  it('catches an altered checkpoint and one re-signed with a foreign key', () => {
    const cp = lineOf((o) => o.kind === 'session-end');
    expect(verify(edit(cp, (o) => (o.at = '2026-03-03T00:00:00.000Z'))).problem?.message).toMatch(new RegExp(`^line ${cp + 1}: checkpoint at record 101 has an invalid signature`));
    // An attacker swaps in their own key and re-signs everything: the file is consistent, but the
    // key is not the clinic's, which --expect-key (and the printed fingerprint) exposes.
    const attacker = attackerKey();
    const forged = reseal(
      parseLines(text).map((o, j) => (j === 0 ? { ...o, keys: [{ keyId: attacker.keyId, publicKey: attacker.publicKey }] } : o)),
      attacker,
    );
    expect(verifyAuditExport(forged)).toMatchObject({ ok: true, keyIds: [attacker.keyId] });
    const realKey = (JSON.parse(lines[0]!) as { keys: Array<{ keyId: string }> }).keys[0]!.keyId;
    expect(verifyAuditExport(forged, realKey).problem?.message).toMatch(/expected key/);
  });
});
