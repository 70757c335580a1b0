import { CoreError } from '../../../shared/errors';
import { passwordProblem } from '../../../shared/password-policy';

/** Throws WEAK_PASSWORD naming the field when the policy in shared/ refuses the password. */
export function checkPasswordPolicy(password: string, username: string, field = 'admin.password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new CoreError('WEAK_PASSWORD', `Password ${problem}.`, { [field]: problem });
}
