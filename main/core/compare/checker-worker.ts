// The colour-checker worker's thread: loads OpenCV once, then looks for a 24-patch checker in one
// photo's working-size colour pixels per message. It sees only pixels (no patient, no key, no
// file) and answers with what it found, or "not found"; checker-service.ts owns it.
import { parentPort } from 'node:worker_threads';
import { detectChecker, type CheckerDetection } from './checker-detect';
import type { CheckerCv, RgbPixels } from './checker-quads';
import { loadOpenCv } from './opencv';

export interface CheckerJob {
  readonly id: number;
  readonly image: RgbPixels;
}

export type CheckerAnswer = { readonly id: number; readonly ok: true; readonly detection: CheckerDetection } | { readonly id: number; readonly ok: false; readonly failed: string };

const port = parentPort;
if (port) {
  port.on('message', (job: CheckerJob) => {
    void loadOpenCv().then(
      ({ cv }) => {
        let answer: CheckerAnswer;
        try {
          // The package's typings are loose; CheckerCv names the part of the module detection uses.
          answer = { id: job.id, ok: true, detection: detectChecker(cv as unknown as CheckerCv, job.image) };
        } catch (error) {
          // An OpenCV exception arrives as a bare number (a pointer into the wasm heap): name only its class.
          answer = { id: job.id, ok: false, failed: error instanceof Error ? error.name : typeof error };
        }
        port.postMessage(answer);
      },
      (error: unknown) => port.postMessage({ id: job.id, ok: false, failed: `opencv-load:${error instanceof Error ? error.name : typeof error}` } satisfies CheckerAnswer),
    );
  });
}
