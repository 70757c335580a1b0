// The worklist order in the FHIR output: a logical reference to the ServiceRequest by its
// accession number (identifier type ACSN, v2 table 0203), as IHE MHD and the DICOM–FHIR mapping
// of Accession Number do. It goes in Media.basedOn and DocumentReference.context.related, so the
// EMR can file the photo under the order without this workstation knowing the order's FHIR id.
import type { Reference, ServiceRequest } from '@medplum/fhirtypes';
import type { WorklistOrder } from '../../worklist/orders';

export const ACCESSION_TYPE = { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN', display: 'Accession ID' } as const;

export function orderReference(order: WorklistOrder | null | undefined): Reference<ServiceRequest> | null {
  if (!order) return null;
  return {
    type: 'ServiceRequest',
    identifier: { type: { coding: [{ ...ACCESSION_TYPE }] }, value: order.accessionNumber },
    ...(order.requestedProcedureDescription ? { display: order.requestedProcedureDescription } : {}),
  };
}
