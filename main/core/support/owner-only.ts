// Owner-only permissions for everything the workstation keeps on disk: the data directory 0700,
// every file 0600. The files are encrypted, but their names, sizes and times still say who was
// photographed when, and a world-readable database invites copying it for an offline attack on
// the vault's passwords. Each entry point (Electron main, browser shell, CLI) also sets umask 077
// so that a file some library creates on its own is owner-only too.
import { chmodSync, closeSync, constants, existsSync, openSync, statSync, promises as fs } from 'node:fs';

export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;
/** No permission bit for group or others, on anything a process creates. */
export const OWNER_ONLY_UMASK = 0o077;

/** The data directory is not private and could not be made so (owned by another user, say). */
export class DataDirPermissionError extends Error {
  override readonly name = 'DataDirPermissionError';
  readonly code = 'DATA_DIR_NOT_PRIVATE';
}

/** Makes every file and directory this process creates from now on owner-only. */
export function restrictNewFilesToOwner(): void {
  // process.umask() is unavailable in worker threads; entry points run on the main thread.
  process.umask(OWNER_ONLY_UMASK);
}

/**
 * Creates the directory 0700, or tightens an existing one we own to 0700; refuses one we cannot
 * make private (another owner, not a directory) with a message that says what to do.
 */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new DataDirPermissionError(`The data directory ${dir} is not a directory.`);
    throw error;
  }
  const stat = await fs.stat(dir);
  if (!stat.isDirectory()) throw new DataDirPermissionError(`The data directory ${dir} is not a directory.`);
  if ((stat.mode & 0o777) === OWNER_ONLY_DIR) return;
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new DataDirPermissionError(`The data directory ${dir} belongs to another user and is readable by others; use a directory of your own with mode 0700.`);
  }
  try {
    await fs.chmod(dir, OWNER_ONLY_DIR);
  } catch {
    throw new DataDirPermissionError(`The data directory ${dir} is readable by others and its mode could not be changed; run: chmod 700 '${dir}'`);
  }
  if (((await fs.stat(dir)).mode & 0o777) !== OWNER_ONLY_DIR) {
    throw new DataDirPermissionError(`The data directory ${dir} could not be made private (mode 0700); check the file system's permissions.`);
  }
}

/**
 * Creates an empty file 0600 if there is none, so a library that then opens it keeps that mode.
 * SQLite gives a database's -wal and -shm files the main file's mode, so this covers all three.
 */
export function createPrivateFileIfMissing(file: string): void {
  closeSync(openSync(file, constants.O_CREAT | constants.O_WRONLY, OWNER_ONLY_FILE));
}

/** Sets 0600 on each file that exists (one created before this rule, or by a library), and checks it held. */
export function makeFilesPrivate(files: readonly string[]): void {
  for (const file of files) {
    if (!existsSync(file)) continue;
    if ((statSync(file).mode & 0o777) !== OWNER_ONLY_FILE) chmodSync(file, OWNER_ONLY_FILE);
    if ((statSync(file).mode & 0o777) !== OWNER_ONLY_FILE) throw new DataDirPermissionError(`The file ${file} could not be made private (mode 0600).`);
  }
}
