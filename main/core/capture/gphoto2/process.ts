// Running the gphoto2 CLI safely. Every run:
// - gets an argument array (never a shell string) and a minimal environment with the C locale, so
//   the texts we classify are gphoto2's English originals;
// - gets a private HOME, created for the run and removed after it, so `~/.gphoto/settings` (which
//   gphoto2 rewrites with the last --camera/--port and silently reuses) never leaks between runs;
// - starts in a private working directory that is removed as soon as the process has started.
//   gphoto2 downloads with `--stdout` through a `mkstemp("tmpfileXXXXXX")` in its working directory
//   (gphoto2/main.c save_file_to_file) and only falls back to an in-memory file when that fails
//   with anything but EACCES. In a removed directory mkstemp fails with ENOENT, so the image never
//   touches a file system. The directory sits on a RAM file system (/dev/shm) where one exists,
//   is 0700, and is checked to be empty when removed: if gphoto2 ever won the race, the run is
//   failed and the file wiped, never silently ignored.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreError } from '../../../../shared/errors';
import { cameraError, classifyFailure } from './errors';

export interface Gphoto2Runtime {
  /** Executable name or path; resolved on `searchPath`. */
  readonly binary: string;
  /** PATH for the child; tests put a fake gphoto2 first. */
  readonly searchPath: string;
  /** Where private run directories go; defaults to /dev/shm when present. */
  readonly tempBase: string;
}

export const defaultRuntime = (overrides: Partial<Gphoto2Runtime> = {}): Gphoto2Runtime => ({
  binary: overrides.binary ?? 'gphoto2',
  searchPath: overrides.searchPath ?? process.env.PATH ?? '/usr/bin:/bin',
  tempBase: overrides.tempBase ?? (existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir()),
});

export interface RunResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly maxStdoutBytes?: number;
}

interface StartedRun {
  readonly child: ChildProcess;
  /** Resolves when the process has exited and the private directory is gone. */
  readonly finished: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  stop(): void;
}

/** Starts gphoto2 with the hardening above; the caller reads `child.stdout`. */
export async function startGphoto2(runtime: Gphoto2Runtime, args: readonly string[]): Promise<StartedRun> {
  const root = await fs.mkdtemp(path.join(runtime.tempBase, 'clinic-gphoto2-'));
  await fs.chmod(root, 0o700);
  const home = path.join(root, 'home');
  const cwd = path.join(root, 'cwd');
  await fs.mkdir(home, { mode: 0o700 });
  await fs.mkdir(cwd, { mode: 0o700 });
  const child = spawn(runtime.binary, [...args], {
    cwd,
    env: { PATH: runtime.searchPath, HOME: home, LANG: 'C', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: false,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    if (stderr.length < 64 * 1024) stderr += s;
  });
  let raceLost = false;
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => {
      // Remove the working directory now; see the module comment for why.
      fs.rmdir(cwd).then(resolve, async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY') return reject(error);
        raceLost = true;
        child.kill('SIGKILL');
        await wipeDir(cwd);
        resolve();
      });
    });
    child.once('error', reject);
  });
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal }));
    child.once('error', () => resolve({ exitCode: null, signal: null }));
  });
  try {
    await spawned;
  } catch (error) {
    await fs.rm(root, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('CAMERA_UNAVAILABLE', 'gphoto2 is not installed on this workstation.');
    throw error;
  }
  const finished = exited.then(async (r) => {
    await fs.rm(root, { recursive: true, force: true });
    if (raceLost) throw new CoreError('CAPTURE_FAILED', 'The camera transfer was stopped: gphoto2 tried to write a file.');
    return { ...r, stderr };
  });
  // Keep an unobserved failure from becoming an unhandled rejection; callers await `finished`.
  finished.catch(() => undefined);
  return {
    child,
    finished,
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // gphoto2 ends its loops cleanly on SIGINT (Ctrl-C), releasing the USB claim; SIGKILL follows if not.
      child.kill('SIGINT');
      const force = setTimeout(() => child.kill('SIGKILL'), 3000);
      force.unref();
      void exited.then(() => clearTimeout(force));
    },
  };
}

/** Runs gphoto2 to completion, collecting stdout in memory; enforces a timeout and a size cap. */
export async function runGphoto2(runtime: Gphoto2Runtime, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const run = await startGphoto2(runtime, args);
  const chunks: Buffer[] = [];
  let size = 0;
  let timedOut = false;
  let overflow = false;
  const max = options.maxStdoutBytes ?? 300 * 1024 * 1024;
  run.child.stdout?.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > max) {
      overflow = true;
      run.stop();
      return;
    }
    chunks.push(chunk);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    run.stop();
  }, options.timeoutMs);
  try {
    const { exitCode, signal, stderr } = await run.finished;
    const stdout = Buffer.concat(chunks);
    if (timedOut || overflow) {
      stdout.fill(0);
      throw cameraError(timedOut ? 'CAMERA_TIMEOUT' : 'CAPTURE_FAILED');
    }
    return { stdout, stderr, exitCode, signal };
  } finally {
    clearTimeout(timer);
    for (const c of chunks) c.fill(0);
  }
}

/** Turns a non-zero exit into the named error for what gphoto2 said. */
export function failureFrom(result: Pick<RunResult, 'stderr' | 'exitCode' | 'signal'>): CoreError {
  if (result.signal) return cameraError('CAMERA_DISCONNECTED');
  return cameraError(classifyFailure(result.stderr));
}

async function wipeDir(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const handle = await fs.open(file, 'r+').catch(() => null);
    if (handle) {
      const { size } = await handle.stat();
      await handle.write(Buffer.alloc(size), 0, size, 0);
      await handle.close();
    }
    await fs.rm(file, { force: true });
  }
  await fs.rm(dir, { recursive: true, force: true });
}
