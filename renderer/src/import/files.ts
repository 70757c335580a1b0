// The files a person hands the importer: dropped files and folders, a chosen folder (a camera's
// memory card: its DCIM folder), or chosen files. Only JPEG and PNG by name are kept (the core
// checks the bytes again); hidden files (a Mac's "._IMG_0001.JPG" shadows) are left out. Each file
// is described for the core's pre-import check by its SHA-256 and its first bytes (where EXIF is).
import { IMPORT_HEAD_BYTES } from '../../../shared/channels/imports';

export interface PickedFile {
  /** The path inside what was dropped or chosen ("DCIM/100CANON/IMG_0001.JPG"), or the file's name. */
  readonly path: string;
  readonly file: File;
}

const IMAGE_NAME = /\.(jpe?g|png)$/i;

/** Whether the importer offers this file at all. */
export const isImportable = (path: string): boolean => {
  const name = path.split('/').pop() ?? path;
  return IMAGE_NAME.test(name) && !name.startsWith('.') && !path.split('/').some((part) => part.startsWith('.') && part.length > 1);
};

/** Dropped or chosen files in path order (a card's shots in the order the camera numbered them). */
export function importable(files: readonly PickedFile[]): PickedFile[] {
  const seen = new Set<string>();
  return files
    .filter((f) => isImportable(f.path) && !seen.has(f.path) && seen.add(f.path))
    .sort((a, b) => a.path.localeCompare(b.path, undefined, { numeric: true }));
}

/** Files from an <input type="file"> (with or without webkitdirectory). */
export const fromFileList = (list: FileList | readonly File[]): PickedFile[] =>
  Array.from(list, (file) => ({ path: file.webkitRelativePath || file.name, file }));

type Entry = FileSystemEntry;

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<Entry[]> {
  const reader = dir.createReader();
  const all: Entry[] = [];
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: Entry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path, file });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries(entry as FileSystemDirectoryEntry)) await walk(child, path, out);
  }
}

/** Everything dropped, folders walked. Entries must be taken before the first await (the drop's data goes away). */
export async function fromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(data.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  const plain = Array.from(data.files);
  if (entries.every((e) => e === null)) return fromFileList(plain);
  const out: PickedFile[] = [];
  for (const entry of entries) if (entry) await walk(entry, '', out);
  return out;
}

const hex = (buffer: ArrayBuffer): string => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** Base64 of bytes, in chunks (String.fromCharCode on 30 MB at once overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface FileDescription {
  readonly sha256: string;
  readonly headBase64: string;
  readonly fileModifiedAt?: string;
}

/** What the core's pre-import check needs: the file's hash, its first bytes and its time. */
export async function describeFile(file: File): Promise<FileDescription> {
  const bytes = await file.arrayBuffer();
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  const headBase64 = toBase64(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, IMPORT_HEAD_BYTES)));
  return { sha256, headBase64, ...(file.lastModified > 0 ? { fileModifiedAt: new Date(file.lastModified).toISOString() } : {}) };
}
