// Running the Debian DICOM tools on a file, for tests and for checking an export by hand:
// dciodvfy (dicom3tools) validates against the IOD, dcmdump (dcmtk) shows attributes and writes
// the pixel data fragments out, dcmdjpeg (dcmtk) decodes the JPEG the way a viewer would.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface DciodvfyReport {
  readonly errors: string[];
  readonly warnings: string[];
  /** The IOD dciodvfy recognised ("VLPhotographicImage"). */
  readonly iod: string | null;
}

function run(command: string, args: string[]): { status: number | null; out: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

export function dciodvfy(file: string): DciodvfyReport {
  const lines = run('dciodvfy', [file]).out.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    errors: lines.filter((l) => l.startsWith('Error')),
    warnings: lines.filter((l) => l.startsWith('Warning')),
    iod: lines.find((l) => /^[A-Za-z]+$/.test(l)) ?? null,
  };
}

/** dcmdump's listing (UTF-8 shown as such); throws when dcmdump cannot read the file. */
export function dcmdump(file: string): string {
  const { status, out } = run('dcmdump', ['+U8', '+L', '-M', file]);
  if (status !== 0) throw new Error(`dcmdump exited with ${status}`);
  return out;
}

/** The value dcmdump prints for a top-level tag ("0028,0010" → "427"), or null. */
export function dumpValue(listing: string, tag: string): string | null {
  const line = listing.split('\n').find((l) => l.startsWith(`(${tag.toLowerCase()})`));
  if (!line) return null;
  if (line.includes('(no value available)')) return '';
  const m = /^\([0-9a-f,]+\) \w\w (?:\[(.*?)\]|(\S+))/.exec(line);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The pixel data fragments as dcmdump writes them (+W): index 0 is the basic offset table. */
export function pixelFragments(file: string, outDir: string): Buffer[] {
  const { status } = run('dcmdump', ['+W', outDir, file]);
  if (status !== 0) throw new Error(`dcmdump +W exited with ${status}`);
  const base = path.basename(file);
  return readdirSync(outDir)
    .filter((n) => n.startsWith(`${base}.`) && n.endsWith('.raw'))
    .sort((a, b) => Number(a.split('.').at(-2)) - Number(b.split('.').at(-2)))
    .map((n) => readFileSync(path.join(outDir, n)));
}

/** Decodes the file's JPEG with dcmdjpeg; true when it decodes cleanly. */
export function dcmdjpegDecodes(file: string, out: string): boolean {
  return run('dcmdjpeg', [file, out]).status === 0;
}
