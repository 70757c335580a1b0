import type { Migration } from './index';

/**
 * SMART App Launch (docs/interop.md, "SMART App Launch"). `smart_clients`: the client id this
 * workstation is registered under at a FHIR target's authorization server (public native client,
 * no secret). `smart_tokens`: one staff member's tokens for one FHIR target, kept only here (the
 * SQLCipher database, sealed under the vault), refreshed before they expire and deleted (after
 * revocation at the server) when that member signs out. The endpoints are those discovered at
 * launch, kept so a refresh or revocation needs no second discovery. A token row dies with its
 * target or its user.
 */
export const m0013SmartLaunch: Migration = {
  version: 13,
  name: 'smart-launch',
  up(db) {
    db.exec(`
      CREATE TABLE smart_clients (
        target_id TEXT PRIMARY KEY REFERENCES delivery_targets(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE smart_tokens (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES delivery_targets(id) ON DELETE CASCADE,
        access_token TEXT NOT NULL,
        refresh_token TEXT,
        expires_at TEXT NOT NULL,
        scope TEXT NOT NULL,
        token_endpoint TEXT NOT NULL,
        revocation_endpoint TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, target_id)
      ) WITHOUT ROWID;
    `);
  },
};
