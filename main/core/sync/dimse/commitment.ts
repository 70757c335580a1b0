// Storage Commitment Push Model (PS3.4 Annex J) as the read-back of a DIMSE delivery: an N-ACTION
// asks the PACS to commit to keeping the instance; the PACS answers later with an N-EVENT-REPORT on
// a new association to this station (Orthanc always does), so while a request waits this station
// listens on the target's commitment port. One listener per port, shared by the requests waiting
// on it and closed when the last one is answered or gives up. The listener accepts only the Storage
// Commitment SOP class and only reports for transactions it is waiting for; it binds every
// interface (the library has no bind option), which is what a PACS on another host needs.
import { randomUUID } from 'node:crypto';
import { dimse, runAssociation, type DimsePeer } from '../../dimse/association';
import { VL_PHOTOGRAPHIC_IMAGE_STORAGE, type DicomUids } from '../../interop/dicom/vl-photo';
import { DeliveryError } from '../http';

const COMMITMENT_SOP_INSTANCE = '1.2.840.10008.1.20.1.1'; // the well-known instance (PS3.4 J.3.2)

interface Report {
  readonly eventType: number;
  readonly committed: readonly string[];
  readonly failed: readonly string[];
}

/** A report, or why none can come (the port could not be listened on). */
type Waiter = (outcome: Report | { readonly listenError: string }) => void;
const listeners = new Map<number, { server: InstanceType<typeof dimse.Server>; waiters: Map<string, Waiter> }>();

const uidsIn = (seq: unknown): string[] =>
  (Array.isArray(seq) ? (seq as Array<Record<string, unknown>>) : []).map((i) => String(i.ReferencedSOPInstanceUID ?? '').trim());

class CommitmentScp extends dimse.Scp {
  override associationRequested(association: Parameters<InstanceType<typeof dimse.Scp>['associationRequested']>[0]): void {
    const { PresentationContextResult, SopClass, TransferSyntax } = dimse.constants;
    for (const { id } of association.getPresentationContexts()) {
      const context = association.getPresentationContext(id);
      const ts = context.getTransferSyntaxUids().find((t) => t === TransferSyntax.ExplicitVRLittleEndian || t === TransferSyntax.ImplicitVRLittleEndian);
      if (context.getAbstractSyntaxUid() === SopClass.StorageCommitmentPushModel && ts) context.setResult(PresentationContextResult.Accept, ts);
      else context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
    }
    this.sendAssociationAccept();
  }
  override associationReleaseRequested(): void {
    this.sendAssociationReleaseResponse();
  }
  override nEventReportRequest(
    request: Parameters<InstanceType<typeof dimse.Scp>['nEventReportRequest']>[0],
    callback: Parameters<InstanceType<typeof dimse.Scp>['nEventReportRequest']>[1],
  ): void {
    const elements = request.getDataset()?.getElements() ?? {};
    const transaction = String(elements.TransactionUID ?? '').trim();
    const response = dimse.responses.NEventReportResponse.fromRequest(request);
    let waiter: Waiter | undefined;
    for (const l of listeners.values()) waiter ??= l.waiters.get(transaction);
    // A report for a transaction nobody waits for is refused: "no such object instance" (0x0112).
    response.setStatus(waiter ? dimse.constants.Status.Success : 0x0112);
    callback(response);
    waiter?.({ eventType: request.getEventTypeId(), committed: uidsIn(elements.ReferencedSOPSequence), failed: uidsIn(elements.FailedSOPSequence) });
  }
}

function listen(port: number) {
  let l = listeners.get(port);
  if (!l) {
    const server = new dimse.Server(CommitmentScp);
    const entry = { server, waiters: new Map<string, Waiter>() };
    // Port taken (another worker on this computer waits on it) or not allowed: every waiter is
    // told at once instead of waiting out its time. The library reports this as "networkError".
    server.on('networkError', (error: Error & { code?: string }) => {
      for (const waiter of entry.waiters.values()) waiter({ listenError: error.code ?? 'network error' });
      if (listeners.get(port) === entry) listeners.delete(port);
    });
    server.listen(port);
    l = entry;
    listeners.set(port, l);
  }
  return l;
}

function release(port: number, transaction: string): void {
  const l = listeners.get(port);
  if (!l) return;
  l.waiters.delete(transaction);
  if (l.waiters.size === 0) {
    l.server.close();
    listeners.delete(port);
  }
}

/**
 * Asks the PACS to commit to `uids`' instance and waits for its report. Resolves when the PACS
 * reports it committed; throws a DeliveryError: permanent when the PACS reports it failed,
 * transient when no report came within `waitMs` (asked again on the next read-back).
 */
export async function requestCommitment(peer: DimsePeer, commitmentPort: number, uids: DicomUids, options: { timeoutMs?: number; waitMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const transaction = `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
  const l = listen(commitmentPort);
  const reported = new Promise<Report | { readonly listenError: string }>((resolve) => l.waiters.set(transaction, resolve));
  try {
    const request = new dimse.requests.NActionRequest(dimse.constants.SopClass.StorageCommitmentPushModel, COMMITMENT_SOP_INSTANCE, 1);
    request.setDataset(
      new dimse.Dataset({ TransactionUID: transaction, ReferencedSOPSequence: [{ ReferencedSOPClassUID: VL_PHOTOGRAPHIC_IMAGE_STORAGE, ReferencedSOPInstanceUID: uids.sopInstanceUid }] }),
    );
    let responses;
    try {
      [responses] = await runAssociation(peer, [request], options);
    } catch (error) {
      throw new DeliveryError(`Storage commitment: ${(error as Error).message}`, (error as { transient?: boolean }).transient ?? true);
    }
    const status = responses!.at(-1)!.getStatus();
    if (status !== 0) throw new DeliveryError(`Storage commitment: the PACS refused the request (status 0x${status.toString(16).padStart(4, '0')}).`, false);
    const waitMs = options.waitMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const report = await Promise.race([reported, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)))]).finally(() => clearTimeout(timer));
    if (!report) throw new DeliveryError('Storage commitment: no report from the PACS yet; asking again later.', true);
    if ('listenError' in report) throw new DeliveryError(`Storage commitment: cannot listen for the PACS's report on port ${commitmentPort} (${report.listenError}).`, true);
    if (report.failed.includes(uids.sopInstanceUid) || !report.committed.includes(uids.sopInstanceUid)) {
      throw new DeliveryError('Storage commitment: the PACS reported that it does not hold the instance.', false);
    }
  } finally {
    release(commitmentPort, transaction);
  }
}
