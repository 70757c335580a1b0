// `settings archive`, `archive run` and `restore`: the off-site archive from the command line,
// through the same channels (and audit) as the Delivery settings screen and the first-run screen.
// Secrets come from stdin only, one per line, in the order the usage says; none is echoed.
import path from 'node:path';
import type { ArchiveSettings, ArchiveStatus } from '../../shared/channels/archive';
import type { ResponseOf } from '../../shared/contract';
import { createCore } from '../core/core';
import { parseCommand, required, type CommandSpec } from './args';
import { EXIT_OK, expectOk, subcommandError } from './errors';
import { t } from './i18n';
import { StdinSecrets } from './password';
import { cliLogger, makeDataDirPrivate, openWorkstation, signIn } from './workstation';

export const settingsArchiveUsage = (): string => t('usage.settingsArchive');

export const archiveRunUsage = (): string => t('usage.archiveRun');

export const restoreUsage = (): string => t('usage.restore');

const bucketOptions = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  'access-key-id': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export async function runSettings(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(settingsArchiveUsage());
    return EXIT_OK;
  }
  if (sub !== 'archive') throw subcommandError('settings', sub, settingsArchiveUsage());
  const spec = {
    usage: settingsArchiveUsage,
    options: { ...bucketOptions, user: { type: 'string' }, 'path-style': { type: 'boolean' }, worm: { type: 'boolean' } },
    required: ['data-dir', 'user', 'endpoint', 'region', 'bucket', 'access-key-id'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' } | { type: 'boolean' }>>;
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(settingsArchiveUsage());
    return EXIT_OK;
  }
  const v = parsed.values;
  const secrets = new StdinSecrets();
  return openWorkstation(required(v, 'data-dir'), async (ws) => {
    await signIn(ws, required(v, 'user'), await secrets.next(t('prompt.passwordFor', { user: required(v, 'user') }), t('field.password')));
    const secretAccessKey = await secrets.next(t('prompt.secretAccessKey'), t('field.secretAccessKey'));
    const archive = {
      endpoint: required(v, 'endpoint'),
      region: required(v, 'region'),
      bucket: required(v, 'bucket'),
      ...(v.prefix !== undefined ? { prefix: v.prefix } : {}),
      pathStyle: parsed.flags.has('path-style'),
      accessKeyId: required(v, 'access-key-id'),
      secretAccessKey,
      worm: parsed.flags.has('worm'),
    };
    const saved = expectOk<ArchiveSettings>(await ws.client.api.archive.configure({ archive }), FIELD_FLAGS);
    for (const line of saved.probe?.messages ?? []) process.stdout.write(`  ${line}\n`);
    const where = { bucket: saved.bucket, endpoint: saved.endpoint };
    process.stdout.write(`${saved.prefix ? t('archive.configuredPrefix', { ...where, prefix: saved.prefix }) : t('archive.configured', where)}\n`);
    return EXIT_OK;
  });
}

const FIELD_FLAGS = { endpoint: '--endpoint', region: '--region', bucket: '--bucket', prefix: '--prefix', accessKeyId: '--access-key-id', worm: '--worm', secretAccessKey: t('field.secretAccessKey') };

export async function runArchive(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(archiveRunUsage());
    return EXIT_OK;
  }
  if (sub !== 'run') throw subcommandError('archive', sub, archiveRunUsage());
  const spec = { usage: archiveRunUsage, options: { 'data-dir': { type: 'string' }, user: { type: 'string' } }, required: ['data-dir', 'user'] } as const satisfies CommandSpec<
    Record<string, { type: 'string' }>
  >;
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(archiveRunUsage());
    return EXIT_OK;
  }
  return openWorkstation(required(parsed.values, 'data-dir'), async (ws) => {
    await signIn(ws, required(parsed.values, 'user'));
    const progress = setInterval(() => {
      void ws.client.api.archive.status({}).then((r) => {
        if (r.ok) {
          const s = r.value as ArchiveStatus;
          process.stderr.write(`${t('archive.progress', { verified: s.verified, pending: s.pending, failed: s.failed })}\n`);
        }
      });
    }, 1000);
    try {
      const done = expectOk<ResponseOf<'archive', 'run'>>(await ws.client.api.archive.run({}));
      process.stdout.write(`${t('archive.verified', { verified: done.verified, uploaded: done.uploaded, snapshot: done.snapshotId, objects: done.objects, bytes: done.bytes })}\n`);
      return EXIT_OK;
    } finally {
      clearInterval(progress);
    }
  });
}

export async function runRestore(args: readonly string[]): Promise<number> {
  const spec = {
    usage: restoreUsage,
    options: { ...bucketOptions, snapshot: { type: 'string' }, 'path-style': { type: 'boolean' } },
    required: ['endpoint', 'region', 'bucket', 'access-key-id', 'data-dir'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' } | { type: 'boolean' }>>;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(restoreUsage());
    return EXIT_OK;
  }
  const v = parsed.values;
  const dataDir = path.resolve(required(v, 'data-dir'));
  const secrets = new StdinSecrets();
  const secretAccessKey = await secrets.next(t('prompt.secretAccessKey'), t('field.secretAccessKey'));
  const recoveryCode = await secrets.next(t('prompt.recoveryCode'), t('field.recoveryCode'));
  await makeDataDirPrivate(dataDir);
  const core = createCore({ dataDir, log: cliLogger });
  const client = core.connect({ local: true });
  try {
    process.stderr.write(`${t('restore.fetching')}\n`);
    const done = expectOk<ResponseOf<'archive', 'restore'>>(
      await client.api.archive.restore({
        endpoint: required(v, 'endpoint'),
        region: required(v, 'region'),
        bucket: required(v, 'bucket'),
        ...(v.prefix !== undefined ? { prefix: v.prefix } : {}),
        pathStyle: parsed.flags.has('path-style'),
        accessKeyId: required(v, 'access-key-id'),
        secretAccessKey,
        recoveryCode,
        ...(v.snapshot !== undefined ? { snapshotId: v.snapshot } : {}),
      }),
      { ...FIELD_FLAGS, snapshotId: '--snapshot', recoveryCode: t('field.recoveryCode') },
    );
    process.stdout.write(`${t('restore.done', { snapshot: done.snapshotId, dir: dataDir, objects: done.objects, photos: done.photos })}\n`);
    return EXIT_OK;
  } finally {
    await client.disconnect();
    await core.close();
  }
}
