// The staff password policy (NIST SP 800-63B style: length over composition rules), shared so the
// setup form and the core say the same thing. The core enforces it; the UI only explains early.
export const MIN_PASSWORD_LENGTH = 12;

/** Why a password is refused, as a phrase ("must be at least 12 characters"), or null if fine. */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (new Set(password).size < 4) return 'is too repetitive';
  return null;
}
