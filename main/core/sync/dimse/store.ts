// Delivery of one DICOM instance over DIMSE (PS3.7, PS3.4 Annex B) for a PACS without DICOMweb:
// C-STORE on one association, then the read-back the target is configured for. Idempotent by SOP
// Instance UID like STOW-RS: a PACS keeps one copy of an instance stored twice. The instance goes
// in its own transfer syntax (JPEG Baseline for a captured JPEG, so the JPEG bytes travel
// unchanged); a PACS that accepts neither that nor a syntax the library can transcode to refuses
// the presentation context, and the delivery fails with that reason instead of being converted.
import dcmjs from 'dcmjs';
import { DimseError, dimse, isPending, runAssociation, type DimsePeer } from '../../dimse/association';
import type { DicomUids } from '../../interop/dicom/vl-photo';
import type { DicomInstance } from '../dicomweb';
import { DeliveryError } from '../http';

const STUDY_ROOT_FIND = '1.2.840.10008.5.1.4.1.2.2.1';

/** A PS3.7 C.4.2.1.4 C-STORE status → what the outbox does with it. */
export function storeStatusOutcome(status: number): 'stored' | 'transient' | 'refused' {
  // 0x0000 success; 0xB000, 0xB006, 0xB007 warnings (the PACS stored it, possibly coercing elements).
  if (status === 0x0000 || status === 0xb000 || status === 0xb006 || status === 0xb007) return 'stored';
  // 0xA7xx "Refused: Out of Resources" and 0x0213 "resource limitation" may pass.
  if ((status & 0xff00) === 0xa700 || status === 0x0213) return 'transient';
  return 'refused';
}

const asDelivery = (error: unknown, step: string): never => {
  if (error instanceof DimseError) throw new DeliveryError(`${step}: ${error.message}`, error.transient);
  throw error;
};

/** The Part 10 file as a dcmjs-dimse Dataset in the file's own transfer syntax. */
function datasetOf(instance: DicomInstance): { dataset: InstanceType<typeof dimse.Dataset>; transferSyntax: string } {
  const bytes = Buffer.concat([instance.before, instance.pixels, instance.after]);
  const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.meta);
  const transferSyntax = String(meta.TransferSyntaxUID);
  const elements = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
  return { dataset: new dimse.Dataset(elements, transferSyntax), transferSyntax };
}

/** C-STORE; throws a DeliveryError unless the PACS reports the instance stored. */
export async function storeInstanceDimse(peer: DimsePeer, instance: DicomInstance, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const { dataset } = datasetOf(instance);
  const request = new dimse.requests.CStoreRequest(dataset);
  let responses;
  try {
    [responses] = await runAssociation(peer, [request], options);
  } catch (error) {
    return asDelivery(error, 'C-STORE');
  }
  const status = responses!.at(-1)!.getStatus();
  const outcome = storeStatusOutcome(status);
  if (outcome !== 'stored') throw new DeliveryError(`C-STORE: the PACS refused the instance (status 0x${status.toString(16).padStart(4, '0')}).`, outcome === 'transient');
}

/**
 * The read-back where the PACS answers queries: an IMAGE-level C-FIND (Study Root) for the
 * instance's three UIDs. True when the PACS lists exactly this instance under its study and series.
 */
export async function instanceHeldDimse(peer: DimsePeer, uids: DicomUids, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<boolean> {
  const request = new dimse.requests.CFindRequest(dimse.constants.Priority.Medium);
  request.setAffectedSopClassUid(STUDY_ROOT_FIND);
  request.setDataset(
    new dimse.Dataset({ QueryRetrieveLevel: 'IMAGE', StudyInstanceUID: uids.studyInstanceUid, SeriesInstanceUID: uids.seriesInstanceUid, SOPInstanceUID: uids.sopInstanceUid, SOPClassUID: '' }),
  );
  let responses;
  try {
    [responses] = await runAssociation(peer, [request], options);
  } catch (error) {
    return asDelivery(error, 'C-FIND read-back');
  }
  const final = responses!.at(-1)!.getStatus();
  if (final !== 0) throw new DeliveryError(`C-FIND read-back: the PACS refused the query (status 0x${final.toString(16).padStart(4, '0')}).`, (final & 0xff00) === 0xa700);
  const found = responses!.filter((r) => isPending(r.getStatus())).map((r) => String(r.getDataset()?.getElement('SOPInstanceUID') ?? '').trim());
  return found.length === 1 && found[0] === uids.sopInstanceUid;
}

/** The connection test: C-ECHO (Verification). */
export async function probeDimse(peer: DimsePeer): Promise<string> {
  try {
    const [responses] = await runAssociation(peer, [new dimse.requests.CEchoRequest()], { timeoutMs: 15_000 });
    const status = responses!.at(-1)!.getStatus();
    if (status !== 0) throw new DeliveryError(`C-ECHO: status 0x${status.toString(16)}.`, false);
    return 'Connected: the PACS answered a C-ECHO.';
  } catch (error) {
    return asDelivery(error, 'C-ECHO');
  }
}
