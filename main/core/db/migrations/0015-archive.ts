import type { Migration } from './index';

/**
 * The off-site archive (docs/archive.md): one S3-compatible bucket per workstation
 * (`archive_settings`, a single row; the secret access key in a column of this SQLCipher database,
 * so encrypted at rest under the vault), the archive outbox (`archive_objects`, one row per sealed
 * blob file, with the multipart upload id and finished parts so a restart continues), and the
 * snapshots taken (`archive_snapshots`). A trigger queues every new blob row in the transaction
 * that inserts it, so whatever commits a blob (photo, thumbnail, document) has its upload queued;
 * nothing is queued while no archive is configured (a later configuration backfills).
 */
export const m0015Archive: Migration = {
  version: 15,
  name: 'archive',
  up(db) {
    db.exec(`
      CREATE TABLE archive_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        endpoint TEXT NOT NULL,
        region TEXT NOT NULL,
        bucket TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        path_style INTEGER NOT NULL CHECK (path_style IN (0,1)),
        access_key_id TEXT NOT NULL,
        secret_access_key TEXT NOT NULL,
        worm INTEGER NOT NULL DEFAULT 0 CHECK (worm IN (0,1)),
        keep_daily INTEGER NOT NULL DEFAULT 7 CHECK (keep_daily >= 1),
        keep_weekly INTEGER NOT NULL DEFAULT 4 CHECK (keep_weekly >= 0),
        keep_monthly INTEGER NOT NULL DEFAULT 12 CHECK (keep_monthly >= 0),
        probe_json TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
        updated_at TEXT NOT NULL,
        updated_by TEXT REFERENCES users(id)
      );
      CREATE TABLE archive_objects (
        blob_id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('queued','uploading','verified','failed')),
        upload_id TEXT,
        parts_json TEXT,
        byte_size INTEGER,
        sha256 TEXT,
        etag TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        queued_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX archive_objects_state ON archive_objects (state, queued_at);
      CREATE TABLE archive_snapshots (
        id TEXT PRIMARY KEY,
        taken_at TEXT NOT NULL,
        objects INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        audit_seq INTEGER NOT NULL
      );
      CREATE TRIGGER archive_queue_blob AFTER INSERT ON blobs
        WHEN EXISTS (SELECT 1 FROM archive_settings WHERE enabled = 1)
      BEGIN
        INSERT OR IGNORE INTO archive_objects (blob_id, state, queued_at, updated_at) VALUES (NEW.id, 'queued', NEW.created_at, NEW.created_at);
      END;
    `);
  },
};
