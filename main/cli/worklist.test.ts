// The real `settings worklist` and `worklist query` CLI as child processes against a real data
// directory and both real worklist providers (wlmscpfs, Orthanc's plugin): one tab-separated line
// per scheduled step, exit 0; refusals are one line with exit 1 (provider refused, nothing set up)
// or 2 (malformed command line); the patient's name never reaches stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, tempDir, testCore, unwrap } from '../core/test-support/fixtures';
import { startWorklistPeers, type WorklistPeers } from '../core/test-support/peers/worklist';
import { localToday } from '../core/worklist/query';
import { runCli } from './test-support';
import { worklistLine } from './worklist';

const STATION = 'CLICAM';
const today = localToday(new Date());
const tomorrow = localToday(new Date(Date.now() + 86_400_000));

let peers: WorklistPeers;
let work: Awaited<ReturnType<typeof tempDir>>;
const pw = `${ADMIN.password}\n`;
const settings = (port: number, calledAe: string, extra: string[] = []) =>
  runCli(['settings', 'worklist', '--data-dir', work.dir, '--user', 'admin', '--host', '127.0.0.1', '--port', String(port), '--called-ae', calledAe, '--calling-ae', STATION, ...extra], pw);
const query = (extra: string[] = []) => runCli(['worklist', 'query', '--data-dir', work.dir, '--user', 'admin', ...extra], pw);

beforeAll(async () => {
  peers = await startWorklistPeers(STATION);
  const base = { birthDate: '19710304', sex: 'F', stationAe: STATION, requestedProcedureId: 'RP-9', requestedProcedureDescription: 'Clinical photography', studyInstanceUid: '2.25.77' };
  await peers.add({ ...base, patientName: 'Ñúñez-Ødegård^Zoë', patientId: 'PAT-UTF8', accession: 'ACC-0001', date: today.replaceAll('-', ''), time: '093000', stepId: 'S1', stepDescription: 'Skin lesion photography' });
  await peers.add({ ...base, patientName: 'Smith^John', patientId: 'PAT-ASCII', accession: 'ACC-0002', date: tomorrow.replaceAll('-', ''), time: '1100', stepId: 'S2', stepDescription: 'Follow-up photography' });
  work = await tempDir('cpw-cli-worklist-');
  const core = testCore(work.dir);
  unwrap(await core.connect().api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
  await core.close();
}, 60_000);
afterAll(async () => {
  await peers?.stop();
  await work?.cleanup();
});

describe('worklist CLI', { timeout: 120_000 }, () => {
  it('prints the requested procedure when a step has no description of its own, and keeps every line one line', () => {
    const entry = { mrn: 'M\n1', familyName: 'Doe', givenName: '', accessionNumber: 'A\t1', scheduledAt: '2026-01-02T10:00', scheduledStepDescription: '', requestedProcedureDescription: 'Clinical photography' };
    expect(worklistLine(entry as Parameters<typeof worklistLine>[0])).toBe('M 1\tDoe\tA 1\t2026-01-02T10:00\tClinical photography');
  });

  it('says when no provider is set up (exit 1)', async () => {
    const run = await query();
    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toMatch(/^error: no worklist provider is configured/);
  });

  it.each(['wlmscpfs', 'orthanc'] as const)('lists the day from %s, one TSV line per step', async (name) => {
    const set = await settings(peers[name].port, peers[name].calledAe);
    expect(set.stderr).toBe('');
    expect([set.code, set.stdout]).toEqual([0, `worklist provider: ${peers[name].calledAe} at 127.0.0.1:${peers[name].port}, this station ${STATION}, plain DICOM (loopback)\n`]);

    const run = await query();
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(`PAT-UTF8\tÑúñez-Ødegård, Zoë\tACC-0001\t${today}T09:30\tSkin lesion photography\n`);

    const other = await query(['--date', tomorrow]);
    expect(other.stdout).toBe(`PAT-ASCII\tSmith, John\tACC-0002\t${tomorrow}T11:00\tFollow-up photography\n`);
    const none = await query(['--date', '2001-01-01']);
    expect([none.code, none.stdout, none.stderr]).toEqual([0, '', '']);
  });

  it('reports a refusal by the provider in one line without PHI (exit 1)', async () => {
    expect((await settings(peers.wlmscpfs.port, 'WRONGAE')).code).toBe(0);
    const run = await query();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: worklist: The DICOM peer rejected the association: the called AE title is not recognized\n');
    expect(run.stdout).toBe('');
  });

  it('refuses malformed options with exit 2 and invalid settings with exit 1', async () => {
    expect((await query(['--date', '06.12.2026'])).code).toBe(2);
    expect((await settings(0, 'WL')).code).toBe(2);
    const missing = await runCli(['settings', 'worklist', '--data-dir', work.dir, '--user', 'admin', '--host', '127.0.0.1', '--port', '104', '--called-ae', 'WL'], pw);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/^error: missing required option --calling-ae\n/)]);
    const longAe = await settings(104, 'A-NAME-LONGER-THAN-16');
    expect([longAe.code, longAe.stderr]).toEqual([1, expect.stringMatching(/^error: --called-ae /)]);
    const remote = await runCli(['settings', 'worklist', '--data-dir', work.dir, '--user', 'admin', '--host', '192.0.2.10', '--port', '104', '--called-ae', 'WL', '--calling-ae', STATION], pw);
    expect([remote.code, remote.stderr]).toEqual([1, expect.stringMatching(/^error: plain DICOM is allowed only to this computer/)]);
  });
});
