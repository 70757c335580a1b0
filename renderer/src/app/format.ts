// How dates, ages, names and sizes read on screen, in the current locale (renderer/src/i18n; Intl
// does the work, shared/i18n/format.ts). Clinical dates are unambiguous: the month is a word.
// Kept as plain functions for the many screens that format outside hooks; inside components
// `useFormat()` is the same thing.
import type { Patient } from '../../../shared/domain';
import { format } from '../i18n';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A calendar date (YYYY-MM-DD) as "14 Mar 1980"; no time zone involved. */
export const formatIsoDate = (iso: string): string => format().date(iso);

/** A UTC timestamp in local time, "25 Nov 2026, 14:03" (with seconds to tell a burst apart). */
export const formatDateTime = (timestamp: string, withSeconds = false): string => format().dateTime(timestamp, withSeconds);

export function isToday(timestamp: string, now = new Date()): boolean {
  const d = new Date(timestamp);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
}

/** Completed years, or months/days for infants, as clinicians write it. */
export const formatAge = (birthDate: string, now = new Date()): string => format().age(birthDate, now);

export const patientName = (p: Pick<Patient, 'familyName' | 'givenName'>): string => format().personName(p);

export const todayIso = (now = new Date()): string => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

export const formatBytes = (n: number): string => format().bytes(n);
