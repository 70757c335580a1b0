// The tamper table for audit exports: every way someone without the workstation's signing key
// might edit an export, each refused by the app's verifier (with and without --expect-key as
// the case says), and the independent verifier written from docs/audit-log.md reaching the same
// verdict on the same line for every case and for the genuine files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { recordAudit } from './audit';
import { attackerKey, joinLines, parseLines, reseal, type AttackerKey, type Line } from './export-attacks';
import { exportAuditLog, verifyAuditExport } from './export';
import { independentlyVerifyExport } from './independent-export-verifier';
import { auditTestDb, PATIENT, USER_A } from './test-db';

let db: Db;
let text: string;
let lines: Line[];
let raw: string[];
let realKeyId: string;
let attacker: AttackerKey;
const RECORDS = 300;
const t0 = Date.parse('2026-03-02T09:00:00.000Z');

beforeAll(() => {
  db = auditTestDb();
  for (let i = 0; i < RECORDS; i++) {
    recordAudit(db, new Date(t0 + i * 1000), { userId: USER_A, action: i === 100 ? 'session.sign-out' : 'photo.view', outcome: 'success', patientId: PATIENT });
  }
  text = exportAuditLog(db, new Date(t0 + 3_600_000), USER_A);
  raw = text.trimEnd().split('\n');
  lines = parseLines(text);
  realKeyId = (lines[0]!.keys as Array<{ keyId: string }>)[0]!.keyId;
  attacker = attackerKey();
});
afterAll(() => db.close());

const indexOf = (pred: (o: Line) => boolean) => lines.findIndex(pred);
const kindIndex = (kind: string) => indexOf((o) => o.type === 'checkpoint' && o.kind === kind);
const recordIndex = (seq: number) => indexOf((o) => o.type === 'record' && o.seq === seq);
const withRaw = (change: (ls: string[]) => string[]) => joinLines(change([...raw]));
const editLine = (i: number, change: (o: Line) => void) =>
  withRaw((ls) => {
    const o = JSON.parse(ls[i]!) as Line;
    change(o);
    ls[i] = JSON.stringify(o);
    return ls;
  });
const dropAt = (i: number) => withRaw((ls) => ls.filter((_, j) => j !== i));
const duplicateAt = (i: number) => withRaw((ls) => [...ls.slice(0, i + 1), ls[i]!, ...ls.slice(i + 1)]);
/** Record 42's action changed: the "edit" each attacker below wants to hide. */
const edited = () => lines.map((o) => (o.type === 'record' && o.seq === 42 ? { ...o, action: 'patient.search' } : o));
const withKeys = (ls: Line[], keys: unknown) => ls.map((o, i) => (i === 0 ? { ...o, keys } : o));
const realKey = () => (lines[0]!.keys as unknown[])[0];
const attackerEntry = () => ({ keyId: attacker.keyId, publicKey: attacker.publicKey });

interface Case {
  readonly file: () => string;
  readonly expectKey?: 'real';
  readonly message: RegExp;
}

