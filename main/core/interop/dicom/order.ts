// What a photo taken for a worklist order carries in its DICOM instance (PS3.3 C.7.2.1 General
// Study, C.7.3.1 General Series; IHE RAD TF-2 4.8 "Scheduled workflow" attribute mapping): the
// Accession Number from the order, and one Request Attributes Sequence item naming the requested
// procedure and the scheduled step it fulfils. The Study Instance UID the order came with is used
// as the study's UID (vl-photo.ts), so the PACS files the photos under the ordered study.
import type { WorklistOrder } from '../../worklist/orders';
import { text } from './values';


export function orderAttributes(order: WorklistOrder | null | undefined): Record<string, unknown> {
  if (!order) return {};
  const item: Record<string, unknown> = {
    AccessionNumber: text(order.accessionNumber, 'SH'),
    RequestedProcedureID: text(order.requestedProcedureId, 'SH'),
    ScheduledProcedureStepID: text(order.scheduledStepId, 'SH'),
  };
  if (order.requestedProcedureDescription) item.RequestedProcedureDescription = text(order.requestedProcedureDescription, 'LO');
  if (order.scheduledStepDescription) item.ScheduledProcedureStepDescription = text(order.scheduledStepDescription, 'LO');
  if (order.studyInstanceUid) item.StudyInstanceUID = order.studyInstanceUid;
  return { AccessionNumber: text(order.accessionNumber, 'SH'), RequestAttributesSequence: [item] };
}
