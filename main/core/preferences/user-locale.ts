// A user's own language (user_preferences). No row, NULL, or a locale no longer shipped all mean
// "as the workstation": the choice never blocks a sign-in.
import { isLocale, type Locale } from '../../../shared/i18n/locales';
import type { Db } from '../db/open';

export function readUserLocale(db: Db, userId: string): Locale | null {
  const locale = db.prepare('SELECT locale FROM user_preferences WHERE user_id = ?').pluck().get(userId);
  return isLocale(locale) ? locale : null;
}

export function writeUserLocale(db: Db, at: Date, userId: string, locale: Locale | null): void {
  db.prepare('INSERT INTO user_preferences (user_id, locale, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at').run(
    userId,
    locale,
    at.toISOString(),
  );
}