const CASES: Record<string, Case> = {
  "attacker's key listed beside the real one, every checkpoint and the trailer re-signed by it, --expect-key real": {
    file: () => reseal(withKeys(edited(), [realKey(), attackerEntry()]), attacker),
    expectKey: 'real',
    message: /checkpoint at record \d+ is signed by key [0-9a-f]{64}, not the expected key/,
  },
  "attacker's public key filed under the real key id": {
    file: () => reseal(withKeys(edited(), [{ keyId: realKeyId, publicKey: attacker.publicKey }]), attacker, realKeyId),
    message: /^line 1: key 1's id [0-9a-f]{64} is not the SHA-256 of its public key/,
  },
  "attacker's public key filed under the real key id, --expect-key real": {
    file: () => reseal(withKeys(edited(), [{ keyId: realKeyId, publicKey: attacker.publicKey }]), attacker, realKeyId),
    expectKey: 'real',
    message: /^line 1: key 1's id .* is not the SHA-256/,
  },
  "attacker's key only, everything re-signed, --expect-key real": {
    file: () => reseal(withKeys(edited(), [attackerEntry()]), attacker),
    expectKey: 'real',
    message: /^line 1: the export is not signed with the expected key/,
  },
  'every interval checkpoint deleted and checkpointInterval raised in the header': {
    file: () => joinLines(raw.filter((_, i) => lines[i]!.kind !== 'interval').map((l, i) => (i === 0 ? JSON.stringify({ ...lines[0], checkpointInterval: 1_000_000 }) : l))),
    message: /^line 1: not an audit export header/,
  },
  'every interval checkpoint deleted, interval raised, re-signed by an attacker key listed beside the real one, --expect-key real': {
    file: () => reseal(withKeys(edited(), [realKey(), attackerEntry()]).filter((o) => o.kind !== 'interval').map((o, i) => (i === 0 ? { ...o, checkpointInterval: 1_000_000 } : o)), attacker),
    expectKey: 'real',
    message: /^line 1: not an audit export header/,
  },
  'every interval checkpoint deleted, header untouched': {
    file: () => joinLines(raw.filter((_, i) => lines[i]!.kind !== 'interval')),
    message: /record 256: its interval checkpoint is missing/,
  },
  'a session-end checkpoint dropped': { file: () => dropAt(kindIndex('session-end')), message: /trailer signature does not match/ },
  'a session-end checkpoint duplicated': { file: () => duplicateAt(kindIndex('session-end')), message: /trailer signature does not match/ },
  'an interval checkpoint duplicated': { file: () => duplicateAt(kindIndex('interval')), message: /trailer signature does not match/ },
  'the export checkpoint duplicated': { file: () => duplicateAt(kindIndex('export')), message: /export checkpoint that is not the line before the trailer/ },
  'a record dropped': { file: () => dropAt(recordIndex(42)), message: /record 43 follows record 41/ },
  'a record duplicated': { file: () => duplicateAt(recordIndex(42)), message: /record 42 appears after record 42/ },
  'two records swapped': { file: () => withRaw((ls) => [...ls.slice(0, recordIndex(42)), ls[recordIndex(43)]!, ls[recordIndex(42)]!, ...ls.slice(recordIndex(43) + 1)]), message: /record 43 follows record 41/ },
  'a session-end checkpoint moved after the next record': {
    file: () =>
      withRaw((ls) => {
        const i = kindIndex('session-end');
        [ls[i], ls[i + 1]] = [ls[i + 1]!, ls[i]!];
        return ls;
      }),
    message: /checkpoint at record 101 is out of place/,
  },
  'the header duplicated': { file: () => duplicateAt(0), message: /^line 2: not a record or checkpoint line/ },
  'the header dropped': { file: () => dropAt(0), message: /^line 1: not an audit export header/ },
  'the export checkpoint dropped': { file: () => dropAt(kindIndex('export')), message: /the line before the trailer is not the export checkpoint/ },
  'the trailer duplicated': { file: () => duplicateAt(raw.length - 1), message: /an export checkpoint that is not the line before the trailer/ },
  'a record line rewritten with the same content (members reordered)': {
    file: () =>
      withRaw((ls) => {
        const i = recordIndex(42);
        ls[i] = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(ls[i]!) as Line).reverse()));
        return ls;
      }),
    message: /trailer signature does not match/,
  },
  "the header's exportedAt edited": { file: () => editLine(0, (o) => (o.exportedAt = '2027-01-01T00:00:00.000Z')), message: /trailer signature does not match/ },
  "the header's exportedBy edited": { file: () => editLine(0, (o) => (o.exportedBy = 'b'.repeat(32))), message: /trailer signature does not match/ },
  "the header's workstationId edited": { file: () => editLine(0, (o) => (o.workstationId = 'e'.repeat(32))), message: /trailer signature does not match/ },
  "an attacker's key added to the header, nothing else changed": { file: () => editLine(0, (o) => (o.keys = [realKey(), attackerEntry()])), message: /trailer signature does not match/ },
  'the last line dropped (cut short)': { file: () => withRaw((ls) => ls.slice(0, -1)), message: /does not end with its signed trailer/ },
  'cut short at the session-end checkpoint': { file: () => withRaw((ls) => ls.slice(0, kindIndex('session-end') + 1)), message: /does not end with its signed trailer/ },
  'a line added after the end': { file: () => withRaw((ls) => [...ls, ls[1]!]), message: /does not end with its signed trailer/ },
  'a blank line inserted': { file: () => withRaw((ls) => [...ls.slice(0, 3), '', ...ls.slice(3)]), message: /^line 4: not a record or checkpoint line/ },
  'line endings changed to CRLF': { file: () => text.replaceAll('\n', '\r\n'), message: /trailer signature does not match/ },
  'a version-1 file (no trailer, unsigned header)': {
    file: () => withRaw((ls) => [JSON.stringify({ ...lines[0], version: 1 }), ...ls.slice(1, -1)]),
    message: /^line 1: export format version 1 is not supported by this verifier/,
  },
};

