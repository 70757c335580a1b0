// The steps shared by sign-in, unlock and switch of user: throttle check, password (the user's own
// vault key slot), lock-out bookkeeping, the second factor when enrolled, and the audit records.
// Wrong username, wrong password and disabled account all give the same answer. `verifyPassword`
// is the only place a password is checked: re-authentication inside a session (key operations,
// changing one's password, removing the second factor) goes through `reauthenticate`, which uses it.
import type { AuditAction } from '../../../shared/audit-actions';
import { CoreError } from '../../../shared/errors';
import type { UserSummary } from '../../../shared/domain';
import { assertAccountActive } from '../access/accounts';
import { recordAudit } from '../audit/audit';
import { userIdByUsername, usernames } from '../auth/accounts';
import { hasSecondFactor, verifySecondFactor } from '../auth/second-factor';
import type { QueuedAuditEntry } from '../auth/sign-in-throttle';
import { findActiveUser } from '../auth/users';
import type { CallContext } from '../router';
import type { ClientState, CoreServices, PendingSecondFactor } from '../services';
import { upgradeSlotOnSignIn, unlockWithPassword, type VaultKeys } from '../vault/vault';
import { initialRestriction, releaseWindowHold } from './session-state';

/** How long a correct password waits for its TOTP code before the attempt lapses. */
export const SECOND_FACTOR_WINDOW_MS = 5 * 60_000;

const invalid = () => new CoreError('INVALID_CREDENTIALS', 'Username or password is incorrect.');

