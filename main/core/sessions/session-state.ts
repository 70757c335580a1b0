// What a session is allowed to do right now, and locking: by the renderer's idle timer, by the
// core's own idle check on every call, and by the OS (lock screen, suspend) in the Electron shell.
// A locked session keeps its user but may only unlock, switch user, sign out or stop a camera; its
// photo handles are dropped and its cameras stopped at once (`releaseWindowHold`, also called when
// a session ends or its window changes user).
import type { SessionRestriction } from '../../../shared/channels/session';
import type { UserSummary } from '../../../shared/domain';
import { mustChangePassword } from '../auth/accounts';
import { hasSecondFactor } from '../auth/second-factor';
import type { Db } from '../db/open';
import type { Session } from '../router';
import type { ClientState, CoreServices } from '../services';
import { readSecuritySettings, secondFactorRequired } from './settings';
import { readUserLocale } from '../preferences/user-locale';

export type LockReason = 'USER' | 'IDLE' | 'OS_LOCK' | 'SUSPEND';

/** The restriction a fresh (or just unlocked) session starts with. */
export function initialRestriction(db: Db, user: UserSummary): SessionRestriction | null {
  if (mustChangePassword(db, user.id)) return 'changePassword';
  if (secondFactorRequired(db, user.role) && !hasSecondFactor(db, user.id)) return 'enrollSecondFactor';
  return null;
}

export function sessionExtras(db: Db, session: Session) {
  return {
    restriction: session.restriction ?? null,
    secondFactor: hasSecondFactor(db, session.user.id),
    idleLockSeconds: readSecuritySettings(db).idleLockSeconds,
    locale: readUserLocale(db, session.user.id),
  };
}

/**
 * What a window holds for its session and must not outlive it: photo handles, and the live views
 * and tethered sessions its user started (a photo shot after this is not ingested). Called when the
 * session locks, ends (sign-out, disabled, role changed, window closed) or changes user. The
 * cameras stop in the background; frames that arrive meanwhile are dropped at once.
 */
export function releaseWindowHold(s: CoreServices, client: ClientState): void {
  client.handles.clear();
  void s.cameras.sessions.stopClient(client).catch((error: unknown) => s.log.error('camera.stop-failed', error));
}

export function lockSession(s: CoreServices, client: ClientState, reason: LockReason): void {
  const session = client.session;
  if (!session || session.restriction === 'locked') return;
  session.restriction = 'locked';
  releaseWindowHold(s, client);
  client.pending = null;
  s.audit({ userId: session.user.id, action: 'session.lock', outcome: 'success', detail: reason });
}

/**
 * Called before every request and photo fetch: locks the client's session when it has been idle
 * longer than the clinic's setting. `touch` marks the request as activity.
 */
export function enforceIdleLock(s: CoreServices, client: ClientState, touch: boolean): void {
  const now = s.clock().getTime();
  if (client.session && client.session.restriction !== 'locked' && s.isOpen()) {
    const idleMs = readSecuritySettings(s.workspace().db).idleLockSeconds * 1000;
    if (now - client.lastActivityAt >= idleMs) lockSession(s, client, 'IDLE');
  }
  if (touch) client.lastActivityAt = now;
}
