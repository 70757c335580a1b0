// The OpenCV worker's thread: loads OpenCV once (tens of megabytes of wasm heap) and does both of
// the core's OpenCV jobs, one message at a time: registering a pair of grey images (alignment) and
// looking for a 24-patch colour checker in one photo's colour pixels. It sees only downscaled
// pixels (no patient, no key, no file) and answers with the result or the reason there is none.
// opencv-service.ts owns it.
import { parentPort } from 'node:worker_threads';
import { detectChecker, type CheckerDetection } from './checker-detect';
import type { CheckerCv, RgbPixels } from './checker-quads';
import { loadOpenCv } from './opencv';
import { register, RegistrationRefused, type GreyImage, type Registration } from './register';

export type OpenCvJob =
  | { readonly id: number; readonly kind: 'align'; readonly from: GreyImage; readonly to: GreyImage }
  | { readonly id: number; readonly kind: 'checker'; readonly image: RgbPixels };

/** Why a job produced no result: an OpenCV exception arrives as a bare number (a pointer into the wasm heap), so only its class is named. */
type Failed = { readonly id: number; readonly ok: false; readonly failed: string };

export type AlignAnswer =
  | { readonly id: number; readonly ok: true; readonly registration: Registration }
  | { readonly id: number; readonly ok: false; readonly refused: { readonly reason: RegistrationRefused['reason']; readonly inliers: number } }
  | Failed;

export type CheckerAnswer = { readonly id: number; readonly ok: true; readonly detection: CheckerDetection } | Failed;

const failure = (id: number, prefix: string, error: unknown): Failed => ({ id, ok: false, failed: `${prefix}${error instanceof Error ? error.name : typeof error}` });

function run(cv: Awaited<ReturnType<typeof loadOpenCv>>['cv'], job: OpenCvJob): AlignAnswer | CheckerAnswer {
  try {
    if (job.kind === 'align') return { id: job.id, ok: true, registration: register(cv, job.from, job.to) };
    // The package's typings are loose; CheckerCv names the part of the module detection uses.
    return { id: job.id, ok: true, detection: detectChecker(cv as unknown as CheckerCv, job.image) };
  } catch (error) {
    if (error instanceof RegistrationRefused) return { id: job.id, ok: false, refused: { reason: error.reason, inliers: error.inliers } };
    return failure(job.id, '', error);
  }
}

const port = parentPort;
if (port) {
  port.on('message', (job: OpenCvJob) => {
    void loadOpenCv().then(
      ({ cv }) => port.postMessage(run(cv, job)),
      (error: unknown) => port.postMessage(failure(job.id, 'opencv-load:', error)),
    );
  });
}
