// Staff administration (administrators only): list, create, change role, disable and re-enable,
// reset a second factor, and the clinic's session security settings.
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
  resetSecondFactor: channel({ request: z.object({ userId: Id }).strict(), response: StaffMember, access: manage, audit: 'user.totp-reset' }),
  getSettings: channel({ request: Empty, response: SecuritySettings, access: manage, audit: null }),
  updateSettings: channel({ request: SecuritySettings.strict(), response: SecuritySettings, access: manage, audit: 'settings.security-update' }),
};
