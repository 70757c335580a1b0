// Forwarding to a real rsyslog from Debian over TLS on loopback, with a throwaway CA and server
// certificate made with openssl here: records and checkpoints arrive in order, exactly once, across
// a collector outage and a restart of the workstation; a collector the CA did not sign is refused.
import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/fixtures';
import { recordAudit } from './audit';
import { forwardingStatus, forwardPending, saveForwarding } from './syslog';
import { auditTestDb, PATIENT, USER_A } from './test-db';

const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p));
const GTLS = ['/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so', '/usr/lib/aarch64-linux-gnu/rsyslog/lmnsd_gtls.so', '/usr/lib/rsyslog/lmnsd_gtls.so'].some((p) => existsSync(p));
const skipReason = !RSYSLOGD ? 'rsyslogd is not installed (apt-get install rsyslog rsyslog-gnutls)' : !GTLS ? 'rsyslog-gnutls is not installed' : null;
if (skipReason) console.warn(`syslog forwarding tests skipped: ${skipReason}`);

const openssl = (dir: string, ...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name} throwaway audit CA`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skipReason !== null)('audit forwarding to rsyslog over TLS', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let port: number;
  let received: string;
  let conf: string;
  let daemon: ChildProcess | null = null;
  let caPem: string;
  let otherCaPem: string;

  async function startCollector(): Promise<void> {
    daemon = spawn(RSYSLOGD!, ['-n', '-f', conf, '-i', path.join(work.dir, 'rsyslogd.pid')], { stdio: 'ignore' });
    await waitFor('rsyslogd to listen', () => new Promise<true | null>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(null));
    }));
  }

  async function stopCollector(): Promise<void> {
    const d = daemon;
    daemon = null;
    if (!d || d.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      d.once('exit', () => resolve());
      d.kill('SIGTERM');
    });
  }

  /** The messages the collector wrote, parsed for our structured data. */
  async function messages(): Promise<Array<{ type: string; seq: number }>> {
    const text = existsSync(received) ? await readFile(received, 'utf8') : '';
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        expect(line).toMatch(/^<8[45]>1 \d{4}-\d{2}-\d{2}T[\d:.]+Z \S+ clinic-photo \d+ (AUDIT|CHECKPOINT) \[cpw-audit@32473 seq="\d+" /);
        const body = JSON.parse(line.slice(line.indexOf('] {') + 2)) as { type: string; seq: number };
        return { type: body.type, seq: body.seq };
      });
  }

  beforeAll(async () => {
    work = await tempDir('cpw-syslog-');
    makeCa(work.dir, 'ca');
    makeCa(work.dir, 'other');
    openssl(work.dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    await writeFile(path.join(work.dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    openssl(work.dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
    caPem = await readFile(path.join(work.dir, 'ca.pem'), 'utf8');
    otherCaPem = await readFile(path.join(work.dir, 'other.pem'), 'utf8');
    port = await freePort();
    received = path.join(work.dir, 'received.log');
    await mkdir(path.join(work.dir, 'spool'));
    conf = path.join(work.dir, 'rsyslog.conf');
    const f = (name: string) => path.join(work.dir, name);
    await writeFile(
      conf,
      `global(workDirectory="${f('spool')}" DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="${f('ca.pem')}" DefaultNetstreamDriverCertFile="${f('server.pem')}" DefaultNetstreamDriverKeyFile="${f('server.key')}")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
input(type="imtcp" port="${port}" address="127.0.0.1")
template(name="raw" type="string" string="%rawmsg%\\n")
action(type="omfile" file="${received}" template="raw" flushOnTXEnd="on" asyncWriting="off")
`,
    );
    await startCollector();
  }, 30_000);

  afterAll(async () => {
    await stopCollector();
    await work?.cleanup();
  });

  it('delivers in order and exactly once across an outage and a restart, and refuses an unknown CA', async () => {
    const file = path.join(work.dir, 'audit.db');
    let db = auditTestDb(file);
    const append = (n: number) => {
      for (let i = 0; i < n; i++) recordAudit(db, new Date(), { userId: USER_A, action: 'photo.view', outcome: i % 4 ? 'success' : 'denied', patientId: PATIENT });
    };

    expect(() => saveForwarding(db, { enabled: true, host: '127.0.0.1', port, caPem: 'not a certificate' })).toThrow(/fields need attention/);
    saveForwarding(db, { enabled: true, host: '127.0.0.1', port, caPem });
    append(10);
    recordAudit(db, new Date(), { userId: USER_A, action: 'session.sign-out', outcome: 'success' });
    expect(await forwardPending(db)).toEqual({ delivered: 11, error: null });
    const first = await waitFor('11 records and a checkpoint', async () => ((await messages()).length >= 12 ? messages() : null));
    expect(first).toEqual([...Array.from({ length: 11 }, (_, i) => ({ type: 'record', seq: i + 1 })), { type: 'checkpoint', seq: 11 }]);

    // Collector outage: nothing is lost and the cursor stays where it was.
    await stopCollector();
    append(5);
    const down = await forwardPending(db);
    expect(down).toEqual({ delivered: 0, error: 'ECONNREFUSED' });
    expect(forwardingStatus(db)).toMatchObject({ deliveredSeq: 11, lastSeq: 16, lastError: 'ECONNREFUSED' });

    // The workstation restarts (database closed and reopened) and the collector comes back.
    db.close();
    db = new Database(file);
    await startCollector();
    expect(await forwardPending(db)).toEqual({ delivered: 5, error: null });
    expect(await forwardPending(db)).toEqual({ delivered: 0, error: null });
    const all = await waitFor('16 records', async () => ((await messages()).length >= 17 ? messages() : null));
    expect(all.filter((m) => m.type === 'record').map((m) => m.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(forwardingStatus(db)).toMatchObject({ deliveredSeq: 16, lastError: '' });

    // A collector whose certificate the configured CA did not sign is never sent anything.
    saveForwarding(db, { enabled: true, host: '127.0.0.1', port, caPem: otherCaPem });
    append(1);
    const refused = await forwardPending(db);
    expect(refused.delivered).toBe(0);
    expect(refused.error).toMatch(/CERT|SIGNATURE|VERIFY/);
    expect(forwardingStatus(db).deliveredSeq).toBe(16);
    db.close();
  }, 60_000);
});
