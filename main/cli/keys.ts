// `keys recover`, `keys rotate`, `keys recovery-code`, `keys status`: the vault's keys from the
// command line, through the same core use-cases (and audit) as the Security keys screen. Secrets
// come from stdin only, one per line (typed without echo at a terminal). A new recovery code is
// printed once on stdout; nothing else keeps it.
import type { KeyStatus } from '../../shared/channels/keys';
import { createCore } from '../core/core';
import type { KeyProtector } from '../core/keys/key-protector';
import { createOsKeyringProtector } from '../core/keys/os-keyring';
import path from 'node:path';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk } from './errors';
import { StdinSecrets } from './password';
import { cliLogger, makeDataDirPrivate } from './workstation';

export const KEYS_USAGE = `Usage: keys recover|rotate|recovery-code|status --data-dir DIR --user USER

  recover        Set a new password for administrator USER with the vault recovery
                 code. Stdin: 1. the recovery code  2. the new password.
  rotate         Sign in as administrator USER and rotate the vault keys: new master
                 key, database re-keyed, every photo key rewrapped. Prints a NEW
                 recovery code (the old one stops working). Stdin: USER's password.
                 Close the workstation app first (the database must be free).
  recovery-code  Sign in as USER and issue a new recovery code (the old one stops
                 working). Stdin: USER's password.
  status         Sign in as USER and show the key slots. Stdin: USER's password.

Options:
  --data-dir DIR   Workstation data directory
  --user USER      Administrator username
  -h, --help       Show this help

Accounts with two-step verification are not supported here: use the app.
`;

const spec = {
  usage: KEYS_USAGE,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

export const RECOVERY_WARNING = `Write this recovery code down and keep it somewhere safe, away from the workstation.
It is shown only this once. With it, anyone can reset an administrator's password.`;

export async function runKeys(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    if (sub === undefined) throw new UsageError('missing keys subcommand', KEYS_USAGE);
    process.stdout.write(KEYS_USAGE);
    return EXIT_OK;
  }
  if (!['recover', 'rotate', 'recovery-code', 'status'].includes(sub)) throw new UsageError(`unknown keys subcommand '${sub}'`, KEYS_USAGE);
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(KEYS_USAGE);
    return EXIT_OK;
  }
  const dataDir = path.resolve(required(parsed.values, 'data-dir'));
  const username = required(parsed.values, 'user');
  const secrets = new StdinSecrets();
  await makeDataDirPrivate(dataDir);
  const core = createCore({ dataDir, log: cliLogger, keyProtector: osKeyring() ?? undefined });
  const client = core.connect({ local: true });
  try {
    const status = expectOk<{ initialized: boolean }>(await client.api.setup.status({}));
    if (!status.initialized) throw new CliError(`no workstation is set up in ${dataDir} (run init first)`);
    if (sub === 'recover') {
      const recoveryCode = await secrets.next('Recovery code: ', 'recovery code');
      const newPassword = await secrets.next(`New password for ${username}: `, 'new password', true);
      expectOk(await client.api.keys.recover({ username, recoveryCode, newPassword }), { username: '--user', newPassword: 'new password', recoveryCode: 'recovery code' });
      process.stdout.write(`New password set for ${username}. Sign in, then issue a new recovery code (keys recovery-code): the one just used should be considered spent.\n`);
      return EXIT_OK;
    }
    const password = await secrets.next(`Password for ${username}: `, 'password');
    const step = expectOk<{ step?: string }>(await client.api.session.signIn({ username, password }), { username: '--user', password: 'password' });
    if (step.step === 'secondFactor') throw new CliError('this account uses two-step verification: manage keys in the app');
    if (sub === 'status') {
      const s = expectOk<KeyStatus>(await client.api.keys.status({}));
      process.stdout.write(formatStatus(s));
      return EXIT_OK;
    }
    if (sub === 'recovery-code') {
      const { recoveryCode } = expectOk<{ recoveryCode: string }>(await client.api.keys.regenerateRecoveryCode({ password }));
      process.stdout.write(`${RECOVERY_WARNING}\n`);
      process.stdout.write(`Recovery code: ${recoveryCode}\n`);
      return EXIT_OK;
    }
    const rotated = expectOk<{ keyVersion: number; recoveryCode: string; blobsRewrapped: number; pendingSlots: number }>(await client.api.keys.rotate({ password }));
    process.stdout.write(`Keys rotated to version ${rotated.keyVersion}: ${rotated.blobsRewrapped} file keys rewrapped, database re-keyed.\n`);
    if (rotated.pendingSlots > 0) {
      process.stdout.write(`${rotated.pendingSlots} other staff password slot(s) still open the vault through the previous key until each of them signs in.\n`);
    }
    process.stdout.write(`${RECOVERY_WARNING}\n`);
    process.stdout.write(`Recovery code: ${rotated.recoveryCode}\n`);
    return EXIT_OK;
  } finally {
    await client.disconnect();
    await core.close();
  }
}

function formatStatus(s: KeyStatus): string {
  return [
    `key version\t${s.keyVersion}${s.rotationUnfinished ? ' (rotation unfinished)' : ''}`,
    `password slots\t${s.passwordSlots} (${s.passwordSlotsOnOlderKey} on an older key)`,
    `recovery code\t${s.recovery.present ? `set ${s.recovery.createdAt}${s.recovery.onOlderKey ? ' (older key: issue a new one)' : ''}` : 'none'}`,
    `device key\t${s.device.enabled ? `${s.device.backend}${s.device.onOlderKey ? ' (older key)' : ''}` : 'off'}`,
    '',
  ].join('\n');
}

/** The OS keyring, when this platform has one; the device slot is simply unavailable otherwise. */
function osKeyring(): KeyProtector | null {
  try {
    return createOsKeyringProtector();
  } catch {
    return null;
  }
}

