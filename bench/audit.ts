// `npm run bench -- audit`: verification of a 100,000-record audit log in a real SQLCipher file
// (read every row, re-serialise, re-hash, check links, sequence and every Ed25519 checkpoint)
// against a bare SHA-256 chain over the same serialised records held in memory, in the same run.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { recordAudit } from '../main/core/audit/audit';
import { serializeRecord } from '../main/core/audit/canonical';
import { RECORD_COLUMNS, rowToRecord, verifyAuditDatabase } from '../main/core/audit/verify';
import { closeDatabase, openDatabase } from '../main/core/db/open';
import { randomKey } from '../main/core/vault/aead';
import { report, timeRuns } from './stats';

const RECORDS = 100_000;

export async function benchAudit(runs: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-audit-'));
  const db = openDatabase(path.join(dir, 'clinic.db'), randomKey());
  try {
    const user = 'a'.repeat(32);
    const patient = 'c'.repeat(32);
    const t0 = Date.parse('2026-01-05T08:00:00.000Z');
    const fillStart = performance.now();
    db.transaction(() => {
      for (let i = 0; i < RECORDS; i++) {
        recordAudit(db, new Date(t0 + i * 1000), { userId: user, action: i % 3 ? 'photo.view' : 'patient.view', outcome: 'success', patientId: patient, photoId: i % 3 ? 'd'.repeat(32) : null });
      }
    })();
    console.log(`audit: wrote ${RECORDS} records in ${(performance.now() - fillStart).toFixed(0)} ms`);

    const serialised = (db.prepare(`SELECT ${RECORD_COLUMNS} FROM audit_events ORDER BY seq`).all() as Array<Parameters<typeof rowToRecord>[0]>).map((row) => {
      const r = rowToRecord(row);
      return serializeRecord(r.prevHash, r);
    });
    const baseline = await timeRuns(runs, async () => {
      let last = Buffer.alloc(0);
      for (const bytes of serialised) last = createHash('sha256').update(bytes).digest();
      if (last.length !== 32) throw new Error('unreachable');
    });
    const subject = await timeRuns(runs, async () => {
      const result = verifyAuditDatabase(db);
      if (!result.ok || result.records !== RECORDS) throw new Error(`verification failed: ${result.problem?.message ?? 'count'}`);
    });
    report(`audit verify (${RECORDS} records, SQLCipher) vs bare SHA-256 chain`, subject, baseline);
  } finally {
    closeDatabase(db);
    await rm(dir, { recursive: true, force: true });
  }
}
