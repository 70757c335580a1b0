// Telling a USB barcode scanner from a person: scanners in keyboard mode "type" the whole code in a
// burst (a few ms per character) and end it with Enter; people type far slower and unevenly.
// A burst is at least `minLength` printable characters ended by Enter, averaging at most
// `meanGapMs` between keys with no single gap above `maxGapMs` (the OS and a busy renderer add the
// odd 40 ms hiccup to a scanner's steady few ms; the fastest typists average 60 ms or more).
// Pure logic, fed with key events and their times.

export interface BurstOptions {
  readonly minLength: number;
  readonly meanGapMs: number;
  readonly maxGapMs: number;
}

export const DEFAULT_BURST: BurstOptions = { minLength: 6, meanGapMs: 30, maxGapMs: 80 };

export type BurstVerdict =
  /** Not (yet) a scan: let the key through as ordinary typing. */
  | { readonly kind: 'typing' }
  /** A completed scan: `value` is what the scanner typed; `startedAt` when its first key came. */
  | { readonly kind: 'scan'; readonly value: string; readonly startedAt: number };

export class KeyboardBurstDetector {
  private chars = '';
  private firstAt = 0;
  private lastAt = -Infinity;
  private gapSum = 0;

  constructor(private readonly options: BurstOptions = DEFAULT_BURST) {}

  /** Feeds one keydown (`key` as in KeyboardEvent.key) at time `at` (ms). */
  key(key: string, at: number): BurstVerdict {
    const gap = at - this.lastAt;
    const quick = gap <= this.options.maxGapMs;
    if (key === 'Enter') {
      const value = this.chars;
      const startedAt = this.firstAt;
      const meanGap = (this.gapSum + gap) / Math.max(1, value.length);
      const isScan = quick && value.length >= this.options.minLength && meanGap <= this.options.meanGapMs;
      this.reset();
      return isScan ? { kind: 'scan', value, startedAt } : { kind: 'typing' };
    }
    if (key.length !== 1) {
      // Shift and other modifiers come with scanners too (upper-case letters); they neither
      // extend nor break a burst. Any other named key (Tab, arrows, Backspace) breaks it.
      if (key !== 'Shift' && key !== 'CapsLock') this.reset();
      return { kind: 'typing' };
    }
    if (!quick || !this.chars) {
      this.chars = '';
      this.firstAt = at;
      this.gapSum = 0;
    } else {
      this.gapSum += gap;
    }
    this.chars += key;
    this.lastAt = at;
    return { kind: 'typing' };
  }

  /** True while the keys so far could still be the start of a scan. */
  get pendingLength(): number {
    return this.chars.length;
  }

  get burstStartedAt(): number {
    return this.firstAt;
  }

  reset(): void {
    this.chars = '';
    this.firstAt = 0;
    this.lastAt = -Infinity;
    this.gapSum = 0;
  }
}
