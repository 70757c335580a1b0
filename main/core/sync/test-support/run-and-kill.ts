// The kill tests' child: `kill-child.ts` runs a workstation's sync worker on a data directory and
// prints its outbox counts; this runs it until `killAfterMs` after its worker first changed a
// delivery row, then SIGKILLs it (at once when nothing is left to send). Used by the DICOMweb/FHIR
// and the DIMSE kill tests.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../../..');

/**
 * `deliveries` is the outbox's row count when everything is verified ("status 0 0 N": nothing in
 * flight, nothing delivered unverified). `progress` gets the last status line before each kill.
 */
export function runAndKill(dataDir: string, killAfterMs: number, deliveries: number, progress: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/core/sync/kill-child.ts'), dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Nothing left to upload (an earlier run finished the queue): kill at once.
      if (!armed && new RegExp(`^status 0 0 ${deliveries}$`, 'm').test(out)) {
        armed = true;
        progress.push('idle');
        child.kill('SIGKILL');
      }
      // The rows the last run left behind show at once; aim at the first change the worker makes.
      const statuses = out.split('\n').filter((l) => l.startsWith('status '));
      if (!armed && statuses.length > 1 && statuses.some((l) => l !== statuses[0])) {
        armed = true;
        setTimeout(() => {
          progress.push(out.trim().split('\n').at(-1) ?? '');
          child.kill('SIGKILL');
        }, killAfterMs).unref();
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended without being killed: ${err}`))));
  });
}
