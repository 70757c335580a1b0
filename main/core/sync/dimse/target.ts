// A `dimse` delivery target: its address `dicom://host:port` (in delivery_targets.base_url), its AE
// titles and read-back method (dimse_targets), and TLS when a CA is pinned. Plain DIMSE carries
// patient data in the clear, so like plain http it may only reach this computer (INSECURE_TARGET).
import type { DimseTargetInput } from '../../../../shared/channels/dicom-ae';
import { CoreError } from '../../../../shared/errors';
import type { Db } from '../../db/open';
import { checkAeTitle, checkHost, checkTransport, type DimsePeer } from '../../dimse/association';

export interface DimseSettings extends DimseTargetInput {
  readonly tls: boolean;
}

/** `dicom://host:port` (or `host:port`) → the canonical `dicom://host:port`. */
export function checkDimseAddress(raw: string): { baseUrl: string; host: string; port: number } {
  const m = /^(?:dicom:\/\/)?(\[[0-9a-fA-F:.]+\]|[^:/\s]+):(\d{1,5})\/?$/.exec(raw.trim());
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) {
    throw new CoreError('VALIDATION_FAILED', 'The address is dicom://host:port.', { baseUrl: 'must be dicom://host:port, e.g. dicom://pacs.example.org:11112' });
  }
  const host = checkHost(m[1]!.replace(/^\[|\]$/g, ''), 'baseUrl');
  return { baseUrl: `dicom://${m[1]}:${port}`, host, port };
}

/** Checks a dimse target's input (auth none, AE titles, TLS rule); returns its canonical address. */
export function checkDimseTarget(input: { baseUrl: string; authKind: string; dimse?: DimseTargetInput | undefined }, pinnedCaPem: string | null, stored: DimseSettings | null): { baseUrl: string; settings: DimseTargetInput } {
  const address = checkDimseAddress(input.baseUrl);
  if (input.authKind !== 'none') throw new CoreError('VALIDATION_FAILED', 'DIMSE targets are identified by AE titles; choose no authentication.', { authKind: 'must be none for DIMSE' });
  const given = input.dimse ?? stored;
  if (!given) throw new CoreError('VALIDATION_FAILED', 'Enter the PACS AE title, this station\'s AE title and the read-back method.', { dimse: 'is required' });
  checkTransport(address.host, pinnedCaPem, 'baseUrl');
  const commitmentPort = given.verification === 'commitment' ? (given.commitmentPort ?? null) : null;
  if (given.verification === 'commitment' && (commitmentPort === null || !Number.isInteger(commitmentPort) || commitmentPort < 1 || commitmentPort > 65535)) {
    throw new CoreError('VALIDATION_FAILED', 'Storage commitment needs the port this station listens on for the PACS\'s report.', { 'dimse.commitmentPort': 'is required for storage commitment' });
  }
  return {
    baseUrl: address.baseUrl,
    settings: { calledAe: checkAeTitle(given.calledAe, 'dimse.calledAe'), callingAe: checkAeTitle(given.callingAe, 'dimse.callingAe'), verification: given.verification, commitmentPort },
  };
}

export function readDimseSettings(db: Db, targetId: string): DimseSettings | null {
  const r = db.prepare('SELECT called_ae, calling_ae, tls, verification, commitment_port FROM dimse_targets WHERE target_id = ?').get(targetId) as
    | { called_ae: string; calling_ae: string; tls: number; verification: DimseSettings['verification']; commitment_port: number | null }
    | undefined;
  return r ? { calledAe: r.called_ae, callingAe: r.calling_ae, tls: r.tls === 1, verification: r.verification, commitmentPort: r.commitment_port } : null;
}

export function writeDimseSettings(db: Db, targetId: string, settings: DimseTargetInput, tls: boolean): void {
  db.prepare(
    `INSERT INTO dimse_targets (target_id, called_ae, calling_ae, tls, verification, commitment_port) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (target_id) DO UPDATE SET called_ae = excluded.called_ae, calling_ae = excluded.calling_ae, tls = excluded.tls,
       verification = excluded.verification, commitment_port = excluded.commitment_port`,
  ).run(targetId, settings.calledAe, settings.callingAe, tls ? 1 : 0, settings.verification, settings.commitmentPort ?? null);
}

/** Where the sync worker connects for this target. */
export function dimsePeerOf(target: { baseUrl: string; pinnedCaPem: string | null; dimse?: DimseSettings | null | undefined }): DimsePeer {
  if (!target.dimse) throw new CoreError('NOT_CONFIGURED', 'The DIMSE target has no AE titles.');
  const { host, port } = checkDimseAddress(target.baseUrl);
  return { host, port, calledAe: target.dimse.calledAe, callingAe: target.dimse.callingAe, tlsCaPem: target.pinnedCaPem };
}
