// STYLE item 17 for the gate: the questions it asks for every photo that leaves (the photo's facts,
// the patient's consents, their decisions) use their indexes on a populated, ANALYZEd clinic with
// consents, so a delivery backlog is not slowed by table scans.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/open';
import { tempDir } from '../test-support/fixtures';
import { plansOf, populateClinic } from '../test-support/query-plans';
import { checkRelease } from './gate';

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await tempDir('cpw-consent-plans-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'clinic.db'), randomBytes(32));
  db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')").run();
  populateClinic(db);
  const patients = db.prepare('SELECT id FROM patients').pluck().all() as string[];
  const consent = db.prepare(
    `INSERT INTO consents (id, patient_id, kind, document_blob_id, document_mime, document_sha256, signed_at, recorded_at, recorded_by, workstation_id)
     VALUES (?, ?, 'paper', ?, 'application/pdf', 'h', '2024-01-01T00:00:00.000Z', 'now', 'u1', 'w')`,
  );
  const blob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')");
  const scope = db.prepare("INSERT INTO consent_scopes (consent_id, scope, decision) VALUES (?, 'education', 'grant'), (?, 'marketing', 'refuse')");
  db.transaction(() => {
    patients.forEach((p, i) => {
      blob.run(`cb${i}`, `cb${i}.cpb`);
      consent.run(`c${i}`, p, `cb${i}`);
      scope.run(`c${i}`, `c${i}`);
    });
  })();
  db.exec('ANALYZE');
});
afterAll(async () => {
  closeDatabase(db);
  await cleanup();
});

describe('the gate\'s queries', () => {
  it('each uses an index (no table scan of photos, consents or decisions)', () => {
    const photoId = db.prepare('SELECT id FROM photos LIMIT 1').pluck().get() as string;
    const plans = plansOf(db, (d) => checkRelease(d, { photoId, purpose: 'education', at: new Date() })).flat();
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.filter((p) => /^SCAN (photos|consents|consent_scopes|consent_withdrawals)\b/.test(p))).toEqual([]);
    expect(plans.join('\n')).toMatch(/SEARCH c USING INDEX consents_by_patient \(patient_id=\?\)/);
  });
});
