// Scans a data directory for anything that should never be on disk in the clear: image signatures
// (JPEG SOI+marker, PNG, and EXIF/JFIF identifiers) and known PHI strings in UTF-8 and UTF-16LE,
// case-insensitively. Used after every scenario, by unit, CLI and e2e tests alike.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface PlaintextFinding {
  readonly file: string;
  readonly what: string;
  readonly offset: number;
}

// Needles are at least five bytes: a three-byte JPEG SOI alone turns up in ciphertext about once
// per 16 MiB by chance, which would make the scan flaky rather than strict. Every JPEG a camera or
// encoder writes carries a JFIF or Exif header, or starts SOI + DQT.
const SIGNATURES: ReadonlyArray<[string, Buffer]> = [
  ['JPEG SOI+DQT', Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43])],
  ['JPEG SOI+DQT', Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x84])],
  ['PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['JFIF marker', Buffer.from('JFIF\0', 'latin1')],
  ['EXIF marker', Buffer.from('Exif\0\0', 'latin1')],
];

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

export async function scanForPlaintext(dir: string, phi: readonly string[]): Promise<PlaintextFinding[]> {
  const needles: Array<[string, Buffer]> = [...SIGNATURES];
  for (const s of phi.filter((p) => p.length >= 3)) {
    for (const variant of new Set([s, s.toLowerCase(), s.toUpperCase()])) {
      needles.push([`PHI "${s}" (utf-8)`, Buffer.from(variant, 'utf8')]);
      needles.push([`PHI "${s}" (utf-16le)`, Buffer.from(variant, 'utf16le')]);
    }
  }
  const findings: PlaintextFinding[] = [];
  for (const file of await listFiles(dir)) {
    const bytes = await fs.readFile(file);
    for (const [what, needle] of needles) {
      const offset = bytes.indexOf(needle);
      if (offset >= 0) findings.push({ file: path.relative(dir, file), what, offset });
    }
  }
  return findings;
}
