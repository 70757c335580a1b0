// The main thread's side of the OpenCV worker (opencv-worker.ts, on support/worker-host.ts):
// started on the first alignment or checker detection, kept while jobs keep coming, ended after a
// minute without one, never holding the process open. One thread for both jobs, so OpenCV's wasm
// heap is loaded once. The main thread only decodes (libvips, off the event loop) and waits, so the
// core keeps answering every window while a pair is registered; pixel buffers are transferred.
import { WorkerHost } from '../support/worker-host';
import type { RgbPixels } from './checker-quads';
import type { AlignAnswer, CheckerAnswer, OpenCvJob } from './opencv-worker';
import type { GreyImage } from './register';

export class OpenCvService {
  private readonly host = new WorkerHost<OpenCvJob, AlignAnswer | CheckerAnswer>({ name: 'OpenCV', base: import.meta.url, file: 'opencv-worker' });

  /** Registers `to` onto `from`. */
  align(from: GreyImage, to: GreyImage): Promise<AlignAnswer> {
    return this.host.request((id) => ({ id, kind: 'align', from, to }), [from.data.buffer as ArrayBuffer, to.data.buffer as ArrayBuffer]) as Promise<AlignAnswer>;
  }

  /** Looks for a 24-patch colour checker. */
  detectChecker(image: RgbPixels): Promise<CheckerAnswer> {
    const job = (id: number): OpenCvJob => ({ id, kind: 'checker', image: { data: image.data, width: image.width, height: image.height } });
    return this.host.request(job, [image.data.buffer as ArrayBuffer]) as Promise<CheckerAnswer>;
  }

  /** Ends the worker now (the core closing); pending jobs fail. */
  stop(): Promise<void> {
    return this.host.stop();
  }
}
