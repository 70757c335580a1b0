import { z } from 'zod';
import { channel, Empty, publicAccess, sessionAccess } from '../channel';
import { Password, PersonName, UserSummary, Username } from '../domain';

export const SessionInfo = z.object({ user: UserSummary, clinicName: z.string(), permissions: z.array(z.string()) });

export const setupChannels = {
  status: channel({
    request: Empty,
    response: z.object({ initialized: z.boolean(), clinicName: z.string().nullable() }),
    access: publicAccess,
  }),
  initialize: channel({
    request: z
      .object({
        clinicName: z.string().trim().min(2, 'must be at least 2 characters').max(120, 'is too long'),
        admin: z.object({ username: Username, displayName: PersonName, password: Password }).strict(),
      })
      .strict(),
    response: SessionInfo,
    access: publicAccess,
  }),
};

export const sessionChannels = {
  signIn: channel({
    request: z.object({ username: Username, password: Password }).strict(),
    response: SessionInfo,
    access: publicAccess,
  }),
  signOut: channel({ request: Empty, response: z.object({}), access: sessionAccess }),
  current: channel({ request: Empty, response: SessionInfo.nullable(), access: publicAccess }),
};
