// Interop settings over the migrated table: the documented defaults while nothing is set, the
// stored values once an administrator sets them (a field left out keeps its value, null returns it
// to its default), and a bad org root refused whether it comes through the writer or was stored.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrations';
import { DEFAULT_MRN_SYSTEM, interopSettingsView, mrnSystem, orgUidRoot, readInteropSettings, writeInteropSettings } from './settings';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  db.exec("INSERT INTO users (id, username, display_name, role, created_at) VALUES ('u1', 'admin', 'Admin', 'administrator', 'now')");
});

const at = new Date('2026-12-06T03:00:00.000Z');

describe('interop settings', () => {
  it('defaults while nothing is set: no org root (2.25 UIDs), the product MRN system, no issuer', () => {
    expect(readInteropSettings(db)).toEqual({ orgUidRoot: null, mrnSystem: DEFAULT_MRN_SYSTEM, issuerOfPatientId: null });
    expect(interopSettingsView(db)).toEqual({ mrnSystem: null, issuerOfPatientId: null, orgUidRoot: null, effectiveMrnSystem: DEFAULT_MRN_SYSTEM, updatedAt: null });
  });

  it('stores what is given, keeps what is left out, and returns a value to its default on null', () => {
    writeInteropSettings(db, { mrnSystem: 'https://emr.example.org/fhir/sid/mrn', orgUidRoot: '1.2.826.0.1.3680043.10.543' }, 'u1', at);
    writeInteropSettings(db, { issuerOfPatientId: 'HARBOUR-EMR' }, 'u1', at);
    expect(readInteropSettings(db)).toEqual({ orgUidRoot: '1.2.826.0.1.3680043.10.543', mrnSystem: 'https://emr.example.org/fhir/sid/mrn', issuerOfPatientId: 'HARBOUR-EMR' });
    expect([orgUidRoot(db), mrnSystem(db)]).toEqual(['1.2.826.0.1.3680043.10.543', 'https://emr.example.org/fhir/sid/mrn']);
    expect(interopSettingsView(db).updatedAt).toBe(at.toISOString());
    writeInteropSettings(db, { mrnSystem: null }, 'u1', at);
    expect(readInteropSettings(db)).toMatchObject({ mrnSystem: DEFAULT_MRN_SYSTEM, issuerOfPatientId: 'HARBOUR-EMR' });
  });

  it('refuses an org root that is not a valid UID prefix, written or stored', () => {
    expect(() => writeInteropSettings(db, { orgUidRoot: '1.02.3' }, 'u1', at)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(orgUidRoot(db)).toBeNull();
    db.exec("UPDATE interop_settings SET dicom_org_uid_root = '1.02.3'");
    expect(() => orgUidRoot(db)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
