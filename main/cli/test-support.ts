// Runs the real CLI as a child process, the way an administrator's script does: arguments on the
// command line, secrets on stdin, output and exit code captured. Shared by the CLI test files.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The locale variables a run sees: none but LANG=C unless a test asks for a language. */
const LOCALE_VARIABLES = ['LANGUAGE', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

export function runCli(args: readonly string[], stdin: string | null, locale: Partial<Record<(typeof LOCALE_VARIABLES)[number], string>> = { LANG: 'C' }): Promise<CliRun> {
  const started = performance.now();
  // The tests' expectations must not depend on the language of the machine running them.
  const env = { ...process.env };
  for (const name of LOCALE_VARIABLES) delete env[name];
  Object.assign(env, locale);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: REPO_ROOT, stdio: 'pipe', env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    child.stdin.end(stdin ?? '');
  });
}
