// The compose worker's thread: draws one exported comparison per message, from the decrypted
// originals to the finished JPEG (comparison-image.ts for a pair, comparison-grid.ts for a grid):
// decoding (sharp), placing each photo into its panel (panel-warp.ts, JavaScript loops), captions
// and encoding. So the core's thread neither runs those loops nor holds the decoded pixels (tens
// of megabytes a photo, whose garbage collection paused it as long as the loops did). It sees the
// photos and their captions, no patient, key or file. compose-service.ts owns it.
import { parentPort } from 'node:worker_threads';
import type { GridLayout } from '../../../shared/compare-grid';
import { renderGrid, type GridInput } from './comparison-grid';
import { renderComparison, type ComparisonInput } from './comparison-image';

export type ComposeJob = { readonly id: number; readonly kind: 'pair'; readonly input: ComparisonInput } | { readonly id: number; readonly kind: 'grid'; readonly input: GridInput };

export interface ComposedImage {
  readonly jpeg: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** A grid's shape; null for a pair. */
  readonly layout: GridLayout | null;
}

export type ComposeAnswer = { readonly id: number; readonly ok: true; readonly image: ComposedImage } | { readonly id: number; readonly ok: false; readonly failed: string };

async function compose(job: ComposeJob): Promise<ComposedImage> {
  if (job.kind === 'grid') {
    const grid = await renderGrid(job.input);
    return { jpeg: grid.jpeg, width: grid.width, height: grid.height, layout: grid.layout };
  }
  const pair = await renderComparison(job.input);
  return { jpeg: pair.jpeg, width: pair.width, height: pair.height, layout: null };
}

const port = parentPort;
if (port) {
  // One comparison at a time, in the order asked: never two sets of decoded photos in memory at once.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (job: ComposeJob) => {
    queue = queue.then(() => answer(port, job));
  });
}

function answer(port: NonNullable<typeof parentPort>, job: ComposeJob): Promise<void> {
  return compose(job).then(
      (image) => {
        // sharp's output is memory Node will not move between threads: one copy (about a megabyte), then moved.
        const jpeg = new Uint8Array(image.jpeg);
        port.postMessage({ id: job.id, ok: true, image: { ...image, jpeg } } satisfies ComposeAnswer, [jpeg.buffer]);
      },
      // sharp's and the drawing's messages name what is wrong with the pixels, never a patient.
      (error: unknown) => port.postMessage({ id: job.id, ok: false, failed: error instanceof Error ? error.message : typeof error } satisfies ComposeAnswer),
    );
}
