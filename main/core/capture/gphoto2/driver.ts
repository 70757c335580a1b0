// Tethered DSLR/mirrorless cameras through the gphoto2 CLI: detection, capture to memory, live
// view from the preview stream, and tethered mode (photos taken with the camera's own shutter).
// All of it goes through startGphoto2/runGphoto2 (private HOME, vanishing working directory) and
// hands bytes to the caller in memory; nothing here writes an image anywhere.
import type { CameraDriver, CapturedFrame, LiveView, TetheredSession } from '../camera';
import { cameraError } from './errors';
import { JpegStreamSplitter, SizedFileReader } from './frames';
import { parseAutoDetect, type DetectedCamera } from './parse';
import { defaultRuntime, failureFrom, runGphoto2, startGphoto2, type Gphoto2Runtime } from './process';

export const GPHOTO2_ID_PREFIX = 'gphoto2:';

export interface Gphoto2Options {
  readonly runtime?: Partial<Gphoto2Runtime>;
  /** How long one capture may take, shutter to last byte (long exposures need more). */
  readonly captureTimeoutMs?: number;
}

/** Lists attached cameras with `--auto-detect`; an absent gphoto2 means no tethered cameras. */
export async function detectGphoto2Cameras(options: Gphoto2Options = {}): Promise<DetectedCamera[]> {
  const runtime = defaultRuntime(options.runtime);
  try {
    const result = await runGphoto2(runtime, ['--auto-detect'], { timeoutMs: 10_000, maxStdoutBytes: 1024 * 1024 });
    if (result.exitCode !== 0) return [];
    return parseAutoDetect(result.stdout.toString('utf8'));
  } catch {
    return [];
  }
}

export function createGphoto2Camera(camera: DetectedCamera, options: Gphoto2Options = {}): CameraDriver {
  const runtime = defaultRuntime(options.runtime);
  const target = ['--camera', camera.model, '--port', camera.port];
  const device = `${camera.model} (gphoto2, ${camera.port})`;
  // One USB claim at a time: live view or tethered mode are stopped before a capture runs.
  let exclusive: { stop(): Promise<void> } | null = null;
  const takeOver = async () => {
    const current = exclusive;
    exclusive = null;
    await current?.stop();
  };

  return {
    id: `${GPHOTO2_ID_PREFIX}${camera.port}`,
    label: camera.model,
    kind: 'tethered',
    async capture(): Promise<CapturedFrame> {
      await takeOver();
      // --no-keep: the photo is deleted from the camera's card after download, so no patient
      // photo is left on removable media. --quiet keeps gphoto2's chatter off stdout.
      const result = await runGphoto2(runtime, [...target, '--quiet', '--capture-image-and-download', '--no-keep', '--stdout', '--stdout-size'], {
        timeoutMs: options.captureTimeoutMs ?? 60_000,
      });
      try {
        if (result.exitCode !== 0) throw failureFrom(result);
        const reader = new SizedFileReader();
        const files = reader.push(result.stdout).flatMap((e) => (e.kind === 'file' ? [e.bytes] : []));
        if (reader.truncated) {
          reader.wipe();
          throw cameraError('CAMERA_DISCONNECTED');
        }
        // RAW+JPEG cameras deliver two files: keep the JPEG, which is what the workstation stores.
        const jpeg = files.find(isJpeg);
        for (const f of files) if (f !== jpeg) f.fill(0);
        if (!jpeg) throw cameraError('CAPTURE_FAILED');
        return { bytes: jpeg, device };
      } finally {
        result.stdout.fill(0);
      }
    },
    async startLiveView(onFrame): Promise<LiveView> {
      await takeOver();
      const run = await startGphoto2(runtime, [...target, '--capture-movie', '--stdout']);
      const splitter = new JpegStreamSplitter();
      run.child.stdout?.on('data', (chunk: Buffer) => {
        for (const frame of splitter.push(chunk)) onFrame(frame);
      });
      const done = run.finished.then(
        (r) => (r.exitCode === 0 || r.signal === 'SIGINT' ? null : failureFrom(r)),
        (error: unknown) => error,
      );
      const view: LiveView = {
        async stop() {
          run.stop();
          await done;
        },
        ended: done,
      };
      exclusive = view;
      return view;
    },
    async startTethered(onPhoto): Promise<TetheredSession> {
      await takeOver();
      const run = await startGphoto2(runtime, [...target, '--quiet', '--capture-tethered', '--no-keep', '--stdout', '--stdout-size']);
      const reader = new SizedFileReader();
      let streamError: unknown = null;
      run.child.stdout?.on('data', (chunk: Buffer) => {
        if (streamError) return;
        try {
          for (const e of reader.push(chunk)) if (e.kind === 'file' && isJpeg(e.bytes)) onPhoto({ bytes: e.bytes, device });
        } catch (error) {
          streamError = error;
          run.stop();
        }
      });
      const done = run.finished.then(
        (r) => {
          if (reader.truncated) {
            reader.wipe();
            return cameraError('CAMERA_DISCONNECTED');
          }
          if (streamError) return cameraError('CAPTURE_FAILED');
          return r.exitCode === 0 || r.signal === 'SIGINT' ? null : failureFrom(r);
        },
        (error: unknown) => error,
      );
      const session: TetheredSession = {
        async stop() {
          run.stop();
          await done;
        },
        ended: done,
      };
      exclusive = session;
      return session;
    },
  };
}

const isJpeg = (b: Buffer): boolean => b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/**
 * Downloads file number `n` (as `--list-files` numbers them) into memory. Used to bring photos
 * taken off-line on the camera's card into the workstation, and to test the download path against
 * gphoto2's own "Directory Browse" camera, which needs no USB.
 */
export async function downloadGphoto2File(camera: DetectedCamera, n: number, options: Gphoto2Options = {}): Promise<Buffer> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('file number must be a positive integer');
  const runtime = defaultRuntime(options.runtime);
  const result = await runGphoto2(runtime, ['--camera', camera.model, '--port', camera.port, '--quiet', '--get-file', String(n), '--stdout', '--stdout-size'], {
    timeoutMs: options.captureTimeoutMs ?? 60_000,
  });
  try {
    if (result.exitCode !== 0) throw failureFrom(result);
    const reader = new SizedFileReader();
    const file = reader.push(result.stdout).find((e) => e.kind === 'file');
    if (reader.truncated || !file || file.kind !== 'file') {
      reader.wipe();
      throw cameraError('CAMERA_DISCONNECTED');
    }
    return file.bytes;
  } finally {
    result.stdout.fill(0);
  }
}

/** Registry discovery: every camera `--auto-detect` lists becomes a tethered driver. */
export const gphoto2Discovery =
  (options: Gphoto2Options = {}) =>
  async (): Promise<CameraDriver[]> =>
    (await detectGphoto2Cameras(options)).map((c) => createGphoto2Camera(c, options));
