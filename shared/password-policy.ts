// The staff password policy (NIST SP 800-63B style: length over composition rules), shared so the
// setup form and the core say the same thing. The core enforces it; the UI only explains early.
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Passwords that appear near the top of every breach corpus at 12+ characters, and the product's
 * own words. SP 800-63B asks to refuse "commonly-used, expected, or compromised" values; a short
 * list catches the ones staff actually pick without shipping a breach database.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678910111213',
  'qwertyuiopasdf',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qazwsxedcrfv',
  'password1234',
  'password12345',
  'password123!',
  'passwordpassword',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'changeme1234',
  'administrator',
  'administrator1',
  'trustno1trustno1',
  'abcdefghijkl',
  'abc123abc123',
  'abcd1234abcd1234',
  'clinicphoto123',
  'dermatology1',
  'dermatology123',
  'clinicpassword',
]);

/** Why a password is refused, as a phrase ("must be at least 12 characters"), or null if fine. */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (new Set(password).size < 4) return 'is too repetitive';
  if (isSequential(password)) return 'is too predictable (a run like 123456… or abcdef…)';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'is too common; choose something less guessable';
  return null;
}

/** A password that is one long run of consecutive characters (e.g. "0123456789ab", "cdefghijklmn"). */
function isSequential(password: string): boolean {
  const codes = [...password.toLowerCase()].map((c) => c.codePointAt(0)!);
  let ascending = 0;
  let descending = 0;
  for (let i = 1; i < codes.length; i++) {
    if (codes[i]! - codes[i - 1]! === 1) ascending++;
    if (codes[i]! - codes[i - 1]! === -1) descending++;
  }
  return Math.max(ascending, descending) >= codes.length - 2;
}
