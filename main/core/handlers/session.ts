// Sessions: sign-in (password, then TOTP when enrolled), lock and unlock, switch of user, one's own
// password and second factor. Signing in unwraps the vault key with the user's own key slot; the
// last sign-out closes the database and wipes the keys.
import { CoreError } from '../../../shared/errors';
import { setMustChangePassword } from '../auth/accounts';
import { checkPasswordPolicy } from '../auth/password-policy';
import { qrCodePng } from '../auth/qr';
import { confirmEnrollment, hasSecondFactor, removeSecondFactor, startEnrollment } from '../auth/second-factor';
import { base32Encode, newTotpSecret, otpauthUri } from '../auth/totp';
import { clinicName } from '../auth/users';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { lockSession, initialRestriction } from '../sessions/session-state';
import { secondFactorRequired } from '../sessions/settings';
import { completeSecondFactor, continueAfterPassword, reauthenticate, verifyPassword } from '../sessions/sign-in';
import { changePasswordSlot } from '../vault/vault';

export const sessionHandlers = (s: CoreServices): Handlers['session'] => ({
  signIn: (ctx, req) =>
    s.exclusive(async () => {
      const user = await verifyPassword(s, req.username, req.password);
      return continueAfterPassword(s, ctx, user, 'signIn');
    }),
  verifySecondFactor: (ctx, req) => s.exclusive(() => completeSecondFactor(s, ctx, req.code)),
  signOut(ctx) {
    const client = s.client(ctx);
    client.pending = null;
    s.endSession(client);
    return {};
  },
  current(ctx) {
    return ctx.session && s.isOpen() ? s.sessionInfo(ctx.session) : null;
  },
  lock(ctx) {
    lockSession(s, s.client(ctx), 'USER');
    return {};
  },
  unlock: (ctx, req) =>
    s.exclusive(async () => {
      const session = s.actor(ctx);
      if (session.restriction !== 'locked') return { step: 'signedIn' as const, session: s.sessionInfo(session) };
      const user = await verifyPassword(s, session.user.username, req.password);
      return continueAfterPassword(s, ctx, user, 'unlock');
    }),
  switchUser: (ctx, req) =>
    s.exclusive(async () => {
      s.actor(ctx);
      const user = await verifyPassword(s, req.username, req.password);
      return continueAfterPassword(s, ctx, user, 'switchUser');
    }),
  changePassword: (ctx, req) =>
    s.exclusive(async () => {
      const session = s.actor(ctx);
      const { username, id } = session.user;
      checkPasswordPolicy(req.newPassword, username, 'newPassword');
      if (req.newPassword === req.currentPassword) {
        throw new CoreError('WEAK_PASSWORD', 'Choose a password different from the current one.', { newPassword: 'must differ from the current password' });
      }
      await reauthenticate(s, ctx, req.currentPassword, 'currentPassword');
      const { db, keys } = s.workspace();
      await changePasswordSlot(s.dataDir, keys, username, req.newPassword, s.kdfCost);
      s.write(() => {
        setMustChangePassword(db, id, false);
        s.audit({ userId: id, action: 'user.password-change', outcome: 'success' });
      });
      if (session.restriction === 'changePassword') session.restriction = initialRestriction(db, session.user);
      return s.sessionInfo(session);
    }),
  async beginTotpEnrollment(ctx) {
    const session = s.actor(ctx);
    const { db } = s.workspace();
    if (hasSecondFactor(db, session.user.id)) throw new CoreError('VALIDATION_FAILED', 'A second factor is already set up; remove it first.');
    const secret = newTotpSecret();
    startEnrollment(db, session.user.id, secret, s.clock());
    const otpauthUriText = otpauthUri(secret, clinicName(db) || 'Clinic Photo', session.user.username);
    const png = await qrCodePng(otpauthUriText);
    const response = { secretBase32: base32Encode(secret), otpauthUri: otpauthUriText, qrPngBase64: png.toString('base64') };
    secret.fill(0);
    return response;
  },
  confirmTotpEnrollment(ctx, req) {
    const session = s.actor(ctx);
    const { db } = s.workspace();
    const codes = s.write(() => {
      const confirmed = confirmEnrollment(db, session.user.id, req.code, s.clock());
      s.audit({ userId: session.user.id, action: 'user.totp-enroll', outcome: confirmed ? 'success' : 'failure', ...(confirmed ? {} : { detail: 'CODE_INVALID' }) });
      return confirmed;
    });
    if (!codes) throw new CoreError('VALIDATION_FAILED', 'That code does not match. Check the time on your phone and try the next code.', { code: 'does not match' });
    if (session.restriction === 'enrollSecondFactor') session.restriction = initialRestriction(db, session.user);
    return { recoveryCodes: codes, session: s.sessionInfo(session) };
  },
  removeTotp: (ctx, req) =>
    s.exclusive(async () => {
      const session = s.actor(ctx);
      const { db } = s.workspace();
      if (secondFactorRequired(db, session.user.role)) throw new CoreError('PERMISSION_DENIED', 'Your role must use a second factor.');
      await reauthenticate(s, ctx, req.password);
      s.write(() => {
        if (removeSecondFactor(db, session.user.id)) s.audit({ userId: session.user.id, action: 'user.totp-remove', outcome: 'success' });
      });
      return s.sessionInfo(session);
    }),
});
