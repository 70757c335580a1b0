// `init`: sets up a new workstation (vault, encrypted database, first administrator).
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, expectOk } from './errors';
import { t } from './i18n';
import { printRecoveryCode } from './keys';
import { readNewPassword } from './password';
import { isInitialized, openWorkstation } from './workstation';

export const initUsage = (): string => t('usage.init');

const spec = {
  usage: initUsage,
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
  'admin.password': t('field.password'),
};

export async function runInit(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(initUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const clinicName = required(values, 'clinic');
  const username = required(values, 'admin');
  const displayName = values['admin-name'] ?? username;

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    if (await isInitialized(ws)) throw new CliError(t('workstation.alreadySetUp', { dir: ws.dataDir }));
    const password = await readNewPassword(t('prompt.newPasswordFor', { user: username }));
    const session = expectOk<{ user: { username: string }; clinicName: string; recoveryCode: string }>(
      await ws.client.api.setup.initialize({ clinicName, admin: { username, displayName, password } }),
      FIELD_FLAGS,
    );
    process.stdout.write(`${t('init.done', { clinic: session.clinicName, dir: ws.dataDir, user: session.user.username })}\n`);
    // The recovery code exists only here: printed once, after its warning.
    printRecoveryCode(session.recoveryCode);
    return EXIT_OK;
  });
}
