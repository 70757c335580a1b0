// The TOTP second factor as stored: a secret per user (pending until confirmed with a code), the
// last accepted time step (no replay), and ten one-time recovery codes kept only as digests.
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/open';
import { base32Encode, matchTotp } from './totp';
import { writeTransaction } from '../db/write';

export const RECOVERY_CODE_COUNT = 10;

interface TotpRow {
  secret: Buffer;
  confirmed_at: string | null;
  last_step: number | null;
}

const totpRow = (db: Db, userId: string): TotpRow | undefined =>
  db.prepare('SELECT secret, confirmed_at, last_step FROM user_totp WHERE user_id = ?').get(userId) as TotpRow | undefined;

export const hasSecondFactor = (db: Db, userId: string): boolean => Boolean(totpRow(db, userId)?.confirmed_at);

/** Stores a new pending secret, replacing an unconfirmed one. */
export function startEnrollment(db: Db, userId: string, secret: Buffer, at: Date): void {
  db.prepare(
    `INSERT INTO user_totp (user_id, secret, created_at, confirmed_at, last_step) VALUES (?, ?, ?, NULL, NULL)
     ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, confirmed_at = NULL, last_step = NULL`,
  ).run(userId, secret, at.toISOString());
}

/** Confirms a pending secret with a current code; returns fresh recovery codes, or null. */
export function confirmEnrollment(db: Db, userId: string, code: string, at: Date): string[] | null {
  const row = totpRow(db, userId);
  if (!row || row.confirmed_at) return null;
  const step = matchTotp(row.secret, code, at, null);
  if (step === null) return null;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => base32Encode(randomBytes(7)).slice(0, 10));
  writeTransaction(db, () => {
    db.prepare('UPDATE user_totp SET confirmed_at = ?, last_step = ? WHERE user_id = ?').run(at.toISOString(), step, userId);
    db.prepare('DELETE FROM user_recovery_codes WHERE user_id = ?').run(userId);
    const insert = db.prepare('INSERT INTO user_recovery_codes (user_id, code_digest) VALUES (?, ?)');
    for (const c of codes) insert.run(userId, recoveryDigest(userId, c));
  });
  return codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
}

/**
 * Checks a sign-in code: a TOTP code (accepted once per time step) or an unused recovery code
 * (spent on use). Returns which kind matched, or null.
 */
export function verifySecondFactor(db: Db, userId: string, code: string, at: Date): 'totp' | 'recovery-code' | null {
  const row = totpRow(db, userId);
  if (!row?.confirmed_at) return null;
  if (/^\d{6}$/.test(code)) {
    const step = matchTotp(row.secret, code, at, row.last_step);
    if (step === null) return null;
    // Only move forward: a concurrent check that accepted a later step keeps it.
    const changed = db.prepare('UPDATE user_totp SET last_step = ? WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)').run(step, userId, step);
    return changed.changes === 1 ? 'totp' : null;
  }
  const spent = db
    .prepare('UPDATE user_recovery_codes SET used_at = ? WHERE user_id = ? AND code_digest = ? AND used_at IS NULL')
    .run(at.toISOString(), userId, recoveryDigest(userId, code.toUpperCase()));
  return spent.changes === 1 ? 'recovery-code' : null;
}

export function removeSecondFactor(db: Db, userId: string): boolean {
  return writeTransaction(db, () => {
    db.prepare('DELETE FROM user_recovery_codes WHERE user_id = ?').run(userId);
    return db.prepare('DELETE FROM user_totp WHERE user_id = ?').run(userId).changes > 0;
  });
}

export const remainingRecoveryCodes = (db: Db, userId: string): number =>
  db.prepare('SELECT count(*) FROM user_recovery_codes WHERE user_id = ? AND used_at IS NULL').pluck().get(userId) as number;

// Recovery codes carry 50 random bits, so a keyed SHA-256 is enough: the database is encrypted
// and a stolen digest list cannot be brute-forced back into codes in useful time.
const recoveryDigest = (userId: string, code: string): string =>
  createHmac('sha256', `clinic-photo/recovery-code/v1\0${userId}`).update(code.replace(/-/g, '')).digest('hex');
