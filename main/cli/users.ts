// `users add` and `users list`: staff administration from the command line, through the same core
// use-cases (and so the same policy, last-administrator rule and audit) as the Staff screen.
// Secrets come from stdin only: the administrator's password, then (for add) the new user's initial
// password, then the administrator's TOTP code if they use two-step verification.
import type { StaffMember } from '../../shared/channels/users';
import { ROLES, type Role } from '../../shared/permissions';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk } from './errors';
import { StdinSecrets } from './password';
import { isInitialized, openWorkstation, type Workstation } from './workstation';

export const USERS_ADD_USAGE = `Usage: users add --data-dir DIR --user ADMIN --username USERNAME --name "Full Name" --role ROLE

Signs in as ADMIN and creates a staff account with an initial password that the
new user must change at first sign-in. Standard input, one per line (typed
without echo at a terminal):
  1. ADMIN's password
  2. the new user's initial password
  3. ADMIN's 6-digit code, only if ADMIN uses two-step verification
Prints the new user's id on stdout.

Options:
  --data-dir DIR        Workstation data directory
  --user ADMIN          Your (administrator) username
  --username USERNAME   The new account's username
  --name "Full Name"    The new user's full name
  --role ROLE           ${ROLES.join(' | ')}
  -h, --help            Show this help
`;

export const USERS_LIST_USAGE = `Usage: users list --data-dir DIR --user ADMIN

Signs in as ADMIN (password: first line of stdin) and prints one line per staff
account: username, role, status, two-step verification, tab-separated.
`;

export const USERS_USAGE = `Usage: users add|list [options]   (see 'users add --help')\n`;

const addSpec = {
  usage: USERS_ADD_USAGE,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  required: ['data-dir', 'user', 'username', 'name', 'role'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const listSpec = {
  usage: USERS_LIST_USAGE,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

/**
 * Secrets from stdin: at a terminal, prompted one by one; from a pipe, successive lines (the
 * shared readPassword takes only the first line and closes the stream, so pipes are read here).
 */

/** Signs in, answering the second-factor step from stdin when the account has one. */
async function signInAdmin(ws: Workstation, username: string, secrets: StdinSecrets, beforeCode?: () => Promise<void>): Promise<void> {
  if (!(await isInitialized(ws))) throw new CliError(`no workstation is set up in ${ws.dataDir} (run init first)`);
  const password = await secrets.next(`Password for ${username}: `, 'password');
  const step = expectOk<{ step: string }>(await ws.client.api.session.signIn({ username, password }), { username: '--user', password: 'password' });
  await beforeCode?.();
  if (step.step === 'secondFactor') {
    const code = await secrets.next('Two-step verification code: ', 'verification code');
    expectOk(await ws.client.api.session.verifySecondFactor({ code }), { code: 'verification code' });
  }
}

export async function runUsers(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') return runUsersAdd(rest);
  if (sub === 'list') return runUsersList(rest);
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(USERS_ADD_USAGE);
    return EXIT_OK;
  }
  throw new UsageError(sub === undefined ? 'missing users subcommand' : `unknown users subcommand '${sub}'`, USERS_USAGE);
}

async function runUsersAdd(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, addSpec);
  if (parsed === 'help') {
    process.stdout.write(USERS_ADD_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const role = required(values, 'role');
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`, USERS_ADD_USAGE);
  const secrets = new StdinSecrets();
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    let initialPassword = '';
    const admin = required(values, 'user');
    await signInAdmin(ws, admin, secrets, async () => {
      initialPassword = await secrets.next('Initial password for the new user: ', "new user's initial password", true);
    });
    const result = await ws.client.api.users.create({ username: required(values, 'username'), displayName: required(values, 'name'), role: role as Role, initialPassword });
    if (!result.ok && result.error.code === 'USERNAME_TAKEN') throw new CliError(`username ${required(values, 'username').trim().toLowerCase()} is already in use`);
    if (!result.ok && result.error.code === 'PERMISSION_DENIED') throw new CliError(`${admin} is not an administrator`);
    const user = expectOk<StaffMember>(result, { username: '--username', displayName: '--name', role: '--role', initialPassword: "new user's initial password" });
    process.stdout.write(`${user.id}\n`);
    return EXIT_OK;
  });
}

async function runUsersList(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, listSpec);
  if (parsed === 'help') {
    process.stdout.write(USERS_LIST_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    const admin = required(values, 'user');
    await signInAdmin(ws, admin, new StdinSecrets());
    const result = await ws.client.api.users.list({});
    if (!result.ok && result.error.code === 'PERMISSION_DENIED') throw new CliError(`${admin} is not an administrator`);
    for (const u of expectOk<StaffMember[]>(result)) {
      const status = u.disabledAt ? 'disabled' : u.mustChangePassword ? 'must-change-password' : 'active';
      process.stdout.write(`${u.username}\t${u.role}\t${status}\t${u.secondFactor ? '2fa' : 'no-2fa'}\n`);
    }
    return EXIT_OK;
  });
}
