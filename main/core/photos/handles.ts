// Short-lived opaque handles for photo bytes. The renderer gets a random token; the shell resolves
// it here to a blob. Tokens are bound to the client (window) that asked, expire after a few
// minutes, and are dropped when that client's session ends. No path or key ever leaves the core.
//
// Issuing is O(1): the gallery asks for handles one page at a time (only what is near the
// viewport), every handle lives exactly HANDLE_TTL_MS, so the map's insertion order is its expiry
// order and pruning stops at the first live entry instead of scanning the table. Token randomness
// is drawn a block at a time: a gallery page issues 240 handles in one call on the core's thread,
// and 240 separate draws from the CSPRNG cost about ten times one draw of the same bytes.
import { randomBytes } from 'node:crypto';

export const HANDLE_TTL_MS = 5 * 60_000;

/**
 * A memory bound against a runaway client, not a gallery limit: at one page per call, a person
 * scrolling cannot come near it within the TTL, and the oldest handles (tiles long scrolled past)
 * go first; a tile whose handle is gone asks again for itself (`photos.thumbnails`).
 */
export const MAX_HANDLES_PER_CLIENT = 100_000;

const TOKEN_BYTES = 32;
/** Tokens per draw from the CSPRNG (2 KiB): a gallery page of 240 handles is four draws. */
const TOKENS_PER_DRAW = 64;

export interface HandleTarget {
  readonly blobId: string;
  readonly mime: string;
  readonly userId: string;
}

interface Entry extends HandleTarget {
  readonly expiresAt: number;
}

export class PhotoHandles {
  private readonly entries = new Map<string, Entry>();
  private random = Buffer.alloc(0);
  private randomAt = 0;

  constructor(private readonly now: () => number) {}

  issue(target: HandleTarget): string {
    const now = this.now();
    this.pruneExpired(now);
    if (this.entries.size >= MAX_HANDLES_PER_CLIENT) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const token = this.newToken();
    this.entries.set(token, { ...target, expiresAt: now + HANDLE_TTL_MS });
    return token;
  }

  /** 256 fresh random bits, URL-safe (43 characters); the bytes are wiped once they are a token. */
  private newToken(): string {
    if (this.randomAt + TOKEN_BYTES > this.random.length) {
      this.random = randomBytes(TOKEN_BYTES * TOKENS_PER_DRAW);
      this.randomAt = 0;
    }
    const at = this.randomAt;
    this.randomAt += TOKEN_BYTES;
    const token = this.random.toString('base64url', at, at + TOKEN_BYTES);
    this.random.fill(0, at, at + TOKEN_BYTES);
    return token;
  }

  resolve(token: string): HandleTarget | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(token);
      return null;
    }
    return entry;
  }

  /** How many handles are held (expired ones not yet pruned included). */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Oldest first; stops at the first live handle (amortised O(1) per issue). */
  private pruneExpired(now: number): void {
    for (const [token, entry] of this.entries) {
      if (entry.expiresAt > now) return;
      this.entries.delete(token);
    }
  }
}
