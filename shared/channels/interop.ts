// The clinic's identifier systems, set by an administrator (the Delivery screen's "Identifier
// systems" panel, `cli settings interop`): the URI of the system that issues its MRNs (FHIR
// Patient.identifier.system), the DICOM Issuer of Patient ID (0010,0021), and the registered
// DICOM org UID root. Every outgoing DICOM instance and FHIR bundle uses them (docs/interop.md).
import { z } from 'zod';
import { channel, Empty, needs } from '../channel';

/** An absolute URI (RFC 3986 scheme + rest, no spaces): FHIR Identifier.system is a `uri`. */
export const MrnSystemUri = z
  .string()
  .trim()
  .max(255, 'must be at most 255 characters')
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/, 'must be an absolute URI such as https://emr.example.org/fhir/sid/mrn or urn:oid:1.2.3');

/** DICOM LO: at most 64 characters, no backslash (the value separator) or control characters. */
export const IssuerOfPatientId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .regex(/^[^\\\u0000-\u001f\u007f]+$/, 'must not contain a backslash or control characters');

/** A DICOM UID prefix of at most 33 characters (docs/interop.md "UIDs"); the core checks it again. */
export const OrgUidRoot = z
  .string()
  .trim()
  .max(33, 'must be at most 33 characters, to leave room for the UID suffix')
  .regex(/^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/, 'must be digits separated by dots, with no leading zeros (a registered OID)');

export const InteropSettings = z.object({
  /** Null: the product's default `urn:clinic-photo:mrn`. */
  mrnSystem: MrnSystemUri.nullable(),
  /** Null: Issuer of Patient ID is not sent. */
  issuerOfPatientId: IssuerOfPatientId.nullable(),
  /** Null: UIDs are 2.25.<UUID>. */
  orgUidRoot: OrgUidRoot.nullable(),
});
export type InteropSettings = z.infer<typeof InteropSettings>;

/** What is in force, with the defaults filled in, for display. */
export const InteropSettingsView = InteropSettings.extend({
  effectiveMrnSystem: z.string(),
  updatedAt: z.string().nullable(),
});
export type InteropSettingsView = z.infer<typeof InteropSettingsView>;

export const interopChannels = {
  getSettings: channel({ request: Empty, response: InteropSettingsView, access: needs('delivery.manage'), audit: null }),
  /** Fields left out keep their value; null returns one to its default. */
  updateSettings: channel({
    request: InteropSettings.partial().strict(),
    response: InteropSettingsView,
    access: needs('delivery.manage'),
    audit: 'settings.interop-update',
  }),
};
