// Smoke test of the delivery peers themselves: if these fail, the sync and interop tests cannot be
// trusted. Orthanc and nginx are required Debian packages: a missing one fails here, loudly.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartParts, stowBody, stowOutcome, STOW_ACCEPT, WADO_ACCEPT } from './dicomweb';
import { startFhirServer, type FhirPeer } from './fhir-server';
import { peerRequest } from './http';
import { startOrthanc, type OrthancPeer } from './orthanc';
import { makeSampleDicom } from './sample-dicom';

describe('Orthanc behind nginx TLS', () => {
  let pacs: OrthancPeer;
  beforeAll(async () => {
    pacs = await startOrthanc();
  });
  afterAll(async () => {
    await pacs?.stop();
  });

  const stow = async (file: Buffer) => {
    const { body, contentType } = stowBody([file]);
    return await peerRequest(`${pacs.dicomwebUrl}/studies`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: STOW_ACCEPT },
      body,
      auth: pacs,
      ca: pacs.caPem,
    });
  };

  it('stores over STOW-RS, finds by PatientID, returns it byte for byte, keeps one copy of a repeat', async () => {
    const patientId = `P-${randomUUID().slice(0, 8)}`;
    const sample = await makeSampleDicom(patientId);
    const before = await pacs.countInstances();

    const first = await stow(sample.bytes);
    expect(first.status).toBe(200);
    expect(stowOutcome(first.body)).toEqual({ stored: [sample.sopInstanceUid], failed: [] });

    const qido = await peerRequest(`${pacs.dicomwebUrl}/studies?PatientID=${patientId}`, { auth: pacs, ca: pacs.caPem, headers: { accept: 'application/dicom+json' } });
    expect(qido.status).toBe(200);
    const studies = JSON.parse(qido.body.toString('utf8')) as Array<Record<string, { Value: string[] }>>;
    expect(studies.map((s) => s['0020000D']?.Value[0])).toEqual([sample.studyInstanceUid]);

    const wado = await peerRequest(
      `${pacs.dicomwebUrl}/studies/${sample.studyInstanceUid}/series/${sample.seriesInstanceUid}/instances/${sample.sopInstanceUid}`,
      { auth: pacs, ca: pacs.caPem, headers: { accept: WADO_ACCEPT } },
    );
    expect(wado.status).toBe(200);
    const parts = multipartParts(wado.body, wado.headers['content-type']);
    expect(parts).toHaveLength(1);
    expect(Buffer.compare(parts[0]!, sample.bytes)).toBe(0);

    const again = await stow(sample.bytes);
    expect(again.status).toBe(200);
    expect(stowOutcome(again.body).failed).toEqual([]);
    expect(await pacs.countInstances()).toBe(before + 1);
    expect(await pacs.listSopInstanceUids()).toContain(sample.sopInstanceUid);
  });

  it('refuses a request without credentials or with a wrong password', async () => {
    expect((await peerRequest(`${pacs.dicomwebUrl}/studies`, { ca: pacs.caPem })).status).toBe(401);
    expect((await peerRequest(`${pacs.dicomwebUrl}/studies`, { ca: pacs.caPem, auth: { username: pacs.username, password: 'wrong' } })).status).toBe(401);
  });

  it('is refused by a client that does not trust the test CA', async () => {
    await expect(peerRequest(`${pacs.dicomwebUrl}/studies`, { auth: pacs })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('does not speak plain HTTP on the TLS port', async () => {
    const plain = pacs.dicomwebUrl.replace('https://', 'http://');
    const res = await peerRequest(`${plain}/studies`, { auth: pacs }).catch((error: Error) => error);
    // nginx answers 400 "plain HTTP request was sent to HTTPS port"; never a DICOM answer.
    expect(res instanceof Error ? 'refused' : res.status).not.toBe(200);
    if (!(res instanceof Error)) expect(res.status).toBe(400);
  });

  it('answers 502 while Orthanc is down and recovers with its storage intact', async () => {
    const count = await pacs.countInstances();
    await pacs.takeOrthancDown();
    expect((await peerRequest(`${pacs.dicomwebUrl}/studies`, { auth: pacs, ca: pacs.caPem })).status).toBe(502);
    await pacs.bringOrthancUp();
    expect(await pacs.countInstances()).toBe(count);
  });
});

describe('validating FHIR R4 server', () => {
  let fhir: FhirPeer;
  beforeAll(async () => {
    fhir = await startFhirServer();
  });
  afterAll(async () => {
    await fhir?.stop();
  });

  const post = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await peerRequest(`${fhir.baseUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: JSON.parse(res.body.toString('utf8')) as Record<string, unknown> };
  };

  const patientUrn = `urn:uuid:${randomUUID()}`;
  const transaction = (mrn: string) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrn,
        resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test:mrn', value: mrn }], gender: 'unknown' },
        request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=urn:test:mrn|${mrn}` },
      },
      {
        resource: {
          resourceType: 'Encounter',
          status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
          subject: { reference: patientUrn },
        },
        request: { method: 'POST', url: 'Encounter' },
      },
    ],
  });

  it('accepts a transaction with urn:uuid references and conditional create, and finds it by identifier', async () => {
    const first = await post('', transaction('MRN-1'));
    expect(first.status).toBe(200);
    expect(first.json.type).toBe('transaction-response');
    const again = await post('', transaction('MRN-1'));
    expect(again.status).toBe(200);
    const patients = await fhir.resources('Patient');
    expect(patients).toHaveLength(1);
    const encounters = await fhir.resources('Encounter');
    expect(encounters.map((e) => (e as { subject?: { reference?: string } }).subject?.reference)).toEqual([
      `Patient/${patients[0]!.id}`,
      `Patient/${patients[0]!.id}`,
    ]);

    const found = await peerRequest(`${fhir.baseUrl}/Patient?identifier=${encodeURIComponent('urn:test:mrn|MRN-1')}`);
    expect(found.status).toBe(200);
    const bundle = JSON.parse(found.body.toString('utf8')) as { entry?: Array<{ resource: { id: string } }> };
    expect(bundle.entry?.map((e) => e.resource.id)).toEqual([patients[0]!.id]);
    const read = await peerRequest(`${fhir.baseUrl}/Patient/${patients[0]!.id}`);
    expect(read.status).toBe(200);
  });

  it('refuses an invalid resource or a code outside a required value set, alone or in a transaction, with 400', async () => {
    const alone = await post('/Patient', { resourceType: 'Patient', birthDate: 'not a date' });
    expect(alone.status).toBe(400);
    expect(alone.json.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(alone.json)).toContain('Patient.birthDate');

    const badCode = await post('/Patient', { resourceType: 'Patient', gender: 'bogus' });
    expect(badCode.status).toBe(400);
    expect(JSON.stringify(badCode.json)).toContain('administrative-gender');

    const bad = transaction('MRN-2');
    (bad.entry[1]!.resource as Record<string, unknown>).unknownField = true;
    const inBundle = await post('', bad);
    expect(inBundle.status).toBe(400);
    expect(JSON.stringify(inBundle.json)).toContain('unknownField');
    expect((await fhir.resources('Patient')).map((p) => (p as { identifier?: Array<{ value?: string }> }).identifier?.[0]?.value)).not.toContain('MRN-2');
  });

  it('serves HTTPS with its own CA and can require a bearer token', async () => {
    const secure = await startFhirServer({ tls: true, bearerToken: 'secret-token' });
    try {
      expect(secure.baseUrl.startsWith('https://127.0.0.1:')).toBe(true);
      expect((await peerRequest(`${secure.baseUrl}/Patient`, { ca: secure.caPem })).status).toBe(401);
      expect((await peerRequest(`${secure.baseUrl}/Patient`, { ca: secure.caPem, headers: { authorization: 'Bearer secret-token' } })).status).toBe(200);
      await expect(peerRequest(`${secure.baseUrl}/Patient`, { headers: { authorization: 'Bearer secret-token' } })).rejects.toThrow(/certificate/i);
    } finally {
      await secure.stop();
    }
  });
});
