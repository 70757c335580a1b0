// Sessions: sign-in (password, then the second factor when enrolled), lock and unlock, switching
// user, changing one's own password and enrolling a TOTP second factor. A session can be
// restricted (locked, or a first sign-in that must change its password or enroll TOTP first):
// the router then allows only the channels listed in SESSION_RESTRICTIONS.
import { z } from 'zod';
import { channel, Empty, publicAccess, sessionAccess } from '../channel';
import { Password, UserSummary, Username } from '../domain';
import { LOCALES } from '../i18n/locales';

export const SESSION_RESTRICTIONS = ['locked', 'changePassword', 'enrollSecondFactor'] as const;
export type SessionRestriction = (typeof SESSION_RESTRICTIONS)[number];

export const SessionInfo = z.object({
  user: UserSummary,
  clinicName: z.string(),
  permissions: z.array(z.string()),
  /** Non-null while the session may only unlock, change its password or enroll TOTP. */
  restriction: z.enum(SESSION_RESTRICTIONS).nullable(),
  secondFactor: z.boolean(),
  /** The renderer runs its own idle timer with this; the core enforces the same limit. */
  idleLockSeconds: z.number().int().positive(),
  /** The user's own language; null means "as the workstation" (docs/localisation.md). */
  locale: z.enum(LOCALES).nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** What a sign-in step returns: a session, or a request for the second factor. */
export const SignInStep = z.discriminatedUnion('step', [
  z.object({ step: z.literal('signedIn'), session: SessionInfo }).strict(),
  z.object({ step: z.literal('secondFactor') }).strict(),
]);

/** A 6-digit TOTP code or a recovery code (10 letters/digits, dashes and spaces ignored). */
export const SecondFactorCode = z
  .string()
  .trim()
  .max(40, 'is too long')
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^(?:\d{6}|[A-Z2-7]{10})$/, 'must be a 6-digit code or a recovery code'));

export const TotpEnrollment = z.object({
  secretBase32: z.string(),
  otpauthUri: z.string(),
  /** A PNG of the otpauth URI as a QR code, base64; the renderer shows it through a blob: URL. */
  qrPngBase64: z.string(),
});

export const sessionChannels = {
  signIn: channel({
    request: z.object({ username: Username, password: Password }).strict(),
    response: SignInStep,
    access: publicAccess,
    audit: 'session.sign-in',
  }),
  /** Completes a sign-in (or an unlock / switch) that asked for the second factor. */
  verifySecondFactor: channel({ request: z.object({ code: SecondFactorCode }).strict(), response: SignInStep, access: publicAccess, audit: 'session.second-factor' }),
  signOut: channel({ request: Empty, response: z.object({}), access: sessionAccess, audit: 'session.sign-out' }),
  current: channel({ request: Empty, response: SessionInfo.nullable(), access: publicAccess, audit: null, activity: false }),
  /** Locks this client's session now (the renderer's idle timer, the user's "Lock" button). */
  lock: channel({ request: Empty, response: z.object({}), access: sessionAccess, audit: 'session.lock' }),
  /** Unlocks with the locked session's own password; the second factor follows when enrolled. */
  unlock: channel({ request: z.object({ password: Password }).strict(), response: SignInStep, access: sessionAccess, audit: 'session.unlock' }),
  /** Ends the (locked) session and signs another user in on this client. */
  switchUser: channel({ request: z.object({ username: Username, password: Password }).strict(), response: SignInStep, access: sessionAccess, audit: 'session.switch-user' }),
  changePassword: channel({
    request: z.object({ currentPassword: Password, newPassword: Password }).strict(),
    response: SessionInfo,
    access: sessionAccess,
    audit: 'user.password-change',
  }),
  beginTotpEnrollment: channel({ request: Empty, response: TotpEnrollment, access: sessionAccess, audit: 'user.totp-enroll' }),
  confirmTotpEnrollment: channel({
    request: z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code from the app') }).strict(),
    response: z.object({ recoveryCodes: z.array(z.string()), session: SessionInfo }),
    access: sessionAccess,
    audit: 'user.totp-enroll',
  }),
  /** Turns the caller's own second factor off (refused when their role requires one). */
  removeTotp: channel({ request: z.object({ password: Password }).strict(), response: SessionInfo, access: sessionAccess, audit: 'user.totp-remove' }),
};

/** What a restricted session may still call: everything else is refused with the matching code. */
export const RESTRICTED_CHANNELS: Readonly<Record<SessionRestriction, readonly string[]>> = {
  // Stopping a camera is allowed while locked: the lock screen's unmounting panels stop what they
  // started (the core has stopped it already when the session locked).
  locked: ['session.current', 'session.unlock', 'session.switchUser', 'session.signOut', 'session.verifySecondFactor', 'setup.status', 'cameras.liveViewStop', 'capture.tetheredStop'],
  changePassword: ['session.current', 'session.changePassword', 'session.signOut', 'session.lock', 'setup.status'],
  enrollSecondFactor: ['session.current', 'session.beginTotpEnrollment', 'session.confirmTotpEnrollment', 'session.signOut', 'session.lock', 'setup.status'],
};
