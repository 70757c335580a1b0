// The connected clients: one per window, one per CLI run. Each holds its session (if any), its
// photo handles, its last activity for the idle lock and a sign-in awaiting its second factor.
// The core keeps them here so that sessions live in the core and never in a renderer.
import type { ClientState } from '../services';
import { PhotoHandles } from '../photos/handles';
import { newId } from '../support/ids';

export class ClientRegistry {
  private readonly clients = new Map<string, ClientState>();

  constructor(private readonly now: () => number) {}

  /** A new client without a session; `local` for a caller in the core's own process (the CLI). */
  add(local: boolean): { readonly id: string; readonly state: ClientState } {
    const id = newId();
    const state: ClientState = { local, session: null, handles: new PhotoHandles(this.now), lastActivityAt: this.now(), pending: null };
    this.clients.set(id, state);
    return { id, state };
  }

  get(id: string): ClientState | undefined {
    return this.clients.get(id);
  }

  remove(id: string): void {
    this.clients.delete(id);
  }

  all(): ClientState[] {
    return [...this.clients.values()];
  }

  /** The clients with a session (or a pending sign-in) of this user. */
  ofUser(userId: string): ClientState[] {
    return this.all().filter((c) => c.session?.user.id === userId || c.pending?.user.id === userId);
  }

  /** Whether anyone holds the vault open: a session, or a sign-in waiting for its TOTP code until it lapses. */
  anySession(): boolean {
    const now = this.now();
    return this.all().some((c) => c.session || (c.pending && c.pending.expiresAt > now));
  }

  clear(): void {
    this.clients.clear();
  }
}