const expectOf = (c: Case) => (c.expectKey === 'real' ? realKeyId : undefined);

describe('audit export tamper table', () => {
  it.each(Object.keys(CASES))('refuses: %s', (name) => {
    const c = CASES[name]!;
    const report = verifyAuditExport(c.file(), expectOf(c));
    expect(report.ok).toBe(false);
    expect(report.problem?.message).toMatch(c.message);
    expect(report.exportedAt).toBeNull();
  });

  it('accepts the genuine file, with and without the expected key, and names only the real key', () => {
    expect(verifyAuditExport(text)).toMatchObject({ ok: true, records: RECORDS, keyIds: [realKeyId], exportedBy: USER_A, problem: null });
    expect(verifyAuditExport(Buffer.from(text), realKeyId)).toMatchObject({ ok: true, keyIds: [realKeyId] });
    expect(verifyAuditExport(text.trimEnd()).ok).toBe(true);
  });

  it("names only the attacker's key for a file the attacker re-signed, even with the real key listed beside it", () => {
    // Without --expect-key a consistent forgery verifies (documented): the printed fingerprint is what gives it away.
    expect(verifyAuditExport(reseal(withKeys(edited(), [realKey(), attackerEntry()]), attacker)).keyIds).toEqual([attacker.keyId]);
    expect(verifyAuditExport(reseal(withKeys(edited(), [attackerEntry()]), attacker)).keyIds).toEqual([attacker.keyId]);
  });
});

describe('the independent verifier written from docs/audit-log.md', () => {
  const controls: Record<string, () => [string, string | undefined]> = {
    genuine: () => [text, undefined],
    'genuine, --expect-key real': () => [text, realKeyId],
    'genuine without the final newline': () => [text.trimEnd(), undefined],
    'attacker re-signed with their key beside the real one (no --expect-key)': () => [reseal(withKeys(edited(), [realKey(), attackerEntry()]), attacker), undefined],
    "attacker's key only (no --expect-key)": () => [reseal(withKeys(edited(), [attackerEntry()]), attacker), undefined],
  };
  const all = [
    ...Object.entries(CASES).map(([name, c]) => [name, () => [c.file(), expectOf(c)] as [string, string | undefined]] as const),
    ...Object.entries(controls),
  ];

  it.each(all)('agrees with the app on the verdict, the line and the signing keys: %s', async (_name, build) => {
    const [file, expectKey] = build();
    const app = verifyAuditExport(Buffer.from(file), expectKey);
    const independent = await independentlyVerifyExport(Buffer.from(file), expectKey);
    expect({ ok: independent.ok, line: independent.line, keys: independent.signedBy }).toEqual({ ok: app.ok, line: app.problem?.line ?? null, keys: app.ok ? app.keyIds : [] });
  });
});
