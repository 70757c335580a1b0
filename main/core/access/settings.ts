// The clinic's access settings: how long break-glass lasts and how far back an encounter keeps a
// care relationship alive (docs/access-control.md). One row, created by migration 0005.
import type { Db } from '../db/open';

export interface AccessSettings {
  readonly breakGlassMinutes: number;
  readonly careWindowDays: number;
}

export const DEFAULT_ACCESS_SETTINGS: AccessSettings = { breakGlassMinutes: 60, careWindowDays: 30 };

export function getAccessSettings(db: Db): AccessSettings {
  const row = db.prepare('SELECT break_glass_minutes, care_window_days FROM access_settings WHERE id = 1').get() as
    | { break_glass_minutes: number; care_window_days: number }
    | undefined;
  return row ? { breakGlassMinutes: row.break_glass_minutes, careWindowDays: row.care_window_days } : DEFAULT_ACCESS_SETTINGS;
}

export function updateAccessSettings(db: Db, settings: AccessSettings): AccessSettings {
  db.prepare(
    `INSERT INTO access_settings (id, break_glass_minutes, care_window_days) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET break_glass_minutes = excluded.break_glass_minutes, care_window_days = excluded.care_window_days`,
  ).run(settings.breakGlassMinutes, settings.careWindowDays);
  return getAccessSettings(db);
}
