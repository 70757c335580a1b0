// The administrators' command-line tool: `npm run -s cli -- <command> [options]`.
// It only parses, calls the core, and prints; every rule lives in the core.
import { restrictNewFilesToOwner } from '../core/support/owner-only';
import { alignUsage, runAlign } from './align';
import { archiveRunUsage, restoreUsage, settingsArchiveUsage, runArchive, runRestore, runSettings } from './archive';
import { auditUsage, runAudit } from './audit';
import { consentAddUsage, consentListUsage, consentUsage, consentWithdrawUsage, runConsent } from './consent';
import { localeFromEnv } from '../../shared/i18n/env-locale';
import { CliError, EXIT_FAILURE, EXIT_OK, subcommandError, UsageError } from './errors';
import { exportUsage, runExport } from './export';
import { exportAnnotationsUsage, runExportAnnotations } from './export-annotations';
import { importUsage, runImport } from './import';
import { initUsage, runInit } from './init';
import { keysUsage, runKeys } from './keys';
import { patientAddUsage, runPatientAdd } from './patient-add';
import { setCliLocale, t } from './i18n';
import { runSmart, smartUsage } from './smart';
import { runSettingsInterop, settingsInteropUsage } from './settings-interop';
import { runUsers, usersAddUsage, usersListUsage } from './users';
import { settingsWorklistUsage, worklistQueryUsage, runSettingsWorklist, runWorklistQuery } from './worklist';

const settingsUsage = (): string => `${settingsInteropUsage()}\n${settingsArchiveUsage()}\n${settingsWorklistUsage()}`;

export const usage = (): string => t('usage.main');

const patientUsage = (): string => t('usage.patient');

/** Each command's help: from the catalogue (a function of the run's language) or, for a command whose help is not in it yet, a string. */
const HELP_TEXT: Readonly<Record<string, string | (() => string)>> = {
  init: initUsage,
  patient: patientAddUsage,
  'patient add': patientAddUsage,
  import: importUsage,
  users: usersAddUsage,
  'users add': usersAddUsage,
  'users list': usersListUsage,
  audit: auditUsage,
  keys: keysUsage,
  align: alignUsage,
  export: exportUsage,
  'export annotations': exportAnnotationsUsage,
  consent: consentUsage,
  'consent add': consentAddUsage,
  'consent withdraw': consentWithdrawUsage,
  'consent list': consentListUsage,
  smart: smartUsage,
  'smart client': smartUsage,
  settings: settingsUsage,
  'settings interop': settingsInteropUsage,
  'settings archive': settingsArchiveUsage,
  archive: archiveRunUsage,
  'archive run': archiveRunUsage,
  restore: restoreUsage,
  'settings worklist': settingsWorklistUsage,
  'worklist query': worklistQueryUsage,
};

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

async function run(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(t('missingCommand'), usage());
  if (isHelp(command)) {
    process.stdout.write(usage());
    return EXIT_OK;
  }
  switch (command) {
    case 'init':
      return runInit(rest);
    case 'patient': {
      const [sub, ...args] = rest;
      if (sub === 'add') return runPatientAdd(args);
      if (isHelp(sub)) {
        process.stdout.write(patientAddUsage());
        return EXIT_OK;
      }
      throw subcommandError('patient', sub, patientUsage());
    }
    case 'audit':
      return runAudit(rest);
    case 'keys':
      return runKeys(rest);
    case 'import':
      return runImport(rest);
    case 'align':
      return runAlign(rest);
    case 'export':
      return rest[0] === 'annotations' ? runExportAnnotations(rest.slice(1)) : runExport(rest);
    case 'users':
      return runUsers(rest);
    case 'consent':
      return runConsent(rest);
    case 'smart':
      return runSmart(rest);
    case 'settings': {
      const [sub, ...args] = rest;
      if (sub === 'interop') return runSettingsInterop(args);
      if (sub === 'archive') return runSettings(rest);
      if (sub === 'worklist') return runSettingsWorklist(args);
      if (isHelp(sub)) {
        process.stdout.write(settingsUsage());
        return EXIT_OK;
      }
      throw subcommandError('settings', sub, settingsUsage());
    }
    case 'archive':
      return runArchive(rest);
    case 'restore':
      return runRestore(rest);
    case 'worklist': {
      const [sub, ...args] = rest;
      if (sub === 'query') return runWorklistQuery(args);
      throw subcommandError('worklist', sub, worklistQueryUsage());
    }
    case 'help': {
      const topic = rest.join(' ');
      const text = topic === '' ? usage : HELP_TEXT[topic];
      if (!text) throw new UsageError(t('noHelp', { topic }), usage());
      process.stdout.write(typeof text === 'function' ? text() : text);
      return EXIT_OK;
    }
    default:
      throw new UsageError(t('unknownCommand', { command }), usage());
  }
}

async function main(): Promise<void> {
  // Before anything touches the disk: whatever this run creates is readable by its owner only.
  restrictNewFilesToOwner();
  // The language of every message of this run, from the environment like other Unix tools.
  setCliLocale(localeFromEnv(process.env));
  let code: number;
  try {
    code = await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${t('errorLine', { message: error.message })}\n\n${error.usage}`);
      code = error.exitCode;
    } else if (error instanceof CliError) {
      process.stderr.write(`${t('errorLine', { message: error.message })}\n`);
      code = error.exitCode;
    } else {
      // Library errors can echo values (paths, SQL); report only their class and code.
      const e = error as { name?: unknown; code?: unknown };
      const detail = `${String(e?.name ?? 'Error')}${e?.code ? ` ${String(e.code)}` : ''}`;
      process.stderr.write(`${t('errorLine', { message: t('unexpectedFailure', { detail }) })}\n`);
      code = EXIT_FAILURE;
    }
  }
  process.exitCode = code;
}

void main();
