// A real S3 server for the archive tests: OpenStack Swift with its s3api middleware (Debian 12
// packages), started by swift-s3.sh beside this file on loopback. Unlike s3rver it checks SigV4
// signatures, Content-MD5 and the signed payload hash, so a wrong secret or a changed body is
// refused as a real provider would. Required peer: a missing package is an error, not a skip.
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freeLoopbackPort, requireExecutable } from './processes';

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'swift-s3.sh');

export interface SwiftPeer {
  /** http://127.0.0.1:<port>: the S3 endpoint (path-style addressing only). */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The peer's directory (config, data, logs). */
  dir: string;
  stop(): Promise<void>;
}

const live = new Set<string>();
let exitHookInstalled = false;

/** Five consecutive free ports (proxy, object, container, account, memcached). */
async function portBlock(): Promise<number> {
  for (let tries = 0; tries < 20; tries++) {
    const p = await freeLoopbackPort();
    if (p > 65_000) continue;
    return p;
  }
  throw new Error('no free loopback port block for Swift');
}

export async function startSwift(options: { tmpDir?: string } = {}): Promise<SwiftPeer> {
  requireExecutable('/usr/bin/swift-proxy-server', 'swift-proxy');
  requireExecutable('/usr/bin/swift-object-server', 'swift-object');
  requireExecutable('/usr/bin/memcached', 'memcached');
  const parent = options.tmpDir ?? os.tmpdir();
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'swift-peer-'));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A test that throws before stop() must not leave Swift running: stop kills only recorded PIDs.
    process.on('exit', () => {
      for (const d of live) {
        try {
          execFileSync(SCRIPT, ['stop', d], { stdio: 'ignore' });
        } catch {
          /* best effort at exit */
        }
      }
    });
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await portBlock();
    try {
      await run(SCRIPT, ['start', dir, String(port)], { timeout: 60_000 });
      live.add(dir);
      return {
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        accessKeyId: 'test:tester',
        secretAccessKey: 'testing',
        dir,
        async stop() {
          live.delete(dir);
          await run(SCRIPT, ['stop', dir], { timeout: 30_000 });
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // A port of the block was taken between the probe and the start: try another block.
      lastError = error;
      await run(SCRIPT, ['stop', dir]).catch(() => undefined);
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`Swift did not start: ${(lastError as { stderr?: string }).stderr ?? String(lastError)}`);
}
