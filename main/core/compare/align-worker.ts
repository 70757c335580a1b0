// The alignment worker's thread: loads OpenCV once, then registers one pair of grey images per
// message. It sees only downscaled grey pixels (no patient, no key, no file) and answers with the
// matrix and its quality, or with the reason the pair cannot be aligned. align-service.ts owns it.
import { parentPort } from 'node:worker_threads';
import { loadOpenCv } from './opencv';
import { register, RegistrationRefused, type GreyImage, type Registration } from './register';

export interface AlignJob {
  readonly id: number;
  readonly from: GreyImage;
  readonly to: GreyImage;
}

export type AlignAnswer =
  | { readonly id: number; readonly ok: true; readonly registration: Registration }
  | { readonly id: number; readonly ok: false; readonly refused: { readonly reason: RegistrationRefused['reason']; readonly inliers: number } }
  | { readonly id: number; readonly ok: false; readonly failed: string };

const port = parentPort;
if (port) {
  port.on('message', (job: AlignJob) => {
    void loadOpenCv().then(({ cv }) => {
      let answer: AlignAnswer;
      try {
        answer = { id: job.id, ok: true, registration: register(cv, job.from, job.to) };
      } catch (error) {
        // An OpenCV exception arrives as a bare number (a pointer into the wasm heap): name only its class.
        answer = error instanceof RegistrationRefused ? { id: job.id, ok: false, refused: { reason: error.reason, inliers: error.inliers } } : { id: job.id, ok: false, failed: error instanceof Error ? error.name : typeof error };
      }
      port.postMessage(answer);
    }, (error: unknown) => port.postMessage({ id: job.id, ok: false, failed: `opencv-load:${error instanceof Error ? error.name : typeof error}` } satisfies AlignAnswer));
  });
}
