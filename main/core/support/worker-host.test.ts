// The worker host on a real worker thread (test-support/echo-worker.ts): answers matched to their
// requests when they come back out of order, pixels moved and not copied; a worker that exits or
// throws in the middle of a request fails everything it held with a clear CoreError and the next
// request starts a new one; an idle worker is ended, and until then does not keep its process
// alive; stop() fails what is pending and leaves no thread behind.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../shared/errors';
import type { EchoAnswer, EchoJob } from './test-support/echo-worker';
import { liveWorkerCount, WorkerHost } from './worker-host';

const hosts: WorkerHost<EchoJob, EchoAnswer>[] = [];
function host(idleMs?: number): WorkerHost<EchoJob, EchoAnswer> {
  const h = new WorkerHost<EchoJob, EchoAnswer>({ name: 'echo', base: import.meta.url, file: 'test-support/echo-worker', ...(idleMs ? { idleMs } : {}) });
  hosts.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

const echo = (h: WorkerHost<EchoJob, EchoAnswer>, length: number, delayMs: number, then?: EchoJob['then']) => {
  const bytes = new Uint8Array(length);
  return { bytes, answer: h.request((id) => ({ id, bytes, delayMs, ...(then ? { then } : {}) }), [bytes.buffer]) };
};

const waitFor = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  return done();
};

describe('WorkerHost', () => {
  it('answers each request with its own answer, even out of order, and moves the bytes', async () => {
    const h = host();
    const slow = echo(h, 300, 200);
    const quick = echo(h, 700, 0);
    expect([slow.bytes.byteLength, quick.bytes.byteLength]).toEqual([0, 0]);
    const [a, b] = await Promise.all([slow.answer, quick.answer]);
    expect([a.length, b.length]).toEqual([300, 700]);
  }, 30_000);

  for (const then of ['exit', 'throw'] as const) {
    it(`fails every pending request with a CoreError when the worker ${then}s mid-request, and starts again`, async () => {
      const h = host();
      expect((await echo(h, 10, 0).answer).length).toBe(10);
      const before = liveWorkerCount();
      const held = echo(h, 20, 5_000).answer;
      const dying = echo(h, 30, 0, then).answer;
      for (const error of await Promise.all([held, dying].map((p) => p.then(() => null, (e: unknown) => e)))) {
        expect(error).toBeInstanceOf(CoreError);
        expect((error as CoreError).code).toBe('INTERNAL');
        expect((error as CoreError).message).toMatch(/^The echo worker (ended|failed) before it answered; try again\.$/);
      }
      expect(h.running).toBe(false);
      expect(await waitFor(() => liveWorkerCount() === before - 1)).toBe(true);
      expect((await echo(h, 40, 0).answer).length).toBe(40);
      expect(h.running).toBe(true);
    }, 30_000);
  }

  it('ends the worker after it has been idle for its delay, and starts one for the next request', async () => {
    const h = host(100);
    const before = liveWorkerCount();
    await echo(h, 5, 0).answer;
    expect(liveWorkerCount()).toBe(before + 1);
    expect(await waitFor(() => !h.running && liveWorkerCount() === before)).toBe(true);
    expect((await echo(h, 6, 0).answer).length).toBe(6);
  }, 30_000);

  it('an idle worker does not keep the process alive while it waits out its delay', () => {
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'test-support/idle-host.ts')], { encoding: 'utf8', timeout: 30_000 });
    expect([run.status, run.stdout.trim()]).toEqual([0, 'answered 12 running=true']);
    // The host keeps its worker for a minute; the process ended long before that.
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);

  it('stop() fails what is pending and leaves no thread running', async () => {
    const h = host();
    const before = liveWorkerCount();
    // Caught at once: it is meant to fail while stop() is awaited.
    const held = echo(h, 20, 5_000).answer.then(() => null, (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    expect(liveWorkerCount()).toBe(before + 1);
    await h.stop();
    expect(await held).toEqual(new CoreError('INTERNAL', 'The echo worker was stopped before it answered.'));
    expect(liveWorkerCount()).toBe(before);
    expect(h.running).toBe(false);
  }, 30_000);
});
