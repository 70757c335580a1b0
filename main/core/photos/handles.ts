// Short-lived opaque handles for photo bytes. The renderer gets a random token; the shell resolves
// it here to a blob. Tokens are bound to the client (window) that asked, expire after a few
// minutes, and are dropped when that client's session ends. No path or key ever leaves the core.
import { newToken } from '../support/ids';

export const HANDLE_TTL_MS = 5 * 60_000;
const MAX_HANDLES_PER_CLIENT = 5000;

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

  constructor(private readonly now: () => number) {}

  issue(target: HandleTarget): string {
    this.prune();
    if (this.entries.size >= MAX_HANDLES_PER_CLIENT) {
      // Drop the oldest: a gallery open for hours must not grow the table without bound.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const token = newToken();
    this.entries.set(token, { ...target, expiresAt: this.now() + HANDLE_TTL_MS });
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

  clear(): void {
    this.entries.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [token, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(token);
  }
}
