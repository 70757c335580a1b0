// Staff administration (administrators): create with an initial password that must be changed at
// first sign-in, change role or name, reset a forgotten password (a new initial one), disable (ends their sessions, removes their key slot) and
// re-enable (new initial password, new slot), reset a second factor, and the security settings.
// Creating, re-enabling or re-roling an account makes the administrator its sponsor; making a
// privacy officer raises an alert (docs/access-control.md, separation of duties).
import { CoreError } from '../../../shared/errors';
import type { Role } from '../../../shared/permissions';
import { raiseAlert } from '../access/alerts';
import { recordSponsor, type SponsorKind } from '../access/sponsors';
import { recordAudit } from '../audit/audit';
import { assertKeepsAnAdministrator, getStaff, listStaff, setMustChangePassword } from '../auth/accounts';
import { checkPasswordPolicy } from '../auth/password-policy';
import { removeSecondFactor } from '../auth/second-factor';
import { insertUser } from '../auth/users';
import type { CallContext, Handlers } from '../router';
import type { CoreServices } from '../services';
import { releaseWindowHold } from '../sessions/session-state';
import { toPublicSettings, writeSecuritySettings } from '../sessions/settings';
import { addPasswordSlot, removePasswordSlot } from '../vault/vault';
import { writeTransaction } from '../db/write';

