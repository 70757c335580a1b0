// Sending the chosen files one at a time, with what the progress bar shows: how many are done,
// which failed and why, and the time left, estimated from the bytes sent so far (a card mixes
// small and large files, so counting files would be wrong). Cancel stops before the next file; the
// file in flight finishes (it is one transaction in the core: either imported or not).
import type { BridgeError, Result } from '../../../shared/result';

export interface ImportItem {
  readonly id: string;
  readonly bytes: number;
}

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: ReadonlyArray<{ readonly id: string; readonly error: BridgeError }>;
  /** Seconds left, once there is a rate to go by; null before the first file is done. */
  readonly secondsLeft: number | null;
  readonly finished: boolean;
  readonly cancelled: boolean;
}

/** Seconds left at the rate so far: bytes sent per millisecond, applied to the bytes still to send. */
export function secondsLeft(bytesDone: number, bytesTotal: number, elapsedMs: number): number | null {
  if (bytesDone <= 0 || elapsedMs <= 0) return null;
  return Math.ceil(((bytesTotal - bytesDone) / bytesDone) * elapsedMs / 1000);
}

export interface RunOptions {
  readonly signal: AbortSignal;
  readonly onProgress: (p: ImportProgress) => void;
  readonly now?: () => number;
}

/** Sends each item with `send`; resolves with the final progress. */
export async function runImport<T>(items: readonly ImportItem[], send: (item: ImportItem) => Promise<Result<T>>, { signal, onProgress, now = () => performance.now() }: RunOptions): Promise<ImportProgress> {
  const total = items.length;
  const bytesTotal = items.reduce((n, i) => n + i.bytes, 0);
  const failed: Array<{ id: string; error: BridgeError }> = [];
  const started = now();
  let done = 0;
  let bytesDone = 0;
  const report = (finished: boolean): ImportProgress => {
    const p = { done, total, failed: [...failed], secondsLeft: finished ? 0 : secondsLeft(bytesDone, bytesTotal, now() - started), finished, cancelled: finished && signal.aborted && done < total };
    onProgress(p);
    return p;
  };
  report(false);
  for (const item of items) {
    if (signal.aborted) break;
    const result = await send(item);
    if (!result.ok) failed.push({ id: item.id, error: result.error });
    done += 1;
    bytesDone += item.bytes;
    report(false);
  }
  return report(true);
}
