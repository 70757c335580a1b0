// Loads OpenCV (`@techstark/opencv-js`, Apache-2.0, a WebAssembly build) and names the small part
// of it that alignment uses. The package's own typings declare most results `any`; this narrow
// interface is what register.ts is checked against. Loaded only inside the alignment worker (and
// the bench's bare pipeline): its 11 MB of wasm never sits on the core's main thread.
import { createRequire } from 'node:module';

export interface CvMat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Uint8Array;
  readonly data32F: Float32Array;
  readonly data64F: Float64Array;
  delete(): void;
}
export interface CvKeyPoint {
  readonly pt: { readonly x: number; readonly y: number };
}
export interface CvVector<T> {
  size(): number;
  get(i: number): T;
  delete(): void;
}
export interface CvDMatch {
  readonly queryIdx: number;
  readonly trainIdx: number;
  readonly distance: number;
}
export interface CvDetector {
  detectAndCompute(image: CvMat, mask: CvMat, keypoints: CvVector<CvKeyPoint>, descriptors: CvMat): void;
  setThreshold?(value: number): void;
  delete(): void;
}
export interface CvMatcher {
  knnMatch(query: CvMat, train: CvMat, matches: CvVector<CvVector<CvDMatch>>, k: number): void;
  delete(): void;
}

export interface OpenCv {
  Mat: (new () => CvMat) & (new (rows: number, cols: number, type: number) => CvMat);
  matFromArray(rows: number, cols: number, type: number, values: readonly number[]): CvMat;
  KeyPointVector: new () => CvVector<CvKeyPoint>;
  DMatchVectorVector: new () => CvVector<CvVector<CvDMatch>>;
  AKAZE: new () => CvDetector;
  BFMatcher: new (normType: number, crossCheck: boolean) => CvMatcher;
  TermCriteria: new (type: number, maxCount: number, epsilon: number) => unknown;
  findTransformECC(template: CvMat, input: CvMat, warp: CvMat, motionType: number, criteria: unknown, mask: CvMat, gaussFiltSize: number): number;
  CV_8UC1: number;
  CV_32FC1: number;
  NORM_HAMMING: number;
  MOTION_AFFINE: number;
  MOTION_HOMOGRAPHY: number;
  TermCriteria_COUNT: number;
  TermCriteria_EPS: number;
}

let loading: Promise<{ readonly cv: OpenCv }> | null = null;

/**
 * The initialised module (the wasm compiles once per thread, about 0.3 s), wrapped: the Emscripten
 * module is a thenable whose `then` hands back the module itself, so resolving a promise with it
 * (or returning it from an async function) would never settle.
 */
export function loadOpenCv(): Promise<{ readonly cv: OpenCv }> {
  loading ??= new Promise((resolve, reject) => {
    try {
      const module = createRequire(import.meta.url)('@techstark/opencv-js') as Partial<OpenCv> & { onRuntimeInitialized?: () => void };
      if (typeof module.Mat === 'function') {
        resolve({ cv: module as OpenCv });
        return;
      }
      module.onRuntimeInitialized = () => resolve({ cv: module as OpenCv });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return loading;
}
