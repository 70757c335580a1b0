// Staff administration (administrators only): list, create, change role or name, disable and
// re-enable, reset a password or a second factor, and the clinic's session security settings.
import { z } from 'zod';
import { channel, Empty, needs } from '../channel';
import { Id, Password, PersonName, Username } from '../domain';
import { ROLES } from '../permissions';

export const StaffMember = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  mustChangePassword: z.boolean(),
  secondFactor: z.boolean(),
  /** The last successful sign-in (from the audit trail), null if never. */
  lastSignInAt: z.string().nullable(),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const SecuritySettings = z.object({
  idleLockMinutes: z.number().int().min(1, 'must be at least 1 minute').max(240, 'must be at most 240 minutes'),
  /** Roles whose members must enroll a TOTP second factor before they can work. */
  secondFactorRequiredFor: z.array(z.enum(ROLES)),
});
export type SecuritySettings = z.infer<typeof SecuritySettings>;

const manage = needs('user.manage');

export const userChannels = {
  list: channel({ request: Empty, response: z.array(StaffMember), access: manage, audit: null }),
  create: channel({
    request: z.object({ username: Username, displayName: PersonName, role: z.enum(ROLES), initialPassword: Password }).strict(),
    response: StaffMember,
    access: manage,
    audit: 'user.create',
  }),
  update: channel({
    request: z.object({ userId: Id, displayName: PersonName.optional(), role: z.enum(ROLES).optional() }).strict(),
    response: StaffMember,
    access: manage,
    audit: 'user.update',
  }),
  disable: channel({ request: z.object({ userId: Id }).strict(), response: StaffMember, access: manage, audit: 'user.disable' }),
  enable: channel({ request: z.object({ userId: Id, initialPassword: Password }).strict(), response: StaffMember, access: manage, audit: 'user.enable' }),
  /**
   * A new initial password for a staff member who forgot theirs: it must be changed at their next
   * sign-in, their open sessions end, and their key slot is replaced (docs/access-control.md).
   */
  resetPassword: channel({ request: z.object({ userId: Id, initialPassword: Password }).strict(), response: StaffMember, access: manage, audit: 'user.password-reset' }),
  resetSecondFactor: channel({ request: z.object({ userId: Id }).strict(), response: StaffMember, access: manage, audit: 'user.totp-reset' }),
  getSettings: channel({ request: Empty, response: SecuritySettings, access: manage, audit: null }),
  updateSettings: channel({ request: SecuritySettings.strict(), response: SecuritySettings, access: manage, audit: 'settings.security-update' }),
};
