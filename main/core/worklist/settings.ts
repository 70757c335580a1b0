// The one Modality Worklist provider this station asks (single row of `worklist_settings`): host,
// port, AE titles and, for TLS, the CA to trust. Checked here so the core is safe without the
// schema: AE titles per PS3.5, plain DIMSE only to loopback (docs/interop.md, "Modality Worklist").
import type { WorklistSettings, WorklistSettingsInput } from '../../../shared/channels/worklist';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { checkAeTitle, checkHost, checkTransport, type DimsePeer } from '../dimse/association';
import { checkPem } from '../sync/targets';

interface Row {
  host: string;
  port: number;
  called_ae: string;
  calling_ae: string;
  pinned_ca_pem: string | null;
}

const toPublic = (r: Row): WorklistSettings => ({ host: r.host, port: r.port, calledAe: r.called_ae, callingAe: r.calling_ae, tls: r.pinned_ca_pem !== null });

const read = (db: Db): Row | undefined =>
  db.prepare('SELECT host, port, called_ae, calling_ae, pinned_ca_pem FROM worklist_settings WHERE id = 1').get() as Row | undefined;

export const getWorklistSettings = (db: Db): WorklistSettings | null => {
  const r = read(db);
  return r ? toPublic(r) : null;
};

/** The provider to ask; NOT_CONFIGURED until an administrator has set one. */
export function worklistPeer(db: Db): DimsePeer {
  const r = read(db);
  if (!r) throw new CoreError('NOT_CONFIGURED', 'No worklist provider is configured (Settings, or `settings worklist` in the CLI).');
  return { host: r.host, port: r.port, calledAe: r.called_ae, callingAe: r.calling_ae, tlsCaPem: r.pinned_ca_pem };
}

export function saveWorklistSettings(db: Db, input: WorklistSettingsInput, userId: string | null, at: Date): WorklistSettings {
  const host = checkHost(input.host);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) throw new CoreError('VALIDATION_FAILED', 'The port is a number from 1 to 65535.', { port: 'must be 1–65535' });
  const calledAe = checkAeTitle(input.calledAe, 'calledAe');
  const callingAe = checkAeTitle(input.callingAe, 'callingAe');
  // Absent = keep the pinned CA; null = plain DIMSE.
  const pem = input.pinnedCaPem === undefined ? (read(db)?.pinned_ca_pem ?? null) : checkPem(input.pinnedCaPem);
  checkTransport(host, pem);
  db.prepare(
    `INSERT INTO worklist_settings (id, host, port, called_ae, calling_ae, pinned_ca_pem, updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, called_ae = excluded.called_ae, calling_ae = excluded.calling_ae,
       pinned_ca_pem = excluded.pinned_ca_pem, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(host, input.port, calledAe, callingAe, pem, at.toISOString(), userId);
  return toPublic(read(db)!);
}
