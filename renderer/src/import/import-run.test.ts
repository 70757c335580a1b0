// The importer's loop without React or a core: progress after each file, failures kept with their
// reason while the rest go on, time left from the bytes rate, and cancel stopping before the next file.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result';
import { isImportable, importable } from './files';
import { runImport, secondsLeft, type ImportProgress } from './import-run';

describe('secondsLeft', () => {
  it('has nothing to say before the first bytes', () => expect(secondsLeft(0, 100, 500)).toBeNull());
  it('extrapolates the bytes rate', () => expect(secondsLeft(25, 100, 1000)).toBe(3));
});

describe('runImport', () => {
  const items = [
    { id: 'a', bytes: 10 },
    { id: 'b', bytes: 30 },
    { id: 'c', bytes: 60 },
  ];

  it('reports every file, keeps going past a failure and says which failed', async () => {
    let clock = 0;
    const seen: ImportProgress[] = [];
    const send = async (item: { id: string }): Promise<Result<string>> => {
      clock += 100;
      return item.id === 'b' ? { ok: false, error: { code: 'DUPLICATE_PHOTO', message: 'dup' } } : { ok: true, value: item.id };
    };
    const final = await runImport(items, send, { signal: new AbortController().signal, onProgress: (p) => seen.push(p), now: () => clock });
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 3]);
    expect(seen[1]?.secondsLeft).toBe(1); // 10 of 100 bytes in 100 ms: 900 ms to go
    expect(final).toMatchObject({ done: 3, total: 3, finished: true, cancelled: false, failed: [{ id: 'b', error: { code: 'DUPLICATE_PHOTO' } }] });
  });

  it('stops before the next file when cancelled', async () => {
    const abort = new AbortController();
    const sent: string[] = [];
    const final = await runImport(
      items,
      async (item) => {
        sent.push(item.id);
        if (item.id === 'a') abort.abort();
        return { ok: true, value: null };
      },
      { signal: abort.signal, onProgress: () => undefined },
    );
    expect(sent).toEqual(['a']);
    expect(final).toMatchObject({ done: 1, total: 3, cancelled: true, finished: true });
  });
});

describe('importable files', () => {
  it('keeps JPEG and PNG by name, drops hidden files and others, in camera order', () => {
    expect(isImportable('DCIM/100CANON/IMG_0001.JPG')).toBe(true);
    expect(isImportable('DCIM/100CANON/._IMG_0001.JPG')).toBe(false);
    expect(isImportable('.Trashes/IMG_0001.JPG')).toBe(false);
    expect(isImportable('DCIM/100CANON/IMG_0001.CR3')).toBe(false);
    const file = new File([new Uint8Array(1)], 'x');
    expect(importable(['DCIM/IMG_10.jpg', 'DCIM/IMG_9.jpg', 'MISC/notes.txt', 'DCIM/IMG_9.jpg'].map((path) => ({ path, file }))).map((f) => f.path)).toEqual(['DCIM/IMG_9.jpg', 'DCIM/IMG_10.jpg']);
  });
});
