// Walks a data directory and lists everything that is not owner-only: directories must be 0700,
// files 0600. Used by the tests of the core, the CLI and the shells alike.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface ModeFinding {
  readonly path: string;
  readonly kind: 'dir' | 'file' | 'other';
  readonly mode: string;
}

/** Every entry under `root` (and `root` itself) whose permission bits are not 0700 / 0600. */
export async function notOwnerOnly(root: string): Promise<ModeFinding[]> {
  const found: ModeFinding[] = [];
  const visit = async (entry: string): Promise<void> => {
    const stat = await fs.lstat(entry);
    const mode = stat.mode & 0o777;
    const kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
    const expected = kind === 'dir' ? 0o700 : 0o600;
    if (kind === 'other' || mode !== expected) found.push({ path: path.relative(root, entry) || '.', kind, mode: mode.toString(8).padStart(4, '0') });
    if (kind === 'dir') for (const name of await fs.readdir(entry)) await visit(path.join(entry, name));
  };
  await visit(root);
  return found;
}

/** How many files and directories are under `root`, so a test can show it looked at something. */
export async function countEntries(root: string): Promise<{ files: number; dirs: number }> {
  let files = 0;
  let dirs = 0;
  for (const entry of await fs.readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) dirs++;
    else files++;
  }
  return { files, dirs };
}
