import type { Migration } from './index';

/**
 * DIMSE for clinics whose PACS has no DICOMweb, and the Modality Worklist (docs/interop.md,
 * "Modality Worklist" and "DIMSE C-STORE"):
 * - `delivery_targets.kind` may be `dimse`. SQLite cannot change a CHECK in place, so the table is
 *   rebuilt: its rows are set aside, the table dropped and recreated under its own name (so the
 *   foreign key of `deliveries` keeps pointing at it), and the rows put back; foreign keys are
 *   deferred meanwhile, and every delivery finds its target again before the commit checks them.
 *   The recreated table keeps migration 12's `purpose` column (the consent gate's purpose). Dropping
 *   it also runs the ON DELETE CASCADE of migration 13's SMART tables; they are empty here, since
 *   13 to 16 first ship together and so always run in one go.
 * - `dimse_targets`: the AE titles, TLS and the read-back method of a `dimse` target (host and
 *   port are its base_url, `dicom://host:port`); for storage commitment, the port this station
 *   listens on for the PACS's N-EVENT-REPORT.
 * - `worklist_settings`: the one worklist provider this station asks (single row, id = 1).
 * - `worklist_orders`: the order (accession, requested procedure, scheduled step) an encounter was
 *   opened from, which the DICOM and FHIR output carry.
 */
export const m0016DimseWorklist: Migration = {
  version: 16,
  name: 'dimse-worklist',
  up(db) {
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
      CREATE TEMP TABLE delivery_targets_kept AS SELECT * FROM delivery_targets;
      DROP TABLE delivery_targets;
      CREATE TABLE delivery_targets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('dicomweb','fhir','dimse')),
        base_url TEXT NOT NULL,
        auth_kind TEXT NOT NULL CHECK (auth_kind IN ('none','basic','bearer')),
        auth_username TEXT,
        auth_secret TEXT,
        pinned_ca_pem TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
        purpose TEXT NOT NULL DEFAULT 'clinical' CHECK (purpose IN ('clinical','education','publication','marketing','social','ai-training','third-party')),
        created_at TEXT NOT NULL,
        created_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      );
      INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, auth_username, auth_secret, pinned_ca_pem, enabled, purpose, created_at, created_by, updated_at)
        SELECT id, name, kind, base_url, auth_kind, auth_username, auth_secret, pinned_ca_pem, enabled, purpose, created_at, created_by, updated_at FROM delivery_targets_kept;
      DROP TABLE delivery_targets_kept;

      CREATE TABLE dimse_targets (
        target_id TEXT PRIMARY KEY REFERENCES delivery_targets(id),
        called_ae TEXT NOT NULL,
        calling_ae TEXT NOT NULL,
        tls INTEGER NOT NULL DEFAULT 0 CHECK (tls IN (0,1)),
        verification TEXT NOT NULL CHECK (verification IN ('commitment','find','store-status')),
        commitment_port INTEGER CHECK (commitment_port BETWEEN 1 AND 65535),
        CHECK (verification <> 'commitment' OR commitment_port IS NOT NULL)
      );

      CREATE TABLE worklist_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        called_ae TEXT NOT NULL,
        calling_ae TEXT NOT NULL,
        pinned_ca_pem TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT REFERENCES users(id)
      );

      CREATE TABLE worklist_orders (
        encounter_id TEXT PRIMARY KEY REFERENCES encounters(id),
        accession_number TEXT NOT NULL,
        requested_procedure_id TEXT NOT NULL DEFAULT '',
        requested_procedure_description TEXT NOT NULL DEFAULT '',
        scheduled_step_id TEXT NOT NULL DEFAULT '',
        scheduled_step_description TEXT NOT NULL DEFAULT '',
        scheduled_at TEXT,
        study_instance_uid TEXT,
        created_at TEXT NOT NULL
      );
    `);
  },
};
