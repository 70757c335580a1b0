// Preferences: the language of the screens, per user (anyone signed in, for themselves) and per
// workstation (administrators; the default for everyone here and the sign-in screen's language).
// docs/localisation.md says how the locale in force is chosen.
import { z } from 'zod';
import { channel, needs, sessionAccess } from '../channel';
import { LOCALES } from '../i18n/locales';

export const LocaleChoice = z.enum(LOCALES).nullable();

export const preferenceChannels = {
  /** The user's own language; null means "as the workstation". */
  setMyLocale: channel({
    request: z.object({ locale: LocaleChoice }).strict(),
    response: z.object({ locale: LocaleChoice }),
    access: sessionAccess,
    audit: 'preferences.user-locale',
  }),
  /** The workstation's language; null means "as the operating system". */
  setWorkstationLocale: channel({
    request: z.object({ locale: LocaleChoice }).strict(),
    response: z.object({ locale: LocaleChoice }),
    access: needs('user.manage'),
    audit: 'preferences.workstation-locale',
  }),
};
