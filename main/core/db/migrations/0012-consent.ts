import { createHash } from 'node:crypto';
import type { Migration } from './index';

/**
 * Photo consent (docs/consent.md, docs/storage-format.md "Consent"). Templates are versioned: a row
 * of `consent_templates` never changes or goes (triggers refuse it), so what was signed under a
 * version stays what it was; each version carries the SHA-256 of its exact text. A consent records
 * the exact text shown and its hash, its signers, the signature's pointer stream, and the sealed
 * PDF or scan (a `blobs` row); `consent_scopes` holds one decision per use; a withdrawal is a row of
 * `consent_withdrawals` that the scopes it withdrew point to, and a trigger keeps it forward-only.
 * Delivery targets name the purpose they use photos for; a delivery the consent gate holds says
 * why in `consent_hold`. The clinic's consent policy is one row. The FHIR copy of each consent goes
 * through `consent_deliveries`, an outbox of its own (one row per consent × FHIR target).
 */
const SCOPES = "('clinical','education','publication','marketing','social','ai-training','third-party')";

/** The default template's fixed id, so every clinic's copy is the same row. */
const DEFAULT_TEMPLATE_ID = 'c0a5e47d000000000000000000000001';
// One line per paragraph or list item: the screen and the PDF wrap it to their own width.
const DEFAULT_TEMPLATE_TEXT = `Consent to clinical photography — {{clinicName}}

We take photographs of your skin and body as part of your care. This form asks what else, if anything, we may use them for. You decide each use separately, and you may refuse any of them without any effect on your care.

1. Clinical record and care. Photos are kept in your medical record, used by the staff caring for you, and sent to the clinic's imaging archive and electronic health record and to clinicians we refer you to.
2. Internal teaching. Photos may be shown to clinicians and students inside {{clinicName}}.
3. Publication. Photos may appear in medical journals, books or talks.
4. Marketing. Photos may appear on the clinic's website and in its advertising.
5. Social media. Photos may appear on the clinic's social media accounts.
6. Training of AI models. Photos may be used to train or test software that analyses images.
7. Named third parties. Photos may be shared with the third parties named on this form.

For any use other than your care, we remove your name and other identifying details from the photos. If you say that your face may not be visible, we will not use photos of your face, head or neck for any use other than your care. You may limit your consent to certain parts of the body.

Each use may end on a date you choose. You may withdraw your consent at any time by telling any member of staff: from then on we will not use the photos for the uses you withdraw. Photos already published before you withdraw cannot always be recalled; we will tell you where they were used.

By signing below you confirm that you have read this form (or had it read or translated to you), that you had the chance to ask questions, and that the choices marked are your own.`;

