// The Modality Worklist C-FIND against both real providers from Debian (dcmtk's wlmscpfs and
// Orthanc's ModalityWorklists plugin): today's steps for this station and modality XC come back
// with UTF-8 names intact; another station's, another modality's and another day's do not; a wrong
// called AE title, an unknown calling AE and a closed port fail with PEER_FAILED and no PHI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import { startWorklistPeers, type WorklistItem, type WorklistPeers } from '../test-support/peers/worklist';
import { freeLoopbackPort } from '../test-support/peers/processes';
import { localToday, queryWorklist } from './query';

const STATION = 'CLINICCAM1';
const today = localToday(new Date());
const yesterday = localToday(new Date(Date.now() - 86_400_000));
const da = (iso: string) => iso.replaceAll('-', '');

const item = (over: Partial<WorklistItem>): WorklistItem => ({
  patientName: 'Smith^John',
  patientId: 'PAT-1',
  birthDate: '19710304',
  sex: 'M',
  accession: 'ACC-1',
  stationAe: STATION,
  date: da(today),
  time: '093000',
  stepId: 'SPS-1',
  stepDescription: 'Skin lesion photography',
  requestedProcedureId: 'RP-1',
  requestedProcedureDescription: 'Clinical photography',
  studyInstanceUid: '2.25.1001',
  ...over,
});

let peers: WorklistPeers;
beforeAll(async () => {
  peers = await startWorklistPeers(STATION);
  await peers.add(item({ patientName: 'Ñúñez-Ødegård^Zoë', patientId: 'PAT-UTF8', birthDate: '19800229', sex: 'F', accession: 'ACC-0001', time: '143000', stepId: 'SPS-A', studyInstanceUid: '2.25.1002' }));
  await peers.add(item({ accession: 'ACC-0002', time: '0815', stepId: 'SPS-B' }));
  await peers.add(item({ accession: 'ACC-OTHER-STATION', stationAe: 'OTHERCAM', stepId: 'SPS-C' }));
  await peers.add(item({ accession: 'ACC-CT', modality: 'CT', stepId: 'SPS-D' }));
  await peers.add(item({ accession: 'ACC-YESTERDAY', date: da(yesterday), stepId: 'SPS-E' }));
}, 30_000);
afterAll(async () => peers?.stop());

const peerOf = (p: { port: number; calledAe: string }, over: Partial<{ calledAe: string; callingAe: string; port: number }> = {}) => ({
  host: '127.0.0.1',
  port: p.port,
  calledAe: p.calledAe,
  callingAe: STATION,
  tlsCaPem: null,
  ...over,
});

describe.each(['wlmscpfs', 'orthanc'] as const)('Modality Worklist C-FIND against %s', (name) => {
  const provider = () => peers[name];

  it("returns today's XC steps for this station, sorted by time, every field read", async () => {
    const entries = await queryWorklist(peerOf(provider()), today);
    expect(entries.map((e) => e.accessionNumber)).toEqual(['ACC-0002', 'ACC-0001']);
    expect(entries[1]).toEqual({
      key: 'ACC-0001\\SPS-A',
      mrn: 'PAT-UTF8',
      issuerOfPatientId: '',
      familyName: 'Ñúñez-Ødegård',
      givenName: 'Zoë',
      birthDate: '1980-02-29',
      sex: 'F',
      accessionNumber: 'ACC-0001',
      requestedProcedureId: 'RP-1',
      requestedProcedureDescription: 'Clinical photography',
      studyInstanceUid: '2.25.1002',
      scheduledStepId: 'SPS-A',
      scheduledStepDescription: 'Skin lesion photography',
      scheduledAt: `${today}T14:30`,
      modality: 'XC',
      stationAe: STATION,
    });
    expect(entries[0]!.scheduledAt).toBe(`${today}T08:15`);
  });

  it("asks for one date: yesterday's list holds only yesterday's step", async () => {
    const entries = await queryWorklist(peerOf(provider()), yesterday);
    expect(entries.map((e) => e.accessionNumber)).toEqual(['ACC-YESTERDAY']);
  });

  it('fails with PEER_FAILED on a wrong called AE title, naming the cause', async () => {
    const failure = await queryWorklist(peerOf(provider(), { calledAe: 'NOTHERE' }), today).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CoreError);
    expect(failure).toMatchObject({ code: 'PEER_FAILED', message: expect.stringMatching(/called AE title is not recognized/) });
  });
});

describe('Modality Worklist failures', () => {
  it('an AE title Orthanc does not know gets PEER_FAILED, never an empty list', async () => {
    // Orthanc aborts the association; the library reports that only when the link times out.
    const failure = await queryWorklist(peerOf(peers.orthanc, { callingAe: 'STRANGER' }), today, 3000).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'PEER_FAILED' });
  });

  it('a closed port gets PEER_FAILED quickly', async () => {
    const port = await freeLoopbackPort();
    const t0 = Date.now();
    const failure = await queryWorklist(peerOf(peers.wlmscpfs, { port }), today).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'PEER_FAILED', message: expect.stringContaining('ECONNREFUSED') });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('refuses plain DIMSE to another host before connecting', async () => {
    await expect(queryWorklist({ ...peerOf(peers.wlmscpfs), host: '192.0.2.7' }, today)).rejects.toMatchObject({ code: 'INSECURE_TARGET' });
  });
});
