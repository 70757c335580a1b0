// The per-user rate limit on exact-MRN look-ups. A look-up answers "is there a patient with this
// MRN, and is the record restricted", which is enough to enumerate who is a patient here if it can
// be asked a thousand times a second; a wristband scanner or an import script asks a few times a
// minute. A token bucket per user: a burst of BURST look-ups, then one every REFILL_MS. In memory
// only: a restart (which needs a fresh sign-in) refills the bucket, which is no faster than waiting.

/** Look-ups a user may make at once (a morning's worth of wristband scans queued up). */
export const LOOKUP_BURST = 30;
/** Then one look-up per this many milliseconds (30 a minute). */
export const LOOKUP_REFILL_MS = 2_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class LookupRateLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number,
    private readonly burst = LOOKUP_BURST,
    private readonly refillMs = LOOKUP_REFILL_MS,
  ) {}

  /** Takes one look-up for the user; returns the seconds to wait when none is left (0: allowed). */
  take(userId: string): number {
    const t = this.now();
    const bucket = this.buckets.get(userId) ?? { tokens: this.burst, at: t };
    // A clock that moves backwards (tests, NTP) must not mint tokens or starve the user.
    const elapsed = Math.max(0, t - bucket.at);
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed / this.refillMs);
    bucket.at = t;
    this.buckets.set(userId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * this.refillMs) / 1000);
  }
}
