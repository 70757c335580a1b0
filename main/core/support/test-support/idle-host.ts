// Run by worker-host.test.ts as a process of its own: one request to an echo worker kept for a
// minute after it, then nothing. The process must end at once: an idle worker holds nothing open.
import { WorkerHost } from '../worker-host';
import type { EchoAnswer, EchoJob } from './echo-worker';

const host = new WorkerHost<EchoJob, EchoAnswer>({ name: 'echo', base: import.meta.url, file: 'echo-worker', idleMs: 60_000 });
const bytes = new Uint8Array(12);
const answer = await host.request((id) => ({ id, bytes, delayMs: 0 }), [bytes.buffer]);
process.stdout.write(`answered ${answer.length} running=${host.running}\n`);
