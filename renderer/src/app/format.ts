// How dates, ages and names read on screen. Clinical dates are unambiguous: "14 Mar 1980", never 03/14.
import type { Patient } from '../../../shared/domain';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number): string => String(n).padStart(2, '0');

/** A calendar date (YYYY-MM-DD) as "14 Mar 1980"; no time zone involved. */
export function formatIsoDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** A UTC timestamp as local "25 Nov 2026 14:03" (or "14:03:27" with seconds, to tell a burst apart). */
export function formatDateTime(timestamp: string, withSeconds = false): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return timestamp;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? `:${pad(d.getSeconds())}` : ''}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${time}`;
}

export function isToday(timestamp: string, now = new Date()): boolean {
  const d = new Date(timestamp);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
}

/** Completed years, or months/days for infants, as clinicians write it. */
export function formatAge(birthDate: string, now = new Date()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let years = now.getFullYear() - y;
  let months = now.getMonth() + 1 - mo;
  if (now.getDate() < d) months -= 1;
  if (months < 0) {
    years -= 1;
    months += 12;
  }
  if (years >= 2) return `${years} y`;
  const totalMonths = years * 12 + months;
  if (totalMonths >= 1) return `${totalMonths} mo`;
  const days = Math.max(0, Math.floor((now.getTime() - new Date(y, mo - 1, d).getTime()) / 86_400_000));
  return `${days} d`;
}

export const patientName = (p: Pick<Patient, 'familyName' | 'givenName'>): string => `${p.familyName}, ${p.givenName}`;

export const todayIso = (now = new Date()): string => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
