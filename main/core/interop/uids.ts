// DICOM UIDs that never change for the same thing: a photo always maps to the same SOP Instance
// UID, an encounter to the same Study Instance UID, so a second delivery of a photo is recognised
// by the PACS as the same instance (idempotency by UID). Each UID is a name-based UUID (RFC 9562
// version 5, SHA-1) of a fixed product namespace and a name like "sop-instance:<photo id>",
// written either as 2.25.<UUID as decimal> (PS3.5 B.2, no registration needed) or, when the clinic
// has a registered org root, as <root>.<decimal>, shortened to fit 64 characters.
import { createHash } from 'node:crypto';
import { CoreError } from '../../../shared/errors';

/** This product's namespace for name-based UUIDs (random, fixed forever: changing it changes every UID). */
export const UID_NAMESPACE = '905d39d4-1cfd-4c4d-93dd-71a628d16c29';

/** The UID root for UUID-derived UIDs (ITU-T X.667 / ISO/IEC 9834-8, PS3.5 B.2). */
export const UUID_UID_ROOT = '2.25';

/** A UID's longest allowed length (PS3.5 9.1). */
export const UID_MAX_LENGTH = 64;

/** An org root needs room for at least this many digits after it (≈ 100 bits of the UUID). */
const MIN_SUFFIX_DIGITS = 30;

const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** PS3.5 9.1: digits and dots, components without leading zeros, at most 64 characters. */
export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= UID_MAX_LENGTH && UID_PATTERN.test(uid);
}

/** Longest org root accepted: leaves room for the dot and MIN_SUFFIX_DIGITS digits. */
export const ORG_ROOT_MAX_LENGTH = UID_MAX_LENGTH - 1 - MIN_SUFFIX_DIGITS;

/** Refuses an org root that is not a valid UID prefix or leaves too little room. */
export function checkOrgRoot(root: string): string {
  if (!isValidUid(root) || root.length > ORG_ROOT_MAX_LENGTH) {
    throw new CoreError('VALIDATION_FAILED', `The DICOM org root must be a UID prefix of at most ${ORG_ROOT_MAX_LENGTH} characters.`, {
      orgUidRoot: 'is not a valid UID root',
    });
  }
  return root;
}

/** RFC 9562 version-5 UUID of `name` in this product's namespace, as 16 bytes. */
export function nameBasedUuid(name: string): Buffer {
  const namespace = Buffer.from(UID_NAMESPACE.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return Buffer.from(bytes);
}

export function formatUuid(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The UID for `name`: 2.25.<UUID integer> without an org root, else <root>.<UUID integer>, the
 * integer reduced modulo 10^k when the root leaves only k digits. BigInt's decimal form never has
 * a leading zero, and a zero UUID is impossible (the version nibble is 5).
 */
export function deriveUid(name: string, orgRoot: string | null): string {
  const value = BigInt(`0x${nameBasedUuid(name).toString('hex')}`);
  if (orgRoot === null) return `${UUID_UID_ROOT}.${value.toString(10)}`;
  const root = checkOrgRoot(orgRoot);
  const digits = UID_MAX_LENGTH - root.length - 1;
  const reduced = value % 10n ** BigInt(digits);
  // A reduced value of 0 would be a valid component; any other is written without leading zeros.
  return `${root}.${reduced.toString(10)}`;
}

/** The names behind each UID kind; part of the stable scheme documented in docs/interop.md. */
export const uidNames = {
  study: (encounterId: string) => `study:encounter:${encounterId}`,
  /** Photos taken outside an encounter (imports): one study per patient and capture day (UTC). */
  looseStudy: (patientId: string, day: string) => `study:patient-day:${patientId}:${day}`,
  series: (studyName: string, modality: string) => `series:${studyName}:${modality}`,
  /**
   * A corrected photo is a new instance (IHE Image Object Change Management): revision n > 0 of a
   * photo has its own SOP Instance UID; revision 0 keeps the name every delivered photo has had.
   */
  instance: (photoId: string, revision = 0) => (revision > 0 ? `sop-instance:${photoId}:revision:${revision}` : `sop-instance:${photoId}`),
} as const;
