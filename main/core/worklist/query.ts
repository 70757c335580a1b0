// Modality Worklist C-FIND (PS3.4 K.6, SOP class 1.2.840.10008.5.1.4.31): the query this station
// sends (modality XC, its own AE title as Scheduled Station AE Title, one date) and the reading of
// each answer into a WorklistEntry. Answers come as UTF-8 (we ask with ISO_IR 192); values are
// trimmed (odd-length values arrive space-padded) and an answer without the keys an order needs
// (MRN, accession, scheduled step id) is left out rather than half-shown.
import type { WorklistEntry } from '../../../shared/channels/worklist';
import { CoreError } from '../../../shared/errors';
import { DimseError, dimse, isPending, runAssociation, type DimsePeer } from '../dimse/association';

export const MODALITY_WORKLIST_FIND = '1.2.840.10008.5.1.4.31';
export const WORKLIST_MODALITY = 'XC';

/** Today in the workstation's local time zone, YYYY-MM-DD: what "today's worklist" means here. */
export const localToday = (at: Date): string =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

/** The identifier the C-FIND carries: matching keys filled, return keys empty (PS3.4 C.2.2.2). */
export function worklistQuery(stationAe: string, date: string): Record<string, unknown> {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: '',
    PatientID: '',
    IssuerOfPatientID: '',
    PatientBirthDate: '',
    PatientSex: '',
    AccessionNumber: '',
    RequestedProcedureID: '',
    RequestedProcedureDescription: '',
    StudyInstanceUID: '',
    ScheduledProcedureStepSequence: [
      {
        Modality: WORKLIST_MODALITY,
        ScheduledStationAETitle: stationAe,
        ScheduledProcedureStepStartDate: date.replaceAll('-', ''),
        ScheduledProcedureStepStartTime: '',
        ScheduledProcedureStepID: '',
        ScheduledProcedureStepDescription: '',
      },
    ],
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '').trim();

/** PN as dcmjs naturalizes it ([{ Alphabetic: 'Family^Given^Middle' }]) → family, given (+ middle). */
function personName(v: unknown): { familyName: string; givenName: string } {
  const first = Array.isArray(v) ? v[0] : v;
  const alphabetic = typeof first === 'string' ? first : text((first as { Alphabetic?: unknown } | undefined)?.Alphabetic);
  const [family = '', given = '', middle = ''] = alphabetic.split('^').map((p) => p.trim());
  return { familyName: family, givenName: [given, middle].filter(Boolean).join(' ') };
}

const isoDate = (da: string): string | null => (/^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : null);

function scheduledAt(da: string, tm: string): string {
  const date = isoDate(da) ?? da;
  const t = /^(\d{2})(\d{2})?/.exec(tm.replace(/:/g, ''));
  return t ? `${date}T${t[1]}:${t[2] ?? '00'}` : date;
}

/** One answer → an entry, or null when it lacks what an order needs. */
export function readWorklistAnswer(elements: Record<string, unknown>): WorklistEntry | null {
  const step = ((elements.ScheduledProcedureStepSequence as Array<Record<string, unknown>> | undefined) ?? [])[0] ?? {};
  const mrn = text(elements.PatientID);
  const accessionNumber = text(elements.AccessionNumber);
  const scheduledStepId = text(step.ScheduledProcedureStepID);
  if (!mrn || !accessionNumber || !scheduledStepId) return null;
  return {
    key: `${accessionNumber}\\${scheduledStepId}`,
    mrn,
    issuerOfPatientId: text(elements.IssuerOfPatientID),
    ...personName(elements.PatientName),
    birthDate: isoDate(text(elements.PatientBirthDate)),
    sex: text(elements.PatientSex),
    accessionNumber,
    requestedProcedureId: text(elements.RequestedProcedureID),
    requestedProcedureDescription: text(elements.RequestedProcedureDescription),
    studyInstanceUid: text(elements.StudyInstanceUID),
    scheduledStepId,
    scheduledStepDescription: text(step.ScheduledProcedureStepDescription),
    scheduledAt: scheduledAt(text(step.ScheduledProcedureStepStartDate), text(step.ScheduledProcedureStepStartTime)),
    modality: text(step.Modality),
    stationAe: text(step.ScheduledStationAETitle),
  };
}

/**
 * Asks the provider for `date`'s scheduled steps for this station (its calling AE title) and
 * modality XC; entries sorted by scheduled time, then accession. Fails with PEER_FAILED (the
 * provider's refusal or absence, in words without PHI).
 */
export async function queryWorklist(peer: DimsePeer, date: string, timeoutMs = 15_000): Promise<WorklistEntry[]> {
  const request = new dimse.requests.CFindRequest(dimse.constants.Priority.Medium);
  request.setAffectedSopClassUid(MODALITY_WORKLIST_FIND);
  request.setDataset(new dimse.Dataset(worklistQuery(peer.callingAe, date)));
  let responses;
  try {
    [responses] = await runAssociation(peer, [request], { timeoutMs });
  } catch (error) {
    if (error instanceof DimseError) throw new CoreError('PEER_FAILED', `Worklist: ${error.message}`);
    throw error;
  }
  const final = responses!.at(-1)!;
  const status = final.getStatus();
  if (status !== dimse.constants.Status.Success) {
    throw new CoreError('PEER_FAILED', `Worklist: the provider refused the query (status 0x${status.toString(16).padStart(4, '0')}).`);
  }
  const entries = responses!
    .filter((r) => isPending(r.getStatus()))
    .map((r) => r.getDataset())
    .filter((d) => d !== undefined)
    .map((d) => readWorklistAnswer(d.getElements()))
    .filter((e): e is WorklistEntry => e !== null);
  return entries.sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt) || a.accessionNumber.localeCompare(b.accessionNumber));
}
