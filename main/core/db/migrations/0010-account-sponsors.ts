import type { Migration } from './index';

/**
 * Separation of duties for the privacy officer's alerts (docs/access-control.md). Who created an
 * account, re-enabled it with a new initial password, or changed its role is its *sponsor*: a
 * privacy officer may not acknowledge alerts about a sponsor. `account_sponsors` records that,
 * backfilled from the audit trail (`user.create`, `user.enable` and `user.update` with a role change
 * carry `user=<id>` first in their detail). Alerts gain the kind `privacy-officer`: an account was
 * made a privacy officer (the alert is about the administrator who did it; `ref_id` is the account).
 * SQLite cannot widen a CHECK in place, so access_alerts is rebuilt with its rows and index.
 */
export const m0010AccountSponsors: Migration = {
  version: 10,
  name: 'account-sponsors',
  up(db) {
    db.exec(`
      CREATE TABLE account_sponsors (
        user_id TEXT NOT NULL REFERENCES users(id),
        sponsor_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL CHECK (kind IN ('create','enable','role')),
        at TEXT NOT NULL
      );
      CREATE INDEX account_sponsors_by_user ON account_sponsors (user_id, sponsor_id);

      INSERT INTO account_sponsors (user_id, sponsor_id, kind, at)
        SELECT substr(a.detail, 6, 32), a.user_id,
               CASE a.action WHEN 'user.create' THEN 'create' WHEN 'user.enable' THEN 'enable' ELSE 'role' END, a.at
        FROM audit_events a
        WHERE a.outcome = 'success' AND a.user_id IS NOT NULL AND a.detail LIKE 'user=%'
          AND (a.action IN ('user.create', 'user.enable') OR (a.action = 'user.update' AND a.detail LIKE '%;role=%'))
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = substr(a.detail, 6, 32))
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id)
        ORDER BY a.seq;

      CREATE TABLE access_alerts_new (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('break-glass','self-grant','privacy-officer')),
        raised_at TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id),
        patient_id TEXT REFERENCES patients(id),
        ref_id TEXT NOT NULL,
        acknowledged_at TEXT,
        acknowledged_by TEXT REFERENCES users(id)
      );
      INSERT INTO access_alerts_new SELECT id, kind, raised_at, user_id, patient_id, ref_id, acknowledged_at, acknowledged_by FROM access_alerts;
      DROP TABLE access_alerts;
      ALTER TABLE access_alerts_new RENAME TO access_alerts;
      CREATE INDEX access_alerts_by_raised ON access_alerts (raised_at);
    `);
  },
};
