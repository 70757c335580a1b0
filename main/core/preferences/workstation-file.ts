// The workstation's preferences that the sign-in screen needs before anything is unlocked: a small
// plain JSON file in the data directory (docs/storage-format.md, "Workstation preferences"). It holds
// no patient data and no secret, only the language; an administrator's change of it is audited
// in the encrypted database. A missing, unreadable or tampered file means "as the operating system"
// and never stops the app.
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isLocale, type Locale } from '../../../shared/i18n/locales';

export const WORKSTATION_FILE = 'workstation.json';

export async function readWorkstationLocale(dataDir: string): Promise<Locale | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dataDir, WORKSTATION_FILE), 'utf8'));
    const locale = typeof parsed === 'object' && parsed !== null ? (parsed as { locale?: unknown }).locale : null;
    return isLocale(locale) ? locale : null;
  } catch {
    return null;
  }
}

/**
 * Replaces the file atomically (write aside, then rename), owner-only like the data directory.
 * Synchronous, so that it runs inside the transaction that records its audit event: if the file
 * cannot be written, the audit record is rolled back with it.
 */
export function writeWorkstationLocale(dataDir: string, locale: Locale | null): void {
  const file = path.join(dataDir, WORKSTATION_FILE);
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify({ locale })}\n`, { mode: 0o600 });
  renameSync(aside, file);
}
