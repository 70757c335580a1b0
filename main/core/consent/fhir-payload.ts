// What a consent becomes on the FHIR wire (interop/fhir/consent.ts), built from the database and
// its sealed document for every attempt: the record as it stands now (a withdrawal shows), the
// patient, the clinic's MRN system, the PDF or scan, and the signature's pointer stream.
import type { BlobStore } from '../blobs/blob-store';
import { getBlobRecord } from '../blobs/blob-rows';
import type { Db } from '../db/open';
import { mrnSystem } from '../interop/settings';
import { buildConsentBundle } from '../interop/fhir/consent';
import { getPatient } from '../patients/patients';
import type { Bundle } from '@medplum/fhirtypes';
import { getConsentRow, scopeRowsOf, signatureOf } from './records';
import { consentView } from './state';

export async function consentFhirBundle(db: Db, blobs: BlobStore, consentId: string, at: Date): Promise<Bundle> {
  const row = getConsentRow(db, consentId);
  const document = await blobs.read(getBlobRecord(db, row.document_blob_id));
  return buildConsentBundle({
    consent: consentView(row, scopeRowsOf(db, [row.id]), at),
    patient: getPatient(db, row.patient_id),
    mrnSystem: mrnSystem(db),
    document,
    signature: signatureOf(db, row.id),
    recordedBy: row.recorded_by_name,
  });
}
