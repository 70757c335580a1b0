// Helpers for the peers the delivery tests run against (Orthanc, nginx): free loopback ports,
// child daemons in the foreground with their output kept for error messages, readiness polling,
// and a last-resort kill on exit so a crashed test run leaves no daemon behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';

/** A port the kernel just gave us on loopback; the small race until the daemon binds is acceptable in tests. */
export async function freeLoopbackPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Fails with a message naming the Debian package when a required peer binary is missing. */
export function requireExecutable(file: string, debianPackage: string): void {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(`${file} is missing: the delivery tests need the Debian package "${debianPackage}" (scripts/install-system-deps.sh installs it)`);
  }
}

export interface Daemon {
  readonly child: ChildProcess;
  /** The last few KB of the daemon's stdout and stderr, for error messages. */
  output(): string;
  exited(): boolean;
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export function startDaemon(name: string, file: string, args: string[], cwd: string): Daemon {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A test that throws before stop() must not leave Orthanc listening for the next run.
    process.on('exit', () => {
      for (const child of live) child.kill('SIGKILL');
    });
  }
  const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitedFlag = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exitedFlag = true;
      live.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      tail += `\n${name}: ${error.message}`;
      exitedFlag = true;
      live.delete(child);
      resolve();
    });
  });
  return {
    child,
    output: () => tail,
    exited: () => exitedFlag,
    async kill() {
      if (!exitedFlag) child.kill('SIGKILL');
      await exit;
    },
  };
}

/** Polls `probe` until it resolves true; fails with the daemon's output if it dies or times out. */
export async function waitUntilReady(name: string, daemon: Daemon, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (daemon.exited()) throw new Error(`${name} exited during startup:\n${daemon.output()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      await daemon.kill();
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${daemon.output()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
