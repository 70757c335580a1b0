import { z } from 'zod';
import { channel, Empty, publicAccess } from '../channel';
import { Password, PersonName, Username } from '../domain';
import { LOCALES } from '../i18n/locales';
import { SessionInfo } from './session';

// The session a sign-in returns is declared with the session channels (shared/channels/session.ts).
export { SessionInfo };

export const setupChannels = {
  status: channel({
    request: Empty,
    // `locale`: the workstation's language, for the screens shown before anyone signs in.
    response: z.object({ initialized: z.boolean(), clinicName: z.string().nullable(), locale: z.enum(LOCALES).nullable() }),
    access: publicAccess,
    audit: null,
    activity: false,
  }),
  initialize: channel({
    request: z
      .object({
        clinicName: z.string().trim().min(2, 'must be at least 2 characters').max(120, 'is too long'),
        admin: z.object({ username: Username, displayName: PersonName, password: Password }).strict(),
      })
      .strict(),
    // The vault recovery code exists only in this answer: the screen shows it once, then drops it.
    response: SessionInfo.extend({ recoveryCode: z.string() }),
    access: publicAccess,
    audit: 'clinic.initialize',
  }),
};
