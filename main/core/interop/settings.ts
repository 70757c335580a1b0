// The clinic's identifier systems, which every outgoing format uses: the DICOM org UID root, the
// URI of the system that issues its MRNs (FHIR Patient.identifier.system) and the DICOM Issuer of
// Patient ID. This module owns the single-row table `interop_settings` (migration 0013); a value
// that is NULL means the documented default. An administrator sets them through the channel
// `interop.updateSettings` (the Delivery screen, `cli settings interop`).
import type { InteropSettings, InteropSettingsView } from '../../../shared/channels/interop';
import type { Db } from '../db/open';
import { checkOrgRoot } from './uids';

/**
 * Default MRN system when a clinic has not configured its own: an RFC 3986 URN naming this
 * product's local MRN namespace. EMRs match patients on (system, value), so a clinic that
 * delivers to an EMR should set the URI its EMR uses (docs/interop.md).
 */
export const DEFAULT_MRN_SYSTEM = 'urn:clinic-photo:mrn';

interface InteropSettingsRow {
  readonly dicom_org_uid_root: string | null;
  readonly fhir_mrn_system: string | null;
  readonly dicom_issuer_of_patient_id: string | null;
  readonly updated_at: string | null;
}

function readRow(db: Db): InteropSettingsRow | null {
  return (
    (db.prepare('SELECT dicom_org_uid_root, fhir_mrn_system, dicom_issuer_of_patient_id, updated_at FROM interop_settings WHERE id = 1').get() as
      | InteropSettingsRow
      | undefined) ?? null
  );
}

/** The settings in force: configured values, else the defaults (null org root: 2.25 UIDs). */
export function readInteropSettings(db: Db): { orgUidRoot: string | null; mrnSystem: string; issuerOfPatientId: string | null } {
  const row = readRow(db);
  const root = row?.dicom_org_uid_root?.trim();
  return {
    orgUidRoot: root ? checkOrgRoot(root) : null,
    mrnSystem: row?.fhir_mrn_system?.trim() || DEFAULT_MRN_SYSTEM,
    issuerOfPatientId: row?.dicom_issuer_of_patient_id?.trim() || null,
  };
}

/** The clinic's registered DICOM org root, or null: UIDs are then 2.25.<uuid> (docs/interop.md). */
export const orgUidRoot = (db: Db): string | null => readInteropSettings(db).orgUidRoot;

/** The URI of the system that issues this clinic's MRNs. */
export const mrnSystem = (db: Db): string => readInteropSettings(db).mrnSystem;

/** The settings as an administrator sees them: what is stored (null = default) and what is in force. */
export function interopSettingsView(db: Db): InteropSettingsView {
  const row = readRow(db);
  return {
    mrnSystem: row?.fhir_mrn_system ?? null,
    issuerOfPatientId: row?.dicom_issuer_of_patient_id ?? null,
    orgUidRoot: row?.dicom_org_uid_root ?? null,
    effectiveMrnSystem: row?.fhir_mrn_system || DEFAULT_MRN_SYSTEM,
    updatedAt: row?.updated_at ?? null,
  };
}

/**
 * Stores the given values (a field left out keeps its value; null returns it to its default). The
 * org root is checked as a UID prefix here as well as at the boundary. Call inside the write
 * transaction that records the audit event.
 */
export function writeInteropSettings(db: Db, change: Partial<InteropSettings>, userId: string, at: Date): void {
  if (change.orgUidRoot) checkOrgRoot(change.orgUidRoot);
  const current = readRow(db);
  const pick = <K extends keyof InteropSettings>(key: K, column: keyof InteropSettingsRow) =>
    change[key] === undefined ? (current?.[column] ?? null) : (change[key] ?? null);
  db.prepare(
    `INSERT INTO interop_settings (id, dicom_org_uid_root, fhir_mrn_system, dicom_issuer_of_patient_id, updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET dicom_org_uid_root = excluded.dicom_org_uid_root, fhir_mrn_system = excluded.fhir_mrn_system,
       dicom_issuer_of_patient_id = excluded.dicom_issuer_of_patient_id, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(pick('orgUidRoot', 'dicom_org_uid_root'), pick('mrnSystem', 'fhir_mrn_system'), pick('issuerOfPatientId', 'dicom_issuer_of_patient_id'), at.toISOString(), userId);
}

/** Which fields a change touches, for the audit detail (names only: the values are not PHI but need not be logged). */
export const changedFields = (change: Partial<InteropSettings>): string =>
  (['mrnSystem', 'issuerOfPatientId', 'orgUidRoot'] as const).filter((k) => change[k] !== undefined).join(',');
