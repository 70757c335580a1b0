// Real Modality Worklist providers for the worklist tests: dcmtk's wlmscpfs (called AE WLMSCP) and
// Orthanc with its bundled ModalityWorklists plugin (called AE ORTHANCWL), both on free loopback
// ports with everything in a temp dir. Entries are written as dcmdump text and converted with
// dump2dcm into both databases; both reread the folder per query, so entries can be added while
// running. Quirks (shared RECIPES-peers.md): wlmscpfs needs a `lockfile` beside the entries and
// `-csk` to answer with (0008,0005); Orthanc answers only AE titles in DicomModalities. Both listen
// on 0.0.0.0 (no bind option). Required peers: a missing binary is an error, not a skip.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ORTHANC } from './orthanc';
import { freeLoopbackPort, requireExecutable, startDaemon, waitUntilReady, type Daemon } from './processes';

const run = promisify(execFile);
export const WORKLIST_PLUGIN = '/usr/share/orthanc/plugins/libModalityWorklists.so';

export interface WorklistItem {
  patientName: string;
  patientId: string;
  birthDate: string; // YYYYMMDD
  sex: string;
  accession: string;
  stationAe: string;
  date: string; // YYYYMMDD
  time: string; // HHMMSS
  stepId: string;
  stepDescription: string;
  requestedProcedureId: string;
  requestedProcedureDescription: string;
  studyInstanceUid: string;
  modality?: string;
}

export interface WorklistProvider {
  readonly name: 'wlmscpfs' | 'orthanc';
  readonly port: number;
  readonly calledAe: string;
}

export interface WorklistPeers {
  readonly providers: readonly WorklistProvider[];
  readonly wlmscpfs: WorklistProvider;
  readonly orthanc: WorklistProvider;
  add(item: WorklistItem): Promise<void>;
  stop(): Promise<void>;
}

function dump(i: WorklistItem): string {
  return `(0008,0005) CS [ISO_IR 192]
(0008,0050) SH [${i.accession}]
(0008,0090) PN [Referrer^Rita]
(0010,0010) PN [${i.patientName}]
(0010,0020) LO [${i.patientId}]
(0010,0030) DA [${i.birthDate}]
(0010,0040) CS [${i.sex}]
(0020,000d) UI [${i.studyInstanceUid}]
(0032,1060) LO [${i.requestedProcedureDescription}]
(0040,0100) SQ
(fffe,e000) -
(0008,0060) CS [${i.modality ?? 'XC'}]
(0040,0001) AE [${i.stationAe}]
(0040,0002) DA [${i.date}]
(0040,0003) TM [${i.time}]
(0040,0006) PN [Photographer^Pat]
(0040,0007) LO [${i.stepDescription}]
(0040,0009) SH [${i.stepId}]
(fffe,e00d) -
(fffe,e0dd) -
(0040,1001) SH [${i.requestedProcedureId}]
`;
}

/** Starts both providers; `callingAe` is the AE title the app will use (Orthanc must know it). */
export async function startWorklistPeers(callingAe: string): Promise<WorklistPeers> {
  requireExecutable('/usr/bin/wlmscpfs', 'dcmtk');
  requireExecutable('/usr/bin/dump2dcm', 'dcmtk');
  requireExecutable('/usr/bin/echoscu', 'dcmtk');
  requireExecutable(ORTHANC, 'orthanc');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'worklist-peers-'));
  const daemons: Daemon[] = [];
  try {
    const wlmDb = path.join(dir, 'wlm');
    const wlmFolder = path.join(wlmDb, 'WLMSCP');
    const orthancFolder = path.join(dir, 'orthanc', 'worklists');
    await mkdir(wlmFolder, { recursive: true });
    await mkdir(orthancFolder, { recursive: true });
    await mkdir(path.join(dir, 'orthanc', 'tmp'), { recursive: true });
    await mkdir(path.join(dir, 'entries'), { recursive: true });
    // Without it wlmscpfs refuses every C-FIND for this AE ("OutOfResources").
    await writeFile(path.join(wlmFolder, 'lockfile'), '');
    const [wlmPort, orthancPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const config = {
      Name: 'WorklistPeer',
      StorageDirectory: path.join(dir, 'orthanc', 'storage'),
      IndexDirectory: path.join(dir, 'orthanc', 'index'),
      TemporaryDirectory: path.join(dir, 'orthanc', 'tmp'),
      HttpServerEnabled: false,
      DicomServerEnabled: true,
      DicomAet: 'ORTHANCWL',
      DicomPort: orthancPort,
      DicomCheckCalledAet: true,
      DicomModalities: { app: [callingAe, '127.0.0.1', 104] },
      DicomAlwaysAllowFindWorklist: false,
      DefaultEncoding: 'Utf8',
      Plugins: [WORKLIST_PLUGIN],
      Worklists: { Enable: true, Database: orthancFolder },
    };
    const configPath = path.join(dir, 'orthanc', 'orthanc.json');
    await writeFile(configPath, JSON.stringify(config, null, 2));
    const wlm = startDaemon('wlmscpfs', '/usr/bin/wlmscpfs', ['-s', '-csk', '-dfp', wlmDb, String(wlmPort)], dir);
    const orthanc = startDaemon('Orthanc (worklists)', ORTHANC, [configPath], dir);
    daemons.push(wlm, orthanc);
    const echo = async (ae: string, port: number) => {
      await run('/usr/bin/echoscu', ['-to', '2', '-aet', callingAe, '-aec', ae, '127.0.0.1', String(port)]);
      return true;
    };
    await waitUntilReady('wlmscpfs', wlm, () => echo('WLMSCP', wlmPort));
    await waitUntilReady('Orthanc (worklists)', orthanc, () => echo('ORTHANCWL', orthancPort));
    let n = 0;
    const wlmscpfs: WorklistProvider = { name: 'wlmscpfs', port: wlmPort, calledAe: 'WLMSCP' };
    const orthancProvider: WorklistProvider = { name: 'orthanc', port: orthancPort, calledAe: 'ORTHANCWL' };
    return {
      providers: [wlmscpfs, orthancProvider],
      wlmscpfs,
      orthanc: orthancProvider,
      async add(item) {
        n += 1;
        const dumpFile = path.join(dir, 'entries', `e${n}.dump`);
        await writeFile(dumpFile, dump(item));
        const wl = path.join(wlmFolder, `e${n}.wl`);
        await run('/usr/bin/dump2dcm', ['+te', dumpFile, wl]);
        await copyFile(wl, path.join(orthancFolder, `e${n}.wl`));
      },
      async stop() {
        await Promise.all(daemons.map((d) => d.kill()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(daemons.map((d) => d.kill()));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
