// Lossless JPEG transforms with jpegtran (libjpeg-turbo-progs, Debian): rotation and flips on the
// DCT coefficients, and conversion of progressive or extended JPEGs to baseline, without decoding
// and re-encoding the image. The image goes through stdin and stdout of a child process: it never
// touches the disk. `-perfect` makes jpegtran refuse a rotation it cannot do exactly (an edge that
// is not a whole number of MCUs) rather than leave a strip of untransformed blocks.
import { spawn } from 'node:child_process';

export const JPEGTRAN = 'jpegtran';

/** jpegtran's arguments for each EXIF Orientation (CIPA DC-008 4.6.4, tag 0x0112) to make it upright. */
export const UPRIGHT_TRANSFORM: Readonly<Record<number, readonly string[]>> = {
  1: [],
  2: ['-flip', 'horizontal'],
  3: ['-rotate', '180'],
  4: ['-flip', 'vertical'],
  5: ['-transpose'],
  6: ['-rotate', '90'],
  7: ['-transverse'],
  8: ['-rotate', '270'],
};

export class JpegtranError extends Error {}

/**
 * Runs jpegtran with `args` plus `-perfect -copy icc` on `input`; the output is a sequential
 * (baseline when 8-bit) JPEG that keeps the ICC profile and nothing else of the metadata.
 */
export function jpegtran(input: Uint8Array, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(JPEGTRAN, ['-perfect', '-copy', 'icc', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new JpegtranError(`jpegtran could not be started (${e.message}); install libjpeg-turbo-progs`)));
    // A refused transform closes stdin early; the write error is the same failure as the exit code.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new JpegtranError(`jpegtran: ${Buffer.concat(err).toString('utf8').trim() || `exit ${code}`}`));
    });
    child.stdin.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  });
}
