// The core's side of the compose worker (compose-worker.ts), which draws an exported comparison
// off the core's thread, from the decrypted originals to the JPEG: started on the first export,
// kept while exports keep coming, ended after a minute without one and never holding the process
// open (support/worker-host.ts), and ended with the core that owns it (compare/workers.ts).
// Comparisons are drawn one at a time; the core's thread only moves the originals over and waits,
// so every window keeps being answered.
import threads from 'node:worker_threads';
import { WorkerHost } from '../support/worker-host';
import type { GridInput } from './comparison-grid';
import type { ComparisonInput } from './comparison-image';
import type { ComposeAnswer, ComposedImage, ComposeJob } from './compose-worker';

/** Node ≥ 21 says which memory it refuses to move (Node 20 has no such call, and clones it instead). */
const isMarkedAsUntransferable = (threads as { isMarkedAsUntransferable?: (o: object) => boolean }).isMarkedAsUntransferable;

/**
 * The bytes as a view that can be moved to the worker whole: themselves when they are all of their
 * memory (an original as the blob store decrypts it), else a copy of just them.
 */
function movable(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole && !isMarkedAsUntransferable?.(bytes.buffer) ? bytes : new Uint8Array(bytes);
}

export class ComposeService {
  private readonly host = new WorkerHost<ComposeJob, ComposeAnswer>({ name: 'compose', base: import.meta.url, file: 'compose-worker' });

  /** Draws a comparison of two photos in the worker. The originals are moved there: do not use them after. */
  renderComparison(input: ComparisonInput): Promise<ComposedImage> {
    const first = movable(input.first);
    const second = movable(input.second);
    return this.run((id) => ({ id, kind: 'pair', input: { ...input, first, second } }), [first, second]);
  }

  /** Draws a grid of three or four photos in the worker. The originals are moved there: do not use them after. */
  renderGrid(input: GridInput): Promise<ComposedImage> {
    const photos = input.photos.map(movable);
    return this.run((id) => ({ id, kind: 'grid', input: { ...input, photos } }), photos);
  }

  /** Ends the worker now; pending comparisons fail. */
  stop(): Promise<void> {
    return this.host.stop();
  }

  private async run(job: (id: number) => ComposeJob, moved: readonly Uint8Array[]): Promise<ComposedImage> {
    const answer = await this.host.request(job, moved.map((bytes) => bytes.buffer as ArrayBuffer));
    if (!answer.ok) throw new Error(`the comparison could not be drawn: ${answer.failed}`);
    return answer.image;
  }
}
