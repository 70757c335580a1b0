// `init`: sets up a new workstation (vault, encrypted database, first administrator).
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, expectOk } from './errors';
import { RECOVERY_WARNING } from './keys';
import { readNewPassword } from './password';
import { isInitialized, openWorkstation } from './workstation';

export const INIT_USAGE = `Usage: init --data-dir DIR --clinic NAME --admin USER [--admin-name "Full Name"]

Sets up a new workstation in DIR: the encrypted vault and database, and the first
administrator account. The administrator's password is read from stdin: typed twice
without echo at a terminal, else the first line (at least 12 characters).

Options:
  --data-dir DIR       Workstation data directory (created if missing)
  --clinic NAME        Clinic name shown at sign-in
  --admin USER         Administrator's username
  --admin-name NAME    Administrator's full name (default: the username)
  -h, --help           Show this help
`;

const spec = {
  usage: INIT_USAGE,
  options: {
    'data-dir': { type: 'string' },
    clinic: { type: 'string' },
    admin: { type: 'string' },
    'admin-name': { type: 'string' },
  },
  required: ['data-dir', 'clinic', 'admin'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const FIELD_FLAGS = {
  clinicName: '--clinic',
  'admin.username': '--admin',
  'admin.displayName': '--admin-name',
  'admin.password': 'password',
};

export async function runInit(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(INIT_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const clinicName = required(values, 'clinic');
  const username = required(values, 'admin');
  const displayName = values['admin-name'] ?? username;

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    if (await isInitialized(ws)) throw new CliError(`this workstation is already set up (${ws.dataDir})`);
    const password = await readNewPassword(`New password for ${username}: `);
    const session = expectOk<{ user: { username: string }; clinicName: string; recoveryCode: string }>(
      await ws.client.api.setup.initialize({ clinicName, admin: { username, displayName, password } }),
      FIELD_FLAGS,
    );
    process.stdout.write(`Workstation set up for "${session.clinicName}" in ${ws.dataDir}; administrator: ${session.user.username}\n`);
    // The recovery code exists only here: printed once, after its warning.
    process.stdout.write(`${RECOVERY_WARNING}\n`);
    process.stdout.write(`Recovery code: ${session.recoveryCode}\n`);
    return EXIT_OK;
  });
}
