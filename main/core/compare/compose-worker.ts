// The compose worker's thread: draws one comparison panel per message (panel-warp.ts), so the
// core's thread never runs the per-pixel loop of an export (issue 10: no main-thread stall). It
// sees only decoded pixels and matrices (no patient, no key, no file, no caption) and answers with
// the panel, its buffer transferred back. compose-service.ts owns it.
import { parentPort } from 'node:worker_threads';
import { drawPanel, type PanelJob } from './panel-warp';

export interface ComposeJob {
  readonly id: number;
  readonly panel: PanelJob;
}

export type ComposeAnswer = { readonly id: number; readonly ok: true; readonly pixels: Uint8Array } | { readonly id: number; readonly ok: false; readonly failed: string };

const port = parentPort;
if (port) {
  port.on('message', (job: ComposeJob) => {
    let pixels: Uint8Array;
    try {
      pixels = drawPanel(job.panel);
    } catch (error) {
      port.postMessage({ id: job.id, ok: false, failed: error instanceof Error ? `${error.name}: ${error.message}` : typeof error } satisfies ComposeAnswer);
      return;
    }
    port.postMessage({ id: job.id, ok: true, pixels } satisfies ComposeAnswer, [pixels.buffer as ArrayBuffer]);
  });
}
