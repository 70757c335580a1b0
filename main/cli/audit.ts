// `audit verify` and `audit export`: check the tamper-evident audit log inside the vault, write it
// out as verifiable JSON Lines, and check such a file offline with no vault (the auditor's tool).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResponseOf } from '../../shared/contract';
import { verifyAuditExport } from '../core/audit/export';
import { fingerprintOf } from '../core/audit/signing';
import { writeFileAtomic } from '../core/support/fs-atomic';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, expectOk, subcommandError, UsageError } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn } from './workstation';

export const auditUsage = (): string => t('usage.audit');

const verifySpec = {
  usage: auditUsage,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, file: { type: 'string' }, 'expect-key': { type: 'string' } },
  required: [],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const exportSpec = {
  usage: auditUsage,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, out: { type: 'string' } },
  required: ['data-dir', 'user', 'out'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

export async function runAudit(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(auditUsage());
    return EXIT_OK;
  }
  if (sub === 'verify') return runVerify(rest);
  if (sub === 'export') return runExport(rest);
  throw subcommandError('audit', sub, auditUsage());
}

async function runVerify(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, verifySpec);
  if (parsed === 'help') {
    process.stdout.write(auditUsage());
    return EXIT_OK;
  }
  const { file, 'data-dir': dataDir, user, 'expect-key': expectKey } = parsed.values;
  if (file !== undefined) {
    if (dataDir !== undefined || user !== undefined) throw new UsageError(t('audit.eitherFileOrDir'), auditUsage());
    if (expectKey !== undefined && !/^[0-9a-f]{64}$/.test(expectKey)) throw new UsageError(t('audit.badKeyId'), auditUsage());
    return verifyFile(file, expectKey);
  }
  if (dataDir === undefined || user === undefined) throw new UsageError(t('audit.missingDirAndUser'), auditUsage());
  if (expectKey !== undefined) throw new UsageError(t('audit.keyOnlyWithFile'), auditUsage());
  return openWorkstation(dataDir, async (ws) => {
    await signIn(ws, user);
    const report = expectOk<ResponseOf<'audit', 'verify'>>(await ws.client.api.audit.verify({}));
    if (!report.ok) throw new CliError(t('audit.logBroken', { problem: report.problem?.message ?? t('audit.unknownProblem') }));
    process.stdout.write(
      `${t('audit.logIntact', { records: report.records, checkpoints: report.checkpoints, lastSeq: report.lastSeq, lastSignedSeq: report.lastSignedSeq, head: report.headHash })}\n`,
    );
    return EXIT_OK;
  });
}

async function verifyFile(file: string, expectKey: string | undefined): Promise<number> {
  let bytes: Buffer;
  try {
    // Bytes, not text: the trailer signs the file's exact bytes.
    bytes = await readFile(path.resolve(file));
  } catch (error) {
    throw new CliError(t('audit.cannotRead', { file, code: (error as NodeJS.ErrnoException).code ?? 'error' }));
  }
  const report = verifyAuditExport(bytes, expectKey);
  if (!report.ok) throw new CliError(t('audit.exportBroken', { problem: report.problem?.message ?? t('audit.unknownProblem') }));
  process.stdout.write(
    `${t('audit.exportIntact', { records: report.records, checkpoints: report.checkpoints, exportedAt: report.exportedAt ?? '-', workstation: report.workstationId ?? '-' })}\n` +
      // Only the keys that actually signed: a key merely listed in the header proves nothing.
      `${t('audit.fingerprint', { fingerprints: report.keyIds.map(fingerprintOf).join('; ') })}\n` +
      `${t('audit.compareFingerprint')}\n`,
  );
  return EXIT_OK;
}

async function runExport(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, exportSpec);
  if (parsed === 'help') {
    process.stdout.write(auditUsage());
    return EXIT_OK;
  }
  const out = path.resolve(required(parsed.values, 'out'));
  return openWorkstation(required(parsed.values, 'data-dir'), async (ws) => {
    await signIn(ws, required(parsed.values, 'user'));
    const result = expectOk<ResponseOf<'audit', 'exportLog'>>(await ws.client.api.audit.exportLog({}));
    try {
      await writeFileAtomic(out, result.content, 0o600);
    } catch (error) {
      throw new CliError(t('audit.cannotWrite', { file: out, code: (error as NodeJS.ErrnoException).code ?? 'error' }));
    }
    process.stdout.write(`${t('audit.wrote', { records: result.records, file: out, keyId: result.keyId })}\n`);
    return EXIT_OK;
  });
}
