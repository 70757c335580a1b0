// Reusable large buffers for one thread's hot path. A photo-sized Buffer is memory V8 counts as
// external: allocating one per photo makes the collector run every few photos, which on the sync
// worker cost more than decrypting the photo. A taken buffer is the caller's until it gives it
// back, and must then no longer be referenced anywhere (no pending write, no view kept).
// Buffers come back with whatever they last held: callers only ever read what they wrote.

export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    /** Buffers kept for reuse; more given back are dropped to the collector. */
    private readonly maxKept: number,
    /** Larger requests are served by a fresh allocation and never kept. */
    private readonly maxBytes: number,
  ) {}

  /** A buffer of at least `size` bytes (its contents are stale; write before reading). */
  take(size: number): Buffer {
    if (size > this.maxBytes) return Buffer.allocUnsafe(size);
    const i = this.free.findIndex((b) => b.length >= size);
    if (i >= 0) return this.free.splice(i, 1)[0]!;
    // Grown with headroom, so photos a little larger than the last reuse it.
    return Buffer.allocUnsafe(Math.min(this.maxBytes, Math.ceil(size * 1.25)));
  }

  give(buffer: Buffer): void {
    if (buffer.length > this.maxBytes || this.free.includes(buffer)) return;
    this.free.push(buffer);
    // Keep the largest: a small one would be replaced at the next large photo anyway.
    if (this.free.length > this.maxKept) this.free.sort((a, b) => b.length - a.length).pop();
  }

  /** Buffers held for reuse (for tests and memory accounting). */
  get kept(): number {
    return this.free.length;
  }
}
