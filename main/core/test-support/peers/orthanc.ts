// A real PACS for the delivery tests: Debian's Orthanc with the DICOMweb plugin, started in the
// foreground on loopback HTTP with basic auth and everything in a temp dir, behind nginx
// terminating TLS with a throwaway CA (Orthanc 1.10's own HTTPS resets connections here; see
// RECIPES.md "TLS in front of Orthanc"). Required peer: a missing binary is an error, not a skip.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { peerRequest } from './http';
import { startTlsProxy } from './nginx';
import { freeLoopbackPort, requireExecutable, startDaemon, waitUntilReady, type Daemon } from './processes';
import { makeTestCertificates } from './tls';

export const ORTHANC = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface OrthancPeer {
  /** https://127.0.0.1:<nginx port>/dicom-web (no trailing slash): the URL the app is configured with. */
  dicomwebUrl: string;
  /** https://127.0.0.1:<nginx port>: Orthanc's REST API through the proxy. */
  tlsUrl: string;
  /** http://127.0.0.1:<orthanc port>: Orthanc directly, for test bookkeeping only. */
  httpUrl: string;
  /** Orthanc's DICOM port when started with `dimseCallingAe` (called AE `ORTHANC`), else null. */
  dicomPort: number | null;
  /** PEM of the throwaway CA the client must pin. */
  caPem: string;
  username: string;
  password: string;
  /** Instances Orthanc holds (GET /statistics), straight from Orthanc. */
  countInstances(): Promise<number>;
  /** SOP Instance UIDs Orthanc holds. */
  listSopInstanceUids(): Promise<string[]>;
  /** Kills Orthanc only (nginx then answers 502): a PACS outage. Storage is kept. */
  takeOrthancDown(): Promise<void>;
  /** Starts Orthanc again on the same port and storage after takeOrthancDown(). */
  bringOrthancUp(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOrthancOptions {
  /** Parent for the peer's temp dir (default: the OS temp dir). */
  tmpDir?: string;
  /** Also listen for DIMSE (called AE `ORTHANC`), answering only this calling AE title on 127.0.0.1. */
  dimseCallingAe?: string;
  /** Where that AE listens for storage commitment reports (Orthanc connects back there). */
  dimseCallingPort?: number;
}

export async function startOrthanc(options: StartOrthancOptions = {}): Promise<OrthancPeer> {
  requireExecutable(ORTHANC, 'orthanc');
  try {
    await readFile(DICOMWEB_PLUGIN);
  } catch {
    throw new Error(`${DICOMWEB_PLUGIN} is missing: the delivery tests need the Debian package "orthanc-dicomweb" (scripts/install-system-deps.sh installs it)`);
  }
  const parent = options.tmpDir ?? os.tmpdir();
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'orthanc-peer-'));
  const daemons: Daemon[] = [];
  try {
    const username = 'clinic-sync';
    const password = randomBytes(18).toString('base64url');
    const httpPort = await freeLoopbackPort();
    const dicomPort = options.dimseCallingAe ? await freeLoopbackPort() : null;
    const config = {
      Name: 'ClinicTestPACS',
      StorageDirectory: path.join(dir, 'storage'),
      IndexDirectory: path.join(dir, 'index'),
      TemporaryDirectory: path.join(dir, 'tmp'),
      HttpPort: httpPort,
      // Only the DIMSE tests open a DICOM listener: it is one more port open on 0.0.0.0.
      DicomServerEnabled: dicomPort !== null,
      ...(dicomPort !== null
        ? { DicomPort: dicomPort, DicomAet: 'ORTHANC', DicomCheckCalledAet: true, DicomModalities: { app: [options.dimseCallingAe, '127.0.0.1', options.dimseCallingPort ?? 104] } }
        : {}),
      RemoteAccessAllowed: false,
      AuthenticationEnabled: true,
      RegisteredUsers: { [username]: password },
      DefaultEncoding: 'Utf8',
      HttpDescribeErrors: true,
      SaveJobs: false,
      StableAge: 1,
      Plugins: [DICOMWEB_PLUGIN],
      DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    };
    await mkdir(config.TemporaryDirectory, { recursive: true });
    const configPath = path.join(dir, 'orthanc.json');
    await writeFile(configPath, JSON.stringify(config, null, 2));
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    const auth = { username, password };

    let orthanc: Daemon;
    const launchOrthanc = async () => {
      orthanc = startDaemon('Orthanc', ORTHANC, [configPath], dir);
      daemons.push(orthanc);
      await waitUntilReady('Orthanc', orthanc, async () => (await peerRequest(`${httpUrl}/system`, { auth, timeoutMs: 2000 })).status === 200);
    };
    await launchOrthanc();

    const certs = await makeTestCertificates(dir);
    const proxy = await startTlsProxy(path.join(dir, 'nginx'), httpPort, certs);
    daemons.push(proxy.daemon);
    const tlsUrl = `https://127.0.0.1:${proxy.port}`;
    await waitUntilReady('nginx', proxy.daemon, async () => (await peerRequest(`${tlsUrl}/system`, { auth, ca: certs.caPem, timeoutMs: 2000 })).status === 200);

    const json = async <T>(route: string): Promise<T> => {
      const res = await peerRequest(`${httpUrl}${route}`, { auth });
      if (res.status !== 200) throw new Error(`Orthanc GET ${route}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
      return JSON.parse(res.body.toString('utf8')) as T;
    };
    let stopped = false;
    return {
      dicomwebUrl: `${tlsUrl}/dicom-web`,
      dicomPort,
      tlsUrl,
      httpUrl,
      caPem: certs.caPem,
      username,
      password,
      countInstances: async () => (await json<{ CountInstances: number }>('/statistics')).CountInstances,
      listSopInstanceUids: async () => {
        const instances = await json<Array<{ MainDicomTags: { SOPInstanceUID: string } }>>('/instances?expand');
        return instances.map((i) => i.MainDicomTags.SOPInstanceUID);
      },
      takeOrthancDown: async () => {
        await orthanc.kill();
      },
      bringOrthancUp: async () => {
        if (!orthanc.exited()) return;
        await launchOrthanc();
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
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