export const userHandlers = (s: CoreServices): Handlers['users'] => {
  /** Ends every session of a user (role change, disable): their windows return to sign-in. */
  const endSessionsOf = (userId: string, reason: string) => {
    for (const client of s.clientsOf(userId)) {
      client.pending = null;
      if (client.session) s.audit({ userId, action: 'session.expired', outcome: 'success', detail: reason });
      client.session = null;
      releaseWindowHold(s, client);
    }
  };

  /**
   * Records the administrator as a sponsor of the account (separation of duties, access/sponsors.ts)
   * and, when the account now is a privacy officer, raises an alert about that administrator: a
   * privacy officer an administrator chose, and whose first password they set, reviews that
   * administrator's break-glass and self-grants. Runs inside the caller's transaction.
   */
  const sponsored = (sponsorId: string, userId: string, kind: SponsorKind, role: Role) => {
    const { db } = s.workspace();
    recordSponsor(db, s.clock(), userId, sponsorId, kind);
    if (role === 'privacy_officer') raiseAlert(db, s.clock(), { kind: 'privacy-officer', userId: sponsorId, patientId: null, refId: userId });
  };

  const usernameTaken = () => new CoreError('USERNAME_TAKEN', 'This username is already in use.', { username: 'is already in use' });

  return {
    list() {
      return listStaff(s.workspace().db);
    },
    create: (ctx, req) =>
      s.exclusive(async () => {
        const actor = s.actor(ctx);
        const { db, keys } = s.workspace();
        checkPasswordPolicy(req.initialPassword, req.username, 'initialPassword');
        if (db.prepare('SELECT 1 FROM users WHERE username = ?').get(req.username)) throw usernameTaken();
        try {
          await addPasswordSlot(s.dataDir, keys, req.username, req.initialPassword, s.kdfCost);
        } catch (error) {
          if (error instanceof CoreError && error.code === 'VALIDATION_FAILED') throw usernameTaken();
          throw error;
        }
        try {
          const user = writeTransaction(db, () => {
            const created = insertUser(db, s.clock(), { username: req.username, displayName: req.displayName, role: req.role });
            setMustChangePassword(db, created.id, true);
            recordAudit(db, s.clock(), { userId: actor.user.id, action: 'user.create', outcome: 'success', detail: `user=${created.id};role=${req.role}` });
            sponsored(actor.user.id, created.id, 'create', req.role);
            return created;
          });
          return getStaff(db, user.id);
        } catch (error) {
          // The slot without its account would be a password that opens the vault for nobody known.
          await removePasswordSlot(s.dataDir, req.username).catch(() => undefined);
          throw error;
        }
      }),
    update(ctx, req) {
      const actor = s.actor(ctx);
      const { db } = s.workspace();
      const before = getStaff(db, req.userId);
      const roleChanges = req.role !== undefined && req.role !== before.role;
      if (roleChanges && before.role === 'administrator' && !before.disabledAt) assertKeepsAnAdministrator(db, before.id);
      writeTransaction(db, () => {
        db.prepare('UPDATE users SET display_name = COALESCE(?, display_name), role = COALESCE(?, role) WHERE id = ?').run(req.displayName ?? null, req.role ?? null, req.userId);
        const detail = `user=${before.id}${roleChanges ? `;role=${before.role}>${req.role}` : ''}${req.displayName ? ';name' : ''}`;
        recordAudit(db, s.clock(), { userId: actor.user.id, action: 'user.update', outcome: 'success', detail });
        if (roleChanges) sponsored(actor.user.id, before.id, 'role', req.role ?? before.role);
      });
      // A session carries its role: the user signs in again to work under the new one.
      if (roleChanges) endSessionsOf(before.id, 'ROLE_CHANGED');
      if (req.displayName) for (const c of s.clientsOf(before.id)) if (c.session) c.session = { ...c.session, user: { ...c.session.user, displayName: req.displayName } };
      s.closeIfIdle();
      return s.isOpen() ? getStaff(db, before.id) : { ...before, role: req.role ?? before.role, displayName: req.displayName ?? before.displayName };
    },
    disable: (ctx, req) =>
      s.exclusive(async () => {
        const actor = s.actor(ctx);
        const { db } = s.workspace();
        const target = getStaff(db, req.userId);
        if (target.id === actor.user.id) throw new CoreError('VALIDATION_FAILED', 'You cannot disable your own account; ask another administrator.');
        if (target.disabledAt) return target;
        if (target.role === 'administrator') assertKeepsAnAdministrator(db, target.id);
        await removePasswordSlot(s.dataDir, target.username);
        writeTransaction(db, () => {
          db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(s.clock().toISOString(), target.id);
          removeSecondFactor(db, target.id);
          s.audit({ userId: actor.user.id, action: 'user.disable', outcome: 'success', detail: `user=${target.id}` });
        });
        endSessionsOf(target.id, 'ACCOUNT_DISABLED');
        return getStaff(db, target.id);
      }),
    enable: (ctx, req) =>
      s.exclusive(async () => {
        const actor = s.actor(ctx);
        const { db, keys } = s.workspace();
        const target = getStaff(db, req.userId);
        if (!target.disabledAt) throw new CoreError('VALIDATION_FAILED', 'This account is already active.');
        checkPasswordPolicy(req.initialPassword, target.username, 'initialPassword');
        // A stale slot (left by an interrupted disable) is replaced by the new one.
        await removePasswordSlot(s.dataDir, target.username).catch(() => false);
        await addPasswordSlot(s.dataDir, keys, target.username, req.initialPassword, s.kdfCost);
        writeTransaction(db, () => {
          db.prepare('UPDATE users SET disabled_at = NULL, must_change_password = 1 WHERE id = ?').run(target.id);
          recordAudit(db, s.clock(), { userId: actor.user.id, action: 'user.enable', outcome: 'success', detail: `user=${target.id}` });
          sponsored(actor.user.id, target.id, 'enable', target.role);
        });
        return getStaff(db, target.id);
      }),
    resetPassword: (ctx, req) =>
      s.exclusive(async () => {
        const actor = s.actor(ctx);
        const { db, keys } = s.workspace();
        const target = getStaff(db, req.userId);
        if (target.id === actor.user.id) throw new CoreError('VALIDATION_FAILED', 'Change your own password from your account menu.', { userId: 'is your own account' });
        if (target.disabledAt) throw new CoreError('VALIDATION_FAILED', 'This account is disabled; re-enable it with a new initial password.', { userId: 'is disabled' });
        checkPasswordPolicy(req.initialPassword, target.username, 'initialPassword');
        // The slot is the password: the old one stops opening the vault the moment it is replaced.
        await removePasswordSlot(s.dataDir, target.username).catch(() => false);
        await addPasswordSlot(s.dataDir, keys, target.username, req.initialPassword, s.kdfCost);
        writeTransaction(db, () => {
          setMustChangePassword(db, target.id, true);
          recordAudit(db, s.clock(), { userId: actor.user.id, action: 'user.password-reset', outcome: 'success', detail: `user=${target.id}` });
        });
        // Whoever is signed in as them now (perhaps not them) is signed out.
        endSessionsOf(target.id, 'PASSWORD_RESET');
        return getStaff(db, target.id);
      }),
    resetSecondFactor(ctx: CallContext, req) {
      const actor = s.actor(ctx);
      const { db } = s.workspace();
      const target = getStaff(db, req.userId);
      s.write(() => {
        removeSecondFactor(db, target.id);
        s.audit({ userId: actor.user.id, action: 'user.totp-reset', outcome: 'success', detail: `user=${target.id}` });
      });
      return getStaff(db, target.id);
    },
    getSettings() {
      return toPublicSettings(s.workspace().db);
    },
    updateSettings(ctx, req) {
      const actor = s.actor(ctx);
      const { db } = s.workspace();
      s.write(() => {
        writeSecuritySettings(db, req);
        s.audit({ userId: actor.user.id, action: 'settings.security-update', outcome: 'success', detail: `idle=${req.idleLockMinutes};2fa=${req.secondFactorRequiredFor.join('+')}` });
      });
      return toPublicSettings(db);
    },
  };
};
