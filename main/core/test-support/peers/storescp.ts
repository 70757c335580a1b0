// dcmtk's storescp as a PACS without DICOMweb and without queries: accepts C-STORE of every
// transfer syntax it knows (+xa) as called AE STORESCP on a free port, writes each instance to a
// temp dir (named by SOP Instance UID, so a second store of one instance overwrites it), and
// answers no C-FIND and no storage commitment. Listens on 0.0.0.0 (storescp has no bind option).
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { probeDimse } from '../../sync/dimse/store';
import { makeTestCertificates } from './tls';
import { freeLoopbackPort, requireExecutable, startDaemon, waitUntilReady } from './processes';

export interface StorescpPeer {
  readonly port: number;
  /** The CA that issued its TLS certificate (started with `tls`), else null. */
  readonly caPem: string | null;
  readonly calledAe: 'STORESCP';
  /** The files received, by name. */
  files(): Promise<string[]>;
  read(name: string): Promise<Buffer>;
  path(name: string): string;
  stop(): Promise<void>;
}

/** With `tls`, storescp speaks DICOM TLS only, with a server certificate from a throwaway CA (`caPem`). */
export async function startStorescp(callingAe: string, options: { tls?: boolean } = {}): Promise<StorescpPeer> {
  requireExecutable('/usr/bin/storescp', 'dcmtk');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'storescp-'));
  const out = path.join(dir, 'in');
  await mkdir(out);
  const port = await freeLoopbackPort();
  const certs = options.tls ? await makeTestCertificates(dir) : null;
  // -ic: the workstation presents no client certificate (AE titles identify it).
  const tlsArgs = certs ? ['+tls', certs.keyPath, certs.certPath, '-ic'] : [];
  const daemon = startDaemon('storescp', '/usr/bin/storescp', [...tlsArgs, '+xa', '-aet', 'STORESCP', '-od', out, String(port)], dir);
  try {
    await waitUntilReady('storescp', daemon, async () => Boolean(await probeDimse({ host: '127.0.0.1', port, calledAe: 'STORESCP', callingAe, tlsCaPem: certs?.caPem ?? null })));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    calledAe: 'STORESCP',
    caPem: certs?.caPem ?? null,
    files: async () => (await readdir(out)).sort(),
    read: (name) => readFile(path.join(out, name)),
    path: (name) => path.join(out, name),
    async stop() {
      await daemon.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
