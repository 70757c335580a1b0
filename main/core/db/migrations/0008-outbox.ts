import type { Migration } from './index';

/**
 * The delivery outbox (docs/architecture.md, "Delivery"): where photos go (`delivery_targets`) and
 * one row per photo × target (`deliveries`) written in the same transaction as the photo, so a
 * committed photo always has its deliveries queued. Target secrets (password, bearer token) live
 * in a column of this SQLCipher database, i.e. encrypted at rest under the vault; they are never
 * returned to the renderer. A discarded capture (retake prompt) takes its queued rows with it.
 */
export const m0008Outbox: Migration = {
  version: 8,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE delivery_targets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('dicomweb','fhir')),
        base_url TEXT NOT NULL,
        auth_kind TEXT NOT NULL CHECK (auth_kind IN ('none','basic','bearer')),
        auth_username TEXT,
        auth_secret TEXT,
        pinned_ca_pem TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
        created_at TEXT NOT NULL,
        created_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      );
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES delivery_targets(id),
        kind TEXT NOT NULL CHECK (kind IN ('dicom','fhir')),
        state TEXT NOT NULL CHECK (state IN ('queued','in_flight','delivered','verified','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        remote_id TEXT,
        sent_sha256 TEXT,
        verified_sha256 TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (photo_id, target_id)
      );
      CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
      CREATE INDEX deliveries_by_target ON deliveries (target_id, state);
    `);
  },
};
