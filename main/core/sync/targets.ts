// Delivery targets an administrator configures: a DICOMweb service or a FHIR R4 base URL, how to
// authenticate, and optionally a pinned CA. The URL policy lives here: https always (certificates
// verified, never switched off), plain http only to this machine's loopback. Secrets are stored in
// a column of the SQLCipher database (encrypted at rest under the vault) and leave this module only
// towards the network, never towards the renderer.
import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import type { DeliveryTarget, TargetInput } from '../../../shared/channels/delivery';
import type { Purpose } from '../../../shared/consent';
import { CoreError } from '../../../shared/errors';
import { looksLikePemCertificate, PEM_MAX_CHARS } from '../../../shared/pem';
import type { Db } from '../db/open';
import { newId } from '../support/ids';
import { checkDimseTarget, readDimseSettings, writeDimseSettings, type DimseSettings } from './dimse/target';

export type TargetKind = 'dicomweb' | 'fhir' | 'dimse';

/** A target with its secret, for the sync worker and the connection test only. */
export interface TargetConfig {
  readonly id: string;
  readonly name: string;
  readonly kind: TargetKind;
  readonly baseUrl: string;
  readonly authKind: 'none' | 'basic' | 'bearer';
  readonly username: string | null;
  readonly secret: string | null;
  readonly pinnedCaPem: string | null;
  readonly enabled: boolean;
  /** What the target uses photos for: the consent gate's purpose for every delivery to it. */
  readonly purpose: Purpose;
  /** AE titles and read-back of a `dimse` target (sync/dimse/target.ts); null for the others. */
  readonly dimse?: DimseSettings | null;
}

interface TargetRow {
  id: string;
  name: string;
  kind: TargetKind;
  base_url: string;
  auth_kind: 'none' | 'basic' | 'bearer';
  auth_username: string | null;
  auth_secret: string | null;
  pinned_ca_pem: string | null;
  enabled: number;
  purpose: Purpose;
  updated_at: string;
}

/** 127.0.0.0/8, ::1 and `localhost`: the only hosts plain http may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

/**
 * Parses and checks a target's base URL: http(s) only, no credentials in the URL (they would end
 * up in logs and screens), plain http only to loopback (INSECURE_TARGET otherwise). Returns the
 * URL without a trailing slash.
 */
export function checkTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CoreError('VALIDATION_FAILED', 'The address is not a valid URL.', { baseUrl: 'must be a URL such as https://pacs.example.org/dicom-web' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CoreError('VALIDATION_FAILED', 'Only https addresses are supported.', { baseUrl: 'must start with https://' });
  }
  if (url.username || url.password) {
    throw new CoreError('VALIDATION_FAILED', 'Put credentials in the authentication fields, not in the address.', { baseUrl: 'must not contain a user name or password' });
  }
  if (url.search || url.hash) throw new CoreError('VALIDATION_FAILED', 'The address must not have a query or fragment.', { baseUrl: 'must not have ? or #' });
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new CoreError('INSECURE_TARGET', 'Plain http is allowed only to this computer (127.0.0.1, ::1, localhost); use https.', { baseUrl: 'must use https' });
  }
  return url.toString().replace(/\/+$/, '');
}

export function checkPem(pem: string | null | undefined): string | null {
  if (!pem) return null;
  // Bounded before any parse: the schema already refused longer text, this keeps the core safe alone.
  if (pem.length > PEM_MAX_CHARS || !looksLikePemCertificate(pem)) {
    throw new CoreError('VALIDATION_FAILED', 'The pinned certificate is not a CA certificate in PEM form.', { pinnedCaPem: 'must be a PEM CA certificate' });
  }
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) throw new Error('not a CA');
  } catch {
    throw new CoreError('VALIDATION_FAILED', 'The pinned certificate is not a CA certificate in PEM form.', { pinnedCaPem: 'must be a PEM CA certificate' });
  }
  return pem.trim();
}

function checkAuth(input: TargetInput, storedSecret: string | null): { username: string | null; secret: string | null } {
  if (input.kind === 'fhir' && input.authKind === 'basic') {
    throw new CoreError('VALIDATION_FAILED', 'FHIR targets use a bearer token or no authentication.', { authKind: 'must be bearer or none for FHIR' });
  }
  if (input.authKind === 'none') return { username: null, secret: null };
  const secret = input.secret ?? storedSecret;
  if (!secret) throw new CoreError('VALIDATION_FAILED', 'Enter the password or token.', { secret: 'is required' });
  if (input.authKind === 'basic') {
    const username = input.username?.trim();
    if (!username || username.includes(':')) throw new CoreError('VALIDATION_FAILED', 'Enter the user name (without a colon).', { username: 'is required' });
    return { username, secret };
  }
  return { username: null, secret };
}

