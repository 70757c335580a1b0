// Anomaly rules on a real database: failed-login bursts (known and unknown accounts), break-glass
// with its reason, mass export, bursts merged into one anomaly; and CSV cell quoting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_THRESHOLDS } from '../../../shared/channels/audit';
import type { Db } from '../db/open';
import { findAnomalies } from './anomalies';
import { recordAudit, type AuditEvent } from './audit';
import { csvCell } from './query';
import { auditTestDb, PATIENT, USER_A, USER_B } from './test-db';

let db: Db;
beforeEach(() => (db = auditTestDb()));
afterEach(() => db.close());

const at = (h: number, m: number, s = 0) => new Date(2026, 2, 4, h, m, s); // a Wednesday, local time
const add = (when: Date, e: AuditEvent) => recordAudit(db, when, e);
const range = () => findAnomalies(db, at(0, 0).toISOString(), new Date(2026, 2, 5).toISOString(), DEFAULT_AUDIT_THRESHOLDS).anomalies;

describe('anomalies', () => {
  it('finds a burst of failed sign-ins, but not the same number spread out', () => {
    for (let i = 0; i < 5; i++) add(at(9, i), { userId: USER_A, action: 'session.sign-in', outcome: 'failure' });
    for (let i = 0; i < 5; i++) add(at(11, i * 20), { userId: USER_B, action: 'session.sign-in', outcome: 'failure' });
    for (let i = 0; i < 6; i++) add(at(10, 0, i), { userId: null, action: 'session.sign-in', outcome: 'failure' });
    const failed = range().filter((a) => a.kind === 'failed-logins');
    expect(failed.map((a) => [a.userId, a.count])).toEqual([
      [null, 6],
      [USER_A, 5],
    ]);
  });

  it('lists every break-glass with its reason, and merges one export spree into one anomaly', () => {
    add(at(9, 30), { userId: USER_B, action: 'access.break-glass', outcome: 'success', patientId: PATIENT, reason: 'ER transfer' });
    for (let i = 0; i < 25; i++) add(at(14, 0, i * 10), { userId: USER_A, action: 'photo.export', outcome: 'success', patientId: PATIENT });
    const all = range();
    expect(all.filter((a) => a.kind === 'break-glass')).toEqual([expect.objectContaining({ userId: USER_B, username: 'ben', patientId: PATIENT, reason: 'ER transfer' })]);
    expect(all.filter((a) => a.kind === 'mass-export')).toEqual([expect.objectContaining({ userId: USER_A, count: 25 })]);
    expect(all.filter((a) => a.kind === 'after-hours')).toEqual([]);
  });

  it('counts MRN look-ups, found or not or refused, towards mass viewing', () => {
    for (let i = 0; i < 50; i++) {
      const outcome = i % 3 === 0 ? 'success' : i % 3 === 1 ? 'failure' : 'denied';
      add(at(10, 0, i), { userId: USER_A, action: 'patient.lookup', outcome, patientId: outcome === 'success' ? PATIENT : null });
    }
    for (let i = 0; i < 49; i++) add(at(11, 0, i), { userId: USER_B, action: 'patient.lookup', outcome: 'failure' });
    expect(range().filter((a) => a.kind === 'mass-view').map((a) => [a.userId, a.count])).toEqual([[USER_A, 50]]);
  });

  it('flags patient access after hours and at weekends, once per user and day', () => {
    add(at(6, 59), { userId: USER_A, action: 'patient.view', outcome: 'success', patientId: PATIENT });
    add(at(19, 0), { userId: USER_A, action: 'photo.view', outcome: 'success', patientId: PATIENT });
    add(at(12, 0), { userId: USER_A, action: 'photo.view', outcome: 'success', patientId: PATIENT });
    add(new Date(2026, 2, 7, 12, 0), { userId: USER_B, action: 'photo.view', outcome: 'success', patientId: PATIENT }); // Saturday
    const found = findAnomalies(db, at(0, 0).toISOString(), new Date(2026, 2, 9).toISOString(), DEFAULT_AUDIT_THRESHOLDS).anomalies.filter((a) => a.kind === 'after-hours');
    expect(found.map((a) => [a.userId, a.count])).toEqual([
      [USER_B, 1],
      [USER_A, 2],
    ]);
  });
});

describe('csvCell', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
  });

  it.each([
    ['a leading space', ' =1+1'],
    ['several leading spaces', '   +A1'],
    ['a no-break space (U+00A0)', '\u00A0=1+1'],
    ['an ideographic space (U+3000)', '\u3000@SUM(A1)'],
    ['a zero-width space', '\u200B=1+1'],
    ['a byte-order mark', '\uFEFF-2+3'],
    ['a full-width equals (U+FF1D)', '\uFF1D1+1'],
    ['a full-width plus (U+FF0B)', '\uFF0B1'],
    ['a full-width minus (U+FF0D)', '\uFF0D1'],
    ['a full-width at (U+FF20)', '\uFF20SUM(A1)'],
    ['a pipe (DDE)', "|cmd' /C calc'!A0"],
    ['a full-width pipe', '\uFF5Ccmd'],
    ['a space before a pipe', ' |cmd'],
    ['a leading tab', '\tx'],
    ['a leading carriage return', '\r=1'],
    ['a leading line feed', '\n=1'],
  ])('defuses a formula behind %s', (_name, text) => {
    const cell = csvCell(text);
    // The apostrophe is the first character of the cell's value (inside the quotes, if any).
    expect(cell.startsWith("'") || cell.startsWith('"\'')).toBe(true);
    expect(cell.replace(/^"'|^'/, '').replace(/"$/, '').replace(/""/g, '"')).toBe(text);
  });

  it.each([['plain text'], ['a = b'], ['Smith-Jones'], ['photo.view'], ['2026-03-09T12:00:00Z'], ['   ']])('leaves %j as it is', (text) => {
    expect(csvCell(text)).toBe(text);
  });
});
