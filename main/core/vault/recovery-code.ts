// Recovery codes: 140 random bits written as 28 Crockford base32 characters plus a 4-character
// checksum, shown in groups of four (`7K2M-…-Q9XD`). Easy to read aloud and to type: case and
// separators do not matter, O reads as 0 and I/L as 1, and the checksum catches a mistyped
// character before any key derivation runs. Format: docs/storage-format.md, section 3.3.
import { createHash, randomBytes } from 'node:crypto';
import { CoreError } from '../../../shared/errors';

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = 28; // 28 × 5 = 140 bits
const CHECK_CHARS = 4; // 20 bits
const GROUP = 4;

/** The checksum of the 28 data characters: the first 20 bits of a domain-separated SHA-256. */
export function recoveryChecksum(data: string): string {
  const digest = createHash('sha256').update(`clinic-photo/recovery-code/v1\0${data}`, 'utf8').digest();
  const bits = digest.readUInt32BE(0) >>> 12; // first 20 bits
  let out = '';
  for (let i = CHECK_CHARS - 1; i >= 0; i--) out += ALPHABET[(bits >>> (5 * i)) & 31];
  return out;
}

/** A fresh code in its canonical form (32 characters, no separators). */
export function generateRecoveryCode(): string {
  // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
  const data = [...randomBytes(DATA_CHARS)].map((b) => ALPHABET[b & 31]).join('');
  return data + recoveryChecksum(data);
}

/** How a code is shown: groups of four joined by hyphens. */
export const formatRecoveryCode = (canonical: string): string => canonical.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');

/**
 * The canonical form of what someone typed, or INVALID_RECOVERY_CODE when it cannot be a code
 * (wrong length, a character outside the alphabet, or a checksum that does not match).
 */
export function normaliseRecoveryCode(typed: string): string {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const mistyped = () => new CoreError('INVALID_RECOVERY_CODE', 'This recovery code looks mistyped: check each group and try again.');
  if (cleaned.length !== DATA_CHARS + CHECK_CHARS || [...cleaned].some((c) => !ALPHABET.includes(c))) throw mistyped();
  if (recoveryChecksum(cleaned.slice(0, DATA_CHARS)) !== cleaned.slice(DATA_CHARS)) throw mistyped();
  return cleaned;
}
