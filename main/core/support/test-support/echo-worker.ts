// A worker for worker-host.test.ts only: answers each job with its bytes' length after `delayMs`,
// and, asked to, exits or throws in the middle of a job, as a worker that dies mid-request does.
import { parentPort } from 'node:worker_threads';

export interface EchoJob {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly delayMs: number;
  readonly then?: 'exit' | 'throw';
}

export interface EchoAnswer {
  readonly id: number;
  readonly length: number;
}

const port = parentPort;
if (port) {
  port.on('message', (job: EchoJob) => {
    if (job.then === 'exit') process.exit(3);
    if (job.then === 'throw') throw new Error('the echo worker was told to throw');
    setTimeout(() => port.postMessage({ id: job.id, length: job.bytes.byteLength } satisfies EchoAnswer), job.delayMs);
  });
}
