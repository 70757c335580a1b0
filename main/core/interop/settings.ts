// The clinic's interop settings the formats need: the DICOM org UID root and the URI of the system
// that issues its MRNs (FHIR Patient.identifier.system). They live in the single-row table
// `interop_settings` (columns `dicom_org_uid_root`, `fhir_mrn_system`), created by the sync
// migration; until that exists, or when a value is unset, the documented defaults apply.
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
}

function readRow(db: Db): InteropSettingsRow | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'interop_settings'").get();
  if (!table) return null;
  const columns = new Set((db.prepare('PRAGMA table_info(interop_settings)').all() as Array<{ name: string }>).map((c) => c.name));
  const pick = (name: keyof InteropSettingsRow) => (columns.has(name) ? name : `NULL AS ${name}`);
  return (
    (db.prepare(`SELECT ${pick('dicom_org_uid_root')}, ${pick('fhir_mrn_system')} FROM interop_settings WHERE id = 1`).get() as
      | InteropSettingsRow
      | undefined) ?? null
  );
}

/** The clinic's registered DICOM org root, or null: UIDs are then 2.25.<uuid> (docs/interop.md). */
export function orgUidRoot(db: Db): string | null {
  const root = readRow(db)?.dicom_org_uid_root?.trim();
  return root ? checkOrgRoot(root) : null;
}

/** The URI of the system that issues this clinic's MRNs. */
export function mrnSystem(db: Db): string {
  return readRow(db)?.fhir_mrn_system?.trim() || DEFAULT_MRN_SYSTEM;
}
