// `audit verify` and `audit export`: check the tamper-evident audit log inside the vault, write it
// out as verifiable JSON Lines, and check such a file offline with no vault (the auditor's tool).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResponseOf } from '../../shared/contract';
import { verifyAuditExport } from '../core/audit/export';
import { fingerprintOf } from '../core/audit/signing';
import { writeFileAtomic } from '../core/support/fs-atomic';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, expectOk, UsageError } from './errors';
import { openWorkstation, signIn } from './workstation';

export const AUDIT_USAGE = `Usage: audit verify --data-dir DIR --user USER
       audit verify --file FILE [--expect-key KEYID]
       audit export --data-dir DIR --user USER --out FILE

verify   Checks the whole audit log: the hash chain, the sequence and every signed
         checkpoint. With --data-dir it signs in as USER (password: first line of
         stdin) and checks the log inside the vault; with --file it checks an export
         offline, without the vault. Exit 0 when intact; exit 1 naming the first bad
         record (and line, for a file) otherwise. Without --expect-key a file
         proves only that it is consistent: compare the fingerprint it prints.
export   Writes the whole log as JSON Lines (header with the public key, records,
         checkpoints, a final signed export checkpoint and a trailer signing every
         line before it) to FILE (mode 0600).

Options:
  --data-dir DIR      Workstation data directory
  --user USER         Your username (needs the audit.read / audit.export permission)
  --file FILE         An export written by 'audit export'
  --expect-key KEYID  Refuse an export unless every checkpoint and the trailer are
                      signed with this key id (hex, from the privacy officer's
                      screen or an earlier export)
  --out FILE          Where to write the export
  -h, --help          Show this help
`;

const verifySpec = {
  usage: AUDIT_USAGE,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, file: { type: 'string' }, 'expect-key': { type: 'string' } },
  required: [],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const exportSpec = {
  usage: AUDIT_USAGE,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, out: { type: 'string' } },
  required: ['data-dir', 'user', 'out'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

export async function runAudit(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(AUDIT_USAGE);
    return EXIT_OK;
  }
  if (sub === 'verify') return runVerify(rest);
  if (sub === 'export') return runExport(rest);
  throw new UsageError(sub === undefined ? 'missing audit subcommand' : `unknown audit subcommand '${sub}'`, AUDIT_USAGE);
}

async function runVerify(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, verifySpec);
  if (parsed === 'help') {
    process.stdout.write(AUDIT_USAGE);
    return EXIT_OK;
  }
  const { file, 'data-dir': dataDir, user, 'expect-key': expectKey } = parsed.values;
  if (file !== undefined) {
    if (dataDir !== undefined || user !== undefined) throw new UsageError('give either --file or --data-dir with --user, not both', AUDIT_USAGE);
    if (expectKey !== undefined && !/^[0-9a-f]{64}$/.test(expectKey)) throw new UsageError('--expect-key must be a key id of 64 hex digits', AUDIT_USAGE);
    return verifyFile(file, expectKey);
  }
  if (dataDir === undefined || user === undefined) throw new UsageError('missing required option --data-dir and --user (or --file)', AUDIT_USAGE);
  if (expectKey !== undefined) throw new UsageError('--expect-key applies to --file only', AUDIT_USAGE);
  return openWorkstation(dataDir, async (ws) => {
    await signIn(ws, user);
    const report = expectOk<ResponseOf<'audit', 'verify'>>(await ws.client.api.audit.verify({}));
    if (!report.ok) throw new CliError(`audit log NOT intact: ${report.problem?.message ?? 'unknown problem'}`);
    process.stdout.write(`audit log intact: ${report.records} records, ${report.checkpoints} signed checkpoints, last record ${report.lastSeq} (signed up to ${report.lastSignedSeq}); head ${report.headHash}\n`);
    return EXIT_OK;
  });
}

async function verifyFile(file: string, expectKey: string | undefined): Promise<number> {
  let bytes: Buffer;
  try {
    // Bytes, not text: the trailer signs the file's exact bytes.
    bytes = await readFile(path.resolve(file));
  } catch (error) {
    throw new CliError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const report = verifyAuditExport(bytes, expectKey);
  if (!report.ok) throw new CliError(`export NOT intact: ${report.problem?.message ?? 'unknown problem'}`);
  process.stdout.write(
    `export intact: ${report.records} records, ${report.checkpoints} signed checkpoints, exported ${report.exportedAt} from workstation ${report.workstationId}\n` +
      // Only the keys that actually signed: a key merely listed in the header proves nothing.
      `signing key fingerprint: ${report.keyIds.map(fingerprintOf).join('; ')}\n` +
      'compare the fingerprint with the one on the privacy officer\'s screen or given with --expect-key\n',
  );
  return EXIT_OK;
}

async function runExport(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, exportSpec);
  if (parsed === 'help') {
    process.stdout.write(AUDIT_USAGE);
    return EXIT_OK;
  }
  const out = path.resolve(required(parsed.values, 'out'));
  return openWorkstation(required(parsed.values, 'data-dir'), async (ws) => {
    await signIn(ws, required(parsed.values, 'user'));
    const result = expectOk<ResponseOf<'audit', 'exportLog'>>(await ws.client.api.audit.exportLog({}));
    try {
      await writeFileAtomic(out, result.content, 0o600);
    } catch (error) {
      throw new CliError(`cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    process.stdout.write(`wrote ${result.records} audit records to ${out}; signing key ${result.keyId}\n`);
    return EXIT_OK;
  });
}