export const m0012Consent: Migration = {
  version: 12,
  name: 'consent',
  up(db) {
    db.exec(`
      CREATE TABLE consent_templates (
        id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        name TEXT NOT NULL,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        created_at TEXT NOT NULL,
        created_by TEXT REFERENCES users(id),
        PRIMARY KEY (id, version)
      );
      CREATE TRIGGER consent_templates_frozen_update BEFORE UPDATE ON consent_templates
        BEGIN SELECT RAISE(ABORT, 'consent template versions are immutable'); END;
      CREATE TRIGGER consent_templates_frozen_delete BEFORE DELETE ON consent_templates
        BEGIN SELECT RAISE(ABORT, 'consent template versions are immutable'); END;

      CREATE TABLE consents (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        kind TEXT NOT NULL CHECK (kind IN ('signed','paper')),
        template_id TEXT,
        template_version INTEGER,
        text_shown TEXT,
        text_sha256 TEXT,
        body_sites TEXT,
        face_may_be_visible INTEGER NOT NULL DEFAULT 1 CHECK (face_may_be_visible IN (0,1)),
        signers TEXT,
        identity_method TEXT,
        identity_note TEXT,
        signature TEXT,
        document_blob_id TEXT NOT NULL REFERENCES blobs(id),
        document_mime TEXT NOT NULL CHECK (document_mime IN ('application/pdf','image/jpeg','image/png')),
        document_sha256 TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL REFERENCES users(id),
        workstation_id TEXT NOT NULL,
        FOREIGN KEY (template_id, template_version) REFERENCES consent_templates(id, version),
        CHECK (kind = 'paper' OR (template_id IS NOT NULL AND text_shown IS NOT NULL AND text_sha256 IS NOT NULL AND signature IS NOT NULL))
      );
      CREATE INDEX consents_by_patient ON consents (patient_id, signed_at);

      CREATE TABLE consent_withdrawals (
        id TEXT PRIMARY KEY,
        consent_id TEXT NOT NULL REFERENCES consents(id),
        withdrawn_at TEXT NOT NULL,
        withdrawn_by TEXT NOT NULL REFERENCES users(id),
        reason TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX consent_withdrawals_by_consent ON consent_withdrawals (consent_id);

      CREATE TABLE consent_scopes (
        consent_id TEXT NOT NULL REFERENCES consents(id),
        scope TEXT NOT NULL CHECK (scope IN ${SCOPES}),
        decision TEXT NOT NULL CHECK (decision IN ('grant','refuse')),
        expires_on TEXT,
        withdrawal_id TEXT REFERENCES consent_withdrawals(id),
        PRIMARY KEY (consent_id, scope)
      ) WITHOUT ROWID;
      CREATE TRIGGER consent_scopes_forward_only BEFORE UPDATE ON consent_scopes
        WHEN OLD.withdrawal_id IS NOT NULL OR NEW.decision IS NOT OLD.decision OR NEW.expires_on IS NOT OLD.expires_on
          OR NEW.scope IS NOT OLD.scope OR NEW.consent_id IS NOT OLD.consent_id
        BEGIN SELECT RAISE(ABORT, 'a consent decision only moves forward, to withdrawn'); END;
      CREATE TRIGGER consent_scopes_kept BEFORE DELETE ON consent_scopes
        BEGIN SELECT RAISE(ABORT, 'consent decisions are kept'); END;

      CREATE TABLE consent_policy (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        capture_requires_consent INTEGER NOT NULL DEFAULT 0 CHECK (capture_requires_consent IN (0,1)),
        clinical_purpose TEXT NOT NULL DEFAULT 'allowed-visible' CHECK (clinical_purpose IN ('allowed-visible','requires-consent'))
      );
      INSERT INTO consent_policy (id) VALUES (1);

      ALTER TABLE delivery_targets ADD COLUMN purpose TEXT NOT NULL DEFAULT 'clinical' CHECK (purpose IN ${SCOPES});
      ALTER TABLE deliveries ADD COLUMN consent_hold TEXT;

      CREATE TABLE consent_deliveries (
        id TEXT PRIMARY KEY,
        consent_id TEXT NOT NULL REFERENCES consents(id),
        target_id TEXT NOT NULL REFERENCES delivery_targets(id),
        revision INTEGER NOT NULL DEFAULT 1,
        state TEXT NOT NULL CHECK (state IN ('queued','in_flight','delivered','verified','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        remote_id TEXT,
        sent_sha256 TEXT,
        verified_sha256 TEXT,
        claimed_by TEXT,
        claim_expires_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (consent_id, target_id)
      );
      CREATE INDEX consent_deliveries_due ON consent_deliveries (state, next_attempt_at);
    `);
    db.prepare('INSERT INTO consent_templates (id, version, name, language, text, sha256, created_at, created_by) VALUES (?, 1, ?, ?, ?, ?, ?, NULL)').run(
      DEFAULT_TEMPLATE_ID,
      'Clinical photography consent',
      'en',
      DEFAULT_TEMPLATE_TEXT,
      createHash('sha256').update(DEFAULT_TEMPLATE_TEXT, 'utf8').digest('hex'),
      '2026-01-01T00:00:00.000Z',
    );
  },
};
