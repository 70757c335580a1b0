// Interop settings: documented defaults while the sync migration's table is absent or a value is
// unset, the configured values once it holds them, and a bad org root refused rather than used.
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MRN_SYSTEM, mrnSystem, orgUidRoot } from './settings';

describe('interop settings', () => {
  it('defaults without the table: no org root (2.25 UIDs) and the product MRN system', () => {
    const db = new Database(':memory:');
    expect(orgUidRoot(db)).toBeNull();
    expect(mrnSystem(db)).toBe(DEFAULT_MRN_SYSTEM);
  });

  it('reads the configured values, and defaults for unset or missing columns', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE interop_settings (id INTEGER PRIMARY KEY CHECK (id = 1), dicom_org_uid_root TEXT)');
    expect(mrnSystem(db)).toBe(DEFAULT_MRN_SYSTEM);
    db.exec("INSERT INTO interop_settings (id, dicom_org_uid_root) VALUES (1, NULL)");
    expect(orgUidRoot(db)).toBeNull();
    db.exec("UPDATE interop_settings SET dicom_org_uid_root = ' 1.2.826.0.1.3680043.10.543 '");
    expect(orgUidRoot(db)).toBe('1.2.826.0.1.3680043.10.543');
    db.exec('ALTER TABLE interop_settings ADD COLUMN fhir_mrn_system TEXT');
    db.exec("UPDATE interop_settings SET fhir_mrn_system = 'https://emr.example.org/fhir/sid/mrn'");
    expect(mrnSystem(db)).toBe('https://emr.example.org/fhir/sid/mrn');
  });

  it('refuses a stored org root that is not a valid UID prefix', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE interop_settings (id INTEGER PRIMARY KEY, dicom_org_uid_root TEXT, fhir_mrn_system TEXT); INSERT INTO interop_settings VALUES (1, '1.02.3', NULL)");
    expect(() => orgUidRoot(db)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
