// `settings archive`, `archive run` and `restore`: the off-site archive from the command line,
// through the same channels (and audit) as the Delivery settings screen and the first-run screen.
// Secrets come from stdin only, one per line, in the order the usage says; none is echoed.
import path from 'node:path';
import type { ArchiveSettings, ArchiveStatus } from '../../shared/channels/archive';
import type { ResponseOf } from '../../shared/contract';
import { createCore } from '../core/core';
import { parseCommand, required, type CommandSpec } from './args';
import { EXIT_OK, UsageError, expectOk } from './errors';
import { StdinSecrets } from './password';
import { cliLogger, makeDataDirPrivate, openWorkstation, signIn } from './workstation';

export const SETTINGS_ARCHIVE_USAGE = `Usage: settings archive --data-dir DIR --user USER --endpoint URL --region R --bucket B
                        [--prefix P] [--path-style] [--worm] --access-key-id ID

Configure the off-site archive (S3-compatible storage) as administrator USER. The bucket is
probed first (credentials, bucket, a test write, versioning, Object Lock) and the findings are
printed; nothing is saved if it cannot be used. --worm asks for Object Lock retention and is
refused where the bucket has no Object Lock.
Stdin: 1. USER's password  2. the secret access key.
`;

export const ARCHIVE_RUN_USAGE = `Usage: archive run --data-dir DIR --user USER

Sign in as USER, upload everything pending and a fresh snapshot, and exit 0 when every
object is verified in the bucket (progress on stderr). Stdin: USER's password.
`;

export const RESTORE_USAGE = `Usage: restore --endpoint URL --region R --bucket B [--prefix P] [--path-style]
               --access-key-id ID --data-dir NEWDIR [--snapshot ID]

Rebuild a workstation from its off-site archive into NEWDIR (new or empty): the newest
snapshot (or ID), every object checked against the sealed manifest, every photo against its
SHA-256. Afterwards the original staff passwords sign in to NEWDIR.
Stdin: 1. the secret access key  2. the recovery code.
`;

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
    process.stdout.write(SETTINGS_ARCHIVE_USAGE);
    return EXIT_OK;
  }
  if (sub !== 'archive') throw new UsageError(sub === undefined ? 'missing settings subcommand' : `unknown settings subcommand '${sub}'`, SETTINGS_ARCHIVE_USAGE);
  const spec = {
    usage: SETTINGS_ARCHIVE_USAGE,
    options: { ...bucketOptions, user: { type: 'string' }, 'path-style': { type: 'boolean' }, worm: { type: 'boolean' } },
    required: ['data-dir', 'user', 'endpoint', 'region', 'bucket', 'access-key-id'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' } | { type: 'boolean' }>>;
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(SETTINGS_ARCHIVE_USAGE);
    return EXIT_OK;
  }
  const v = parsed.values;
  const secrets = new StdinSecrets();
  return openWorkstation(required(v, 'data-dir'), async (ws) => {
    await signIn(ws, required(v, 'user'), await secrets.next(`Password for ${required(v, 'user')}: `, 'password'));
    const secretAccessKey = await secrets.next('Secret access key: ', 'secret access key');
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
    process.stdout.write(`Archive configured: ${saved.bucket} at ${saved.endpoint}${saved.prefix ? ` under ${saved.prefix}` : ''}; files are queued for upload.\n`);
    return EXIT_OK;
  });
}

const FIELD_FLAGS = { endpoint: '--endpoint', region: '--region', bucket: '--bucket', prefix: '--prefix', accessKeyId: '--access-key-id', worm: '--worm', secretAccessKey: 'secret access key' };

export async function runArchive(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(ARCHIVE_RUN_USAGE);
    return EXIT_OK;
  }
  if (sub !== 'run') throw new UsageError(sub === undefined ? 'missing archive subcommand' : `unknown archive subcommand '${sub}'`, ARCHIVE_RUN_USAGE);
  const spec = { usage: ARCHIVE_RUN_USAGE, options: { 'data-dir': { type: 'string' }, user: { type: 'string' } }, required: ['data-dir', 'user'] } as const satisfies CommandSpec<
    Record<string, { type: 'string' }>
  >;
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(ARCHIVE_RUN_USAGE);
    return EXIT_OK;
  }
  return openWorkstation(required(parsed.values, 'data-dir'), async (ws) => {
    await signIn(ws, required(parsed.values, 'user'));
    const progress = setInterval(() => {
      void ws.client.api.archive.status({}).then((r) => {
        if (r.ok) {
          const s = r.value as ArchiveStatus;
          process.stderr.write(`archive: ${s.verified} verified, ${s.pending} pending, ${s.failed} failed\n`);
        }
      });
    }, 1000);
    try {
      const done = expectOk<ResponseOf<'archive', 'run'>>(await ws.client.api.archive.run({}));
      process.stdout.write(`archive verified: ${done.verified} files (${done.uploaded} uploaded now), snapshot ${done.snapshotId} with ${done.objects} objects, ${done.bytes} bytes\n`);
      return EXIT_OK;
    } finally {
      clearInterval(progress);
    }
  });
}

export async function runRestore(args: readonly string[]): Promise<number> {
  const spec = {
    usage: RESTORE_USAGE,
    options: { ...bucketOptions, snapshot: { type: 'string' }, 'path-style': { type: 'boolean' } },
    required: ['endpoint', 'region', 'bucket', 'access-key-id', 'data-dir'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' } | { type: 'boolean' }>>;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(RESTORE_USAGE);
    return EXIT_OK;
  }
  const v = parsed.values;
  const dataDir = path.resolve(required(v, 'data-dir'));
  const secrets = new StdinSecrets();
  const secretAccessKey = await secrets.next('Secret access key: ', 'secret access key');
  const recoveryCode = await secrets.next('Recovery code: ', 'recovery code');
  await makeDataDirPrivate(dataDir);
  const core = createCore({ dataDir, log: cliLogger });
  const client = core.connect({ local: true });
  try {
    process.stderr.write('restore: fetching and checking every object of the snapshot…\n');
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
      { ...FIELD_FLAGS, snapshotId: '--snapshot', recoveryCode: 'recovery code' },
    );
    process.stdout.write(`Restored snapshot ${done.snapshotId} into ${dataDir}: ${done.objects} objects, ${done.photos} photos, every one verified. Staff sign in with their passwords.\n`);
    return EXIT_OK;
  } finally {
    await client.disconnect();
    await core.close();
  }
}
