// A sane password policy for a shared clinical workstation (NIST SP 800-63B style): length over
// composition rules, and no password that is just the username.
import { CoreError } from '../../../shared/errors';

export const MIN_PASSWORD_LENGTH = 12;

export function checkPasswordPolicy(password: string, username: string): void {
  const problem =
    [...password].length < MIN_PASSWORD_LENGTH
      ? `must be at least ${MIN_PASSWORD_LENGTH} characters`
      : password.toLowerCase().includes(username.toLowerCase())
        ? 'must not contain the username'
        : new Set(password).size < 4
          ? 'is too repetitive'
          : null;
  if (problem) throw new CoreError('WEAK_PASSWORD', `Password ${problem}.`, { 'admin.password': problem });
}
