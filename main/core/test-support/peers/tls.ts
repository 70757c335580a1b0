// A throwaway certificate authority and a loopback server certificate made with Debian's openssl,
// the way the delivery tests stand up TLS peers: the client trusts this CA explicitly and never
// disables verification.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireExecutable } from './processes';

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the throwaway CA: what a client pins. */
  caPem: string;
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
}

/** Makes `<dir>/ca.pem` and a server certificate for IP:127.0.0.1 and DNS:localhost signed by it. */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  requireExecutable('/usr/bin/openssl', 'openssl');
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=Clinic Photo Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run('openssl', ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
  await writeFile(
    file('server.ext'),
    ['subjectAltName=IP:127.0.0.1,DNS:localhost', 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', ''].join('\n'),
  );
  await run('openssl', ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'),
    '-days', '2', '-extfile', file('server.ext')]);
  return {
    caPem: await readFile(file('ca.pem'), 'utf8'),
    certPath: file('server.pem'),
    keyPath: file('server.key'),
    certPem: await readFile(file('server.pem'), 'utf8'),
    keyPem: await readFile(file('server.key'), 'utf8'),
  };
}
