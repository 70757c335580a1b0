// `users add` and `users list`: staff administration from the command line, through the same core
// use-cases (and so the same policy, last-administrator rule and audit) as the Staff screen.
// Secrets come from stdin only: the administrator's password, then (for add) the new user's initial
// password, then the administrator's TOTP code if they use two-step verification.
import type { StaffMember } from '../../shared/channels/users';
import { ROLES, type Role } from '../../shared/permissions';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk, subcommandError } from './errors';
import { t } from './i18n';
import { StdinSecrets } from './password';
import { isInitialized, openWorkstation, type Workstation } from './workstation';

export const usersAddUsage = (): string => t('usage.usersAdd', { roles: ROLES.join(' | ') });

export const usersListUsage = (): string => t('usage.usersList');

export const usersUsage = (): string => t('usage.users');

const addSpec = {
  usage: usersAddUsage,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  required: ['data-dir', 'user', 'username', 'name', 'role'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const listSpec = {
  usage: usersListUsage,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

/**
 * Secrets from stdin: at a terminal, prompted one by one; from a pipe, successive lines (the
 * shared readPassword takes only the first line and closes the stream, so pipes are read here).
 */

/** Signs in, answering the second-factor step from stdin when the account has one. */
async function signInAdmin(ws: Workstation, username: string, secrets: StdinSecrets, beforeCode?: () => Promise<void>): Promise<void> {
  if (!(await isInitialized(ws))) throw new CliError(t('workstation.notSetUp', { dir: ws.dataDir }));
  const password = await secrets.next(t('prompt.passwordFor', { user: username }), t('field.password'));
  const step = expectOk<{ step: string }>(await ws.client.api.session.signIn({ username, password }), { username: '--user', password: t('field.password') });
  await beforeCode?.();
  if (step.step === 'secondFactor') {
    const code = await secrets.next(t('prompt.secondFactor'), t('field.verificationCode'));
    expectOk(await ws.client.api.session.verifySecondFactor({ code }), { code: t('field.verificationCode') });
  }
}

export async function runUsers(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') return runUsersAdd(rest);
  if (sub === 'list') return runUsersList(rest);
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(usersAddUsage());
    return EXIT_OK;
  }
  throw subcommandError('users', sub, usersUsage());
}

async function runUsersAdd(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, addSpec);
  if (parsed === 'help') {
    process.stdout.write(usersAddUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const role = required(values, 'role');
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(t('users.badRole', { roles: ROLES.join(', ') }), usersAddUsage());
  const secrets = new StdinSecrets();
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    let initialPassword = '';
    const admin = required(values, 'user');
    await signInAdmin(ws, admin, secrets, async () => {
      initialPassword = await secrets.next(t('prompt.initialPassword'), t('field.initialPassword'), true);
    });
    const result = await ws.client.api.users.create({ username: required(values, 'username'), displayName: required(values, 'name'), role: role as Role, initialPassword });
    if (!result.ok && result.error.code === 'USERNAME_TAKEN') throw new CliError(t('users.usernameTaken', { username: required(values, 'username').trim().toLowerCase() }));
    if (!result.ok && result.error.code === 'PERMISSION_DENIED') throw new CliError(t('users.notAdministrator', { user: admin }));
    const user = expectOk<StaffMember>(result, { username: '--username', displayName: '--name', role: '--role', initialPassword: t('field.initialPassword') });
    process.stdout.write(`${user.id}\n`);
    return EXIT_OK;
  });
}

async function runUsersList(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, listSpec);
  if (parsed === 'help') {
    process.stdout.write(usersListUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    const admin = required(values, 'user');
    await signInAdmin(ws, admin, new StdinSecrets());
    const result = await ws.client.api.users.list({});
    if (!result.ok && result.error.code === 'PERMISSION_DENIED') throw new CliError(t('users.notAdministrator', { user: admin }));
    for (const u of expectOk<StaffMember[]>(result)) {
      const status = u.disabledAt ? 'disabled' : u.mustChangePassword ? 'must-change-password' : 'active';
      process.stdout.write(`${u.username}\t${u.role}\t${status}\t${u.secondFactor ? '2fa' : 'no-2fa'}\n`);
    }
    return EXIT_OK;
  });
}