export async function refuseWhileLockedOut(s: CoreServices, username: string): Promise<void> {
  const until = await s.throttle.lockedUntil(username, s.clock());
  if (!until) return;
  const seconds = Math.max(1, Math.ceil((until.getTime() - s.clock().getTime()) / 1000));
  if (s.isOpen()) s.audit({ userId: userIdByUsername(s.workspace().db, username), action: 'session.sign-in', outcome: 'denied', detail: 'LOCKED_OUT' });
  throw new CoreError('TOO_MANY_ATTEMPTS', `Too many failed attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: String(seconds) });
}

/** Counts a failure and records it: in the audit now if the vault is open, else queued on disk. */
export async function recordSignInFailure(s: CoreServices, username: string, detail: string, action: AuditAction = 'session.sign-in'): Promise<void> {
  const at = s.clock();
  const open = s.isOpen();
  const outcome = await s.throttle.recordFailure(username, at, detail, !open);
  if (!open) return;
  const userId = userIdByUsername(s.workspace().db, username);
  s.audit({ userId, action, outcome: 'failure', detail });
  if (outcome.lockedUntil) s.audit({ userId, action: 'session.lock-out', outcome: 'denied', detail: `failures=${outcome.failures}` });
}

/** Writes failures queued while the vault was closed into the audit log, with their own times. */
export async function flushQueuedAudit(s: CoreServices): Promise<void> {
  const { db } = s.workspace();
  await s.throttle.drainQueuedAudit((entries: ReadonlyArray<QueuedAuditEntry>, keyFor) => {
    const byKey = new Map(usernames(db).map((u) => [keyFor(u.username), u.id]));
    for (const e of entries) {
      const outcome = e.action === 'session.lock-out' ? 'denied' : 'failure';
      recordAudit(db, new Date(e.at), { userId: byKey.get(e.userKey) ?? null, action: e.action, outcome, detail: `${e.detail};queued` });
    }
  });
}

/**
 * Checks a username and password against the vault, opening the workspace if it is closed.
 * Returns the active user; every failure counts towards lock-out and throws INVALID_CREDENTIALS.
 */
export async function verifyPassword(s: CoreServices, username: string, password: string): Promise<UserSummary> {
  await refuseWhileLockedOut(s, username);
  let keys: VaultKeys;
  try {
    keys = await unlockWithPassword(s.dataDir, username, password);
  } catch (error) {
    if (error instanceof CoreError && error.code === 'INVALID_CREDENTIALS') {
      await recordSignInFailure(s, username, 'INVALID_CREDENTIALS');
      throw invalid();
    }
    throw error;
  }
  const wasOpen = s.isOpen();
  const workspace = wasOpen ? (keys.wipe(), s.workspace()) : await s.adoptKeys(keys);
  if (!wasOpen) await flushQueuedAudit(s);
  const user = findActiveUser(workspace.db, username);
  if (!user) {
    await recordSignInFailure(s, username, 'ACCOUNT_DISABLED');
    s.closeIfIdle();
    throw invalid();
  }
  // A locum's account ends on its expiry date (main/core/access/accounts.ts): the password was
  // right, so saying why is no oracle, and the refusal is audited like any other.
  try {
    assertAccountActive(workspace.db, user.id, s.clock());
  } catch (error) {
    await recordSignInFailure(s, username, 'ACCOUNT_EXPIRED');
    s.closeIfIdle();
    throw error;
  }
  // KEYS: after a key rotation (or a raised Argon2id cost) the user's slot is rewrapped here, with
  // the password just proven. A failure must not stop the sign-in: the slot still opens the vault.
  try {
    await upgradeSlotOnSignIn(s.dataDir, workspace.keys, username, password, s.kdfCost);
  } catch (error) {
    s.log.error('vault.slot-upgrade-failed', error);
  }
  return user;
}

/**
 * The signed-in user's own password again, for a sensitive step inside the session: the same
 * lock-out, back-off and failed-login audit as sign-in (a locked-out account gets TOO_MANY_ATTEMPTS
 * whatever the password, so the check is no oracle). A right password clears the failure count as
 * a sign-in would: the session already passed its second factor. A wrong one is INVALID_CREDENTIALS
 * naming `field`.
 */
export async function reauthenticate(s: CoreServices, ctx: CallContext, password: string, field = 'password'): Promise<UserSummary> {
  const session = s.actor(ctx);
  let user: UserSummary;
  try {
    user = await verifyPassword(s, session.user.username, password);
  } catch (error) {
    if (error instanceof CoreError && error.code === 'INVALID_CREDENTIALS') {
      throw new CoreError('INVALID_CREDENTIALS', 'The password is incorrect.', { [field]: 'is incorrect' });
    }
    throw error;
  }
  await s.throttle.recordSuccess(user.username);
  return user;
}

/** After a correct password: either asks for the TOTP code or finishes the step at once. */
export async function continueAfterPassword(s: CoreServices, ctx: CallContext, user: UserSummary, purpose: PendingSecondFactor['purpose']) {
  const client = s.client(ctx);
  if (hasSecondFactor(s.workspace().db, user.id)) {
    client.pending = { user, purpose, expiresAt: s.clock().getTime() + SECOND_FACTOR_WINDOW_MS };
    return { step: 'secondFactor' as const };
  }
  await s.throttle.recordSuccess(user.username);
  return finish(s, ctx, client, user, purpose);
}

export async function completeSecondFactor(s: CoreServices, ctx: CallContext, code: string) {
  const client = s.client(ctx);
  const pending = client.pending;
  if (!pending || pending.expiresAt < s.clock().getTime()) {
    client.pending = null;
    s.closeIfIdle();
    throw new CoreError('NOT_SIGNED_IN', 'Please sign in again.');
  }
  await refuseWhileLockedOut(s, pending.user.username).catch((error: unknown) => {
    client.pending = null;
    s.closeIfIdle();
    throw error;
  });
  const kind = verifySecondFactor(s.workspace().db, pending.user.id, code, s.clock());
  if (!kind) {
    await recordSignInFailure(s, pending.user.username, 'SECOND_FACTOR_INVALID', 'session.second-factor');
    if (await s.throttle.lockedUntil(pending.user.username, s.clock())) {
      client.pending = null;
      s.closeIfIdle();
    }
    throw new CoreError('INVALID_CREDENTIALS', 'The code is not valid, or was already used.');
  }
  client.pending = null;
  s.audit({ userId: pending.user.id, action: 'session.second-factor', outcome: 'success', detail: kind === 'totp' ? 'TOTP' : 'RECOVERY_CODE' });
  await s.throttle.recordSuccess(pending.user.username);
  return finish(s, ctx, client, pending.user, pending.purpose);
}

function finish(s: CoreServices, ctx: CallContext, client: ClientState, user: UserSummary, purpose: PendingSecondFactor['purpose']) {
  if (purpose === 'unlock' && client.session?.user.id === user.id) {
    client.session.restriction = initialRestriction(s.workspace().db, user);
    client.lastActivityAt = s.clock().getTime();
    s.audit({ userId: user.id, action: 'session.unlock', outcome: 'success' });
    return { step: 'signedIn' as const, session: s.sessionInfo(client.session) };
  }
  const previous = client.session;
  if (previous) {
    // Replace rather than end first: ending the last session would close the vault in between.
    s.audit({ userId: previous.user.id, action: purpose === 'switchUser' ? 'session.switch-user' : 'session.sign-out', outcome: 'success', detail: purpose === 'switchUser' ? `to=${user.id}` : 'REPLACED' });
    releaseWindowHold(s, client);
  }
  client.lastActivityAt = s.clock().getTime();
  return { step: 'signedIn' as const, session: s.beginSession(ctx, user) };
}
