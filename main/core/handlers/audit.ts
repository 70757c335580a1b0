// The privacy officer's use-cases: search, CSV and verifiable exports, verification, anomalies,
// thresholds and syslog forwarding. Reading the audit log is itself audited.
import { CoreError } from '../../../shared/errors';
import { auditSigningKeyOf, workstationIdOf } from '../audit/audit';
import { findAnomalies, readThresholds, saveThresholds } from '../audit/anomalies';
import { exportAuditLog } from '../audit/export';
import { auditCsv, searchAudit, type AuditQuery } from '../audit/query';
import { fingerprintOf } from '../audit/signing';
import { forwardingStatus, installAutoForwarding, saveForwarding } from '../audit/syslog';
import { verifyAuditDatabase } from '../audit/verify';
import type { Db } from '../db/open';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { writeTransaction } from '../db/write';

/** Start of a local calendar day (the workstation's time zone) as an ISO instant. */
export function localDayStart(isoDate: string, plusDays = 0): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

const localIsoDate = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

interface Filters {
  username?: string | undefined;
  mrn?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function toQuery(db: Db, f: Filters): AuditQuery {
  const fields: Record<string, string> = {};
  let userId: string | null = null;
  let patientId: string | null = null;
  if (f.username) {
    userId = (db.prepare('SELECT id FROM users WHERE username = ? COLLATE NOCASE').pluck().get(f.username) as string | undefined) ?? null;
    if (!userId) fields.username = 'No staff member has this username';
  }
  if (f.mrn) {
    patientId = (db.prepare('SELECT id FROM patients WHERE mrn = ?').pluck().get(f.mrn) as string | undefined) ?? null;
    if (!patientId) fields.mrn = 'No patient has this MRN';
  }
  if (f.from && f.to && f.from > f.to) fields.to = 'must not be before the start date';
  if (Object.keys(fields).length > 0) throw new CoreError('VALIDATION_FAILED', 'Some fields need attention.', fields);
  return {
    userId,
    patientId,
    action: f.action || null,
    outcome: f.outcome ?? null,
    fromAt: f.from ? localDayStart(f.from) : null,
    toAt: f.to ? localDayStart(f.to, 1) : null,
  };
}

const filterDetail = (f: Filters): string =>
  ['username', 'mrn', 'action', 'outcome', 'from', 'to'].filter((k) => f[k as keyof Filters]).join('+') || 'all';

export const auditHandlers = (s: CoreServices): Handlers['audit'] => {
  installAutoForwarding();
  return {
    search(ctx, req) {
      const { db } = s.workspace();
      const user = s.actor(ctx).user;
      const query = toQuery(db, req);
      s.audit({ userId: user.id, action: 'audit.search', outcome: 'success', patientId: query.patientId, detail: `filters=${filterDetail(req)}` });
      const { rows, total } = searchAudit(db, query, req.page, req.pageSize);
      return { records: rows, total, page: req.page, pageSize: req.pageSize };
    },
    exportCsv(ctx, req) {
      const { db } = s.workspace();
      const user = s.actor(ctx).user;
      const query = toQuery(db, req);
      const { csv, rows, truncated } = auditCsv(db, query);
      s.audit({ userId: user.id, action: 'audit.export-csv', outcome: 'success', patientId: query.patientId, detail: `filters=${filterDetail(req)} rows=${rows}` });
      return { fileName: `audit-${localIsoDate(s.clock())}.csv`, csv, rows, truncated };
    },
    exportLog(ctx) {
      const { db } = s.workspace();
      const user = s.actor(ctx).user;
      // Recorded first, so the export contains (and signs) its own record.
      s.audit({ userId: user.id, action: 'audit.export-log', outcome: 'success' });
      const content = exportAuditLog(db, s.clock(), user.id);
      const records = (db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number) ?? 0;
      return { fileName: `audit-log-${localIsoDate(s.clock())}.jsonl`, content, records, keyId: auditSigningKeyOf(db).keyId };
    },
    verify(ctx) {
      const { db } = s.workspace();
      const report = verifyAuditDatabase(db);
      s.audit({ userId: s.actor(ctx).user.id, action: 'audit.verify', outcome: report.ok ? 'success' : 'failure', detail: report.ok ? `records=${report.records}` : `first-bad=${report.problem?.seq ?? 'log'}` });
      return {
        ok: report.ok,
        records: report.records,
        checkpoints: report.checkpoints,
        lastSeq: report.lastSeq,
        lastSignedSeq: report.lastSignedSeq,
        headHash: report.headHash,
        problem: report.problem && { seq: report.problem.seq, message: report.problem.message },
      };
    },
    anomalies(ctx, req) {
      const { db } = s.workspace();
      const to = req.to ?? localIsoDate(s.clock());
      const from = req.from ?? localIsoDate(new Date(s.clock().getTime() - 30 * 86_400_000));
      if (from > to) throw new CoreError('VALIDATION_FAILED', 'Some fields need attention.', { to: 'must not be before the start date' });
      s.audit({ userId: s.actor(ctx).user.id, action: 'audit.anomalies', outcome: 'success' });
      const found = findAnomalies(db, localDayStart(from), localDayStart(to, 1), readThresholds(db));
      return { ...found, from, to };
    },
    settings() {
      const { db } = s.workspace();
      const key = auditSigningKeyOf(db);
      const createdAt = db.prepare('SELECT created_at FROM audit_signing_keys WHERE key_id = ?').pluck().get(key.keyId) as string;
      return {
        thresholds: readThresholds(db),
        workstationId: workstationIdOf(db),
        signingKey: { keyId: key.keyId, fingerprint: fingerprintOf(key.keyId), publicKey: key.publicKey.toString('base64'), createdAt },
        forwarding: forwardingStatus(db),
      };
    },
    saveThresholds(ctx, req) {
      const { db } = s.workspace();
      const user = s.actor(ctx).user;
      return writeTransaction(db, () => {
        const saved = saveThresholds(db, req.thresholds, s.clock(), user.id);
        s.audit({ userId: user.id, action: 'audit.thresholds-change', outcome: 'success' });
        return saved;
      });
    },
    saveForwarding(ctx, req) {
      const { db } = s.workspace();
      const user = s.actor(ctx).user;
      writeTransaction(db, () => {
        saveForwarding(db, req);
        s.audit({ userId: user.id, action: 'audit.forwarding-change', outcome: 'success', detail: req.enabled ? 'enabled' : 'disabled' });
      });
      return forwardingStatus(db);
    },
  };
};
