// The sync worker's DIMSE steps for a `dimse` target, beside the DICOMweb ones in drain.ts: send is
// a C-STORE, the read-back is what the target is configured for: storage commitment, an
// IMAGE-level C-FIND, or the C-STORE status alone for a PACS that answers no queries. What the
// outbox records is the same as for DICOMweb (remote id = the three UIDs, the digest of what was
// sent), so retries, claims and takeovers work unchanged; a verified DIMSE row means "the PACS
// committed to keeping it" (commitment), "the PACS lists it" (find) or "the PACS acknowledged
// storing it" (store-status), not a byte comparison (docs/interop.md).
import type { DicomUids } from '../../interop/dicom/vl-photo';
import { dicomDigest, type DicomInstance } from '../dicomweb';
import { DeliveryError } from '../http';
import type { TargetConfig } from '../targets';
import { instanceHeldDimse, storeInstanceDimse } from './store';
import { dimsePeerOf } from './target';
import { requestCommitment } from './commitment';

export class DimseSender {
  private readonly stop = new AbortController();

  constructor(private readonly timeoutMs?: number) {}

  async send(target: TargetConfig, instance: DicomInstance): Promise<{ remoteId: string; sha256: string }> {
    await storeInstanceDimse(dimsePeerOf(target), instance, this.options());
    return {
      remoteId: [instance.studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid].join('/'),
      sha256: dicomDigest(instance.before, instance.pixelsSha256, instance.after),
    };
  }

  /** Resolves with the digest to record as verified, or throws a DeliveryError. */
  async verify(target: TargetConfig, uids: DicomUids, sentSha256: string): Promise<string> {
    if (target.dimse?.verification === 'store-status') return sentSha256;
    if (target.dimse?.verification === 'commitment') {
      await requestCommitment(dimsePeerOf(target), target.dimse.commitmentPort!, uids, this.options());
      return sentSha256;
    }
    if (!(await instanceHeldDimse(dimsePeerOf(target), uids, this.options()))) {
      // A PACS may index a stored instance a moment later: asked again, up to the retry limit.
      throw new DeliveryError('Read-back: the PACS does not list the instance (C-FIND).', true);
    }
    return sentSha256;
  }

  /** Cuts every association in progress (the worker is stopping). */
  abort(): void {
    this.stop.abort();
  }

  private options() {
    return { signal: this.stop.signal, ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}) };
  }
}