const toPublic = (db: Db, r: TargetRow): DeliveryTarget => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  baseUrl: r.base_url,
  authKind: r.auth_kind,
  username: r.auth_username,
  secretSet: r.auth_secret !== null,
  pinnedCa: r.pinned_ca_pem !== null,
  enabled: r.enabled === 1,
  purpose: r.purpose,
  updatedAt: r.updated_at,
  dimse: r.kind === 'dimse' ? readDimseSettings(db, r.id) : null,
});

const toConfig = (db: Db, r: TargetRow): TargetConfig => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  baseUrl: r.base_url,
  authKind: r.auth_kind,
  username: r.auth_username,
  secret: r.auth_secret,
  pinnedCaPem: r.pinned_ca_pem,
  enabled: r.enabled === 1,
  purpose: r.purpose,
  dimse: r.kind === 'dimse' ? readDimseSettings(db, r.id) : null,
});

const row = (db: Db, id: string): TargetRow => {
  const r = db.prepare('SELECT * FROM delivery_targets WHERE id = ?').get(id) as TargetRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', 'No such delivery target.');
  return r;
};

export const listTargets = (db: Db): DeliveryTarget[] => (db.prepare('SELECT * FROM delivery_targets ORDER BY name, id').all() as TargetRow[]).map((r) => toPublic(db, r));
export const getTargetConfig = (db: Db, id: string): TargetConfig => toConfig(db, row(db, id));
export const enabledTargets = (db: Db): TargetConfig[] => (db.prepare('SELECT * FROM delivery_targets WHERE enabled = 1').all() as TargetRow[]).map((r) => toConfig(db, r));

export function createTarget(db: Db, input: TargetInput, userId: string | null, at: Date): DeliveryTarget {
  const pem = checkPem(input.pinnedCaPem);
  const dimse = input.kind === 'dimse' ? checkDimseTarget(input, pem, null) : null;
  const baseUrl = dimse ? dimse.baseUrl : checkTargetUrl(input.baseUrl);
  const auth = checkAuth(input, null);
  const id = newId();
  const now = at.toISOString();
  db.prepare(
    `INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, auth_username, auth_secret, pinned_ca_pem, enabled, purpose, created_at, created_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.name, input.kind, baseUrl, input.authKind, auth.username, auth.secret, pem, input.enabled === false ? 0 : 1, input.purpose ?? 'clinical', now, userId, now);
  if (dimse) writeDimseSettings(db, id, dimse.settings, pem !== null);
  return toPublic(db, row(db, id));
}

export function updateTarget(db: Db, id: string, input: TargetInput, at: Date): DeliveryTarget {
  const current = row(db, id);
  if (current.kind !== input.kind) throw new CoreError('VALIDATION_FAILED', 'A target cannot change its kind; add a new target.', { kind: 'cannot change' });
  const auth = checkAuth(input, current.auth_kind === input.authKind ? current.auth_secret : null);
  // Absent = keep the pinned CA; null = remove it.
  const pem = input.pinnedCaPem === undefined ? current.pinned_ca_pem : checkPem(input.pinnedCaPem);
  const dimse = input.kind === 'dimse' ? checkDimseTarget(input, pem, readDimseSettings(db, id)) : null;
  const baseUrl = dimse ? dimse.baseUrl : checkTargetUrl(input.baseUrl);
  db.prepare(
    `UPDATE delivery_targets SET name = ?, base_url = ?, auth_kind = ?, auth_username = ?, auth_secret = ?, pinned_ca_pem = ?, enabled = ?, purpose = ?, updated_at = ? WHERE id = ?`,
  ).run(input.name, baseUrl, input.authKind, auth.username, auth.secret, pem, input.enabled === false ? 0 : 1, input.purpose ?? current.purpose, at.toISOString(), id);
  if (dimse) writeDimseSettings(db, id, dimse.settings, pem !== null);
  return toPublic(db, row(db, id));
}
