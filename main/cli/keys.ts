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
import { CliError, EXIT_OK, expectOk, subcommandError } from './errors';
import { t } from './i18n';
import { StdinSecrets } from './password';
import { cliLogger, makeDataDirPrivate } from './workstation';

export const keysUsage = (): string => t('usage.keys');

const spec = {
  usage: keysUsage,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

/** A new recovery code exists only here: printed once, after its warning. */
export function printRecoveryCode(code: string): void {
  process.stdout.write(`${t('recoveryWarning')}\n${t('recoveryCodeLine', { code })}\n`);
}

export async function runKeys(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    if (sub === undefined) throw subcommandError('keys', sub, keysUsage());
    process.stdout.write(keysUsage());
    return EXIT_OK;
  }
  if (!['recover', 'rotate', 'recovery-code', 'status'].includes(sub)) throw subcommandError('keys', sub, keysUsage());
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(keysUsage());
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
    if (!status.initialized) throw new CliError(t('workstation.notSetUp', { dir: dataDir }));
    if (sub === 'recover') {
      const recoveryCode = await secrets.next(t('prompt.recoveryCode'), t('field.recoveryCode'));
      const newPassword = await secrets.next(t('prompt.newPasswordFor', { user: username }), t('field.newPassword'), true);
      expectOk(await client.api.keys.recover({ username, recoveryCode, newPassword }), { username: '--user', newPassword: t('field.newPassword'), recoveryCode: t('field.recoveryCode') });
      process.stdout.write(`${t('keys.recovered', { user: username })}\n`);
      return EXIT_OK;
    }
    const password = await secrets.next(t('prompt.passwordFor', { user: username }), t('field.password'));
    const step = expectOk<{ step?: string }>(await client.api.session.signIn({ username, password }), { username: '--user', password: t('field.password') });
    if (step.step === 'secondFactor') throw new CliError(t('keys.twoStep'));
    if (sub === 'status') {
      const s = expectOk<KeyStatus>(await client.api.keys.status({}));
      process.stdout.write(formatStatus(s));
      return EXIT_OK;
    }
    if (sub === 'recovery-code') {
      const { recoveryCode } = expectOk<{ recoveryCode: string }>(await client.api.keys.regenerateRecoveryCode({ password }));
      printRecoveryCode(recoveryCode);
      return EXIT_OK;
    }
    const rotated = expectOk<{ keyVersion: number; recoveryCode: string; blobsRewrapped: number; pendingSlots: number }>(await client.api.keys.rotate({ password }));
    process.stdout.write(`${t('keys.rotated', { version: rotated.keyVersion, rewrapped: rotated.blobsRewrapped })}\n`);
    if (rotated.pendingSlots > 0) {
      process.stdout.write(`${t('keys.pendingSlots', { count: rotated.pendingSlots })}\n`);
    }
    printRecoveryCode(rotated.recoveryCode);
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

