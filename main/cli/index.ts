// The administrators' command-line tool: `npm run -s cli -- <command> [options]`.
// It only parses, calls the core, and prints; every rule lives in the core.
import { restrictNewFilesToOwner } from '../core/support/owner-only';
import { ALIGN_USAGE, runAlign } from './align';
import { ARCHIVE_RUN_USAGE, RESTORE_USAGE, SETTINGS_ARCHIVE_USAGE, runArchive, runRestore, runSettings } from './archive';
import { AUDIT_USAGE, runAudit } from './audit';
import { CONSENT_ADD_USAGE, CONSENT_LIST_USAGE, CONSENT_USAGE, CONSENT_WITHDRAW_USAGE, runConsent } from './consent';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError } from './errors';
import { EXPORT_USAGE, runExport } from './export';
import { IMPORT_USAGE, runImport } from './import';
import { INIT_USAGE, runInit } from './init';
import { KEYS_USAGE, runKeys } from './keys';
import { PATIENT_ADD_USAGE, runPatientAdd } from './patient-add';
import { runSmart, SMART_USAGE } from './smart';
import { runSettingsInterop, SETTINGS_INTEROP_USAGE } from './settings-interop';
import { runUsers, USERS_ADD_USAGE, USERS_LIST_USAGE } from './users';
import { SETTINGS_WORKLIST_USAGE, WORKLIST_QUERY_USAGE, runSettingsWorklist, runWorklistQuery } from './worklist';

const SETTINGS_USAGE = `${SETTINGS_INTEROP_USAGE}\n${SETTINGS_ARCHIVE_USAGE}\n${SETTINGS_WORKLIST_USAGE}`;

export const USAGE = `Usage: npm run -s cli -- <command> [options]

Administration of a clinic photo workstation. The password is always read from
standard input: typed without echo at a terminal, else the first line.

Commands:
  init          Set up a new workstation and its first administrator
  patient add   Register a patient
  import        Import JPEG/PNG photo files or folders for a patient
  users         Add staff accounts or list them (users add|list)
  audit         Verify the tamper-evident audit log, or export it (audit verify|export)
  keys          Vault keys: recover a lost administrator password, rotate keys (keys recover|rotate|recovery-code|status)
  export        Write one photo as DICOM or a FHIR R4 Bundle for a purpose (export dicom|fhir)
  align         Align one photo onto another and print the matrix as one JSON line
  consent       Record a scanned paper consent, withdraw one, list a patient's (consent add|withdraw|list)
  smart         This workstation's SMART client id at the EHR (smart client)
  settings      Clinic settings: identifier systems, the off-site archive (settings interop|archive|worklist)
  archive       Upload everything pending and a verified snapshot (archive run)
  restore       Rebuild a lost workstation from its off-site archive
  worklist      Today's scheduled procedures from the Modality Worklist (worklist query)
  help [CMD]    Show this help, or a command's

Run '<command> --help' for a command's options.

Exit status: 0 success; 1 failure (wrong password, invalid input, files skipped);
2 usage error.
`;

const PATIENT_USAGE = `Usage: patient add [options]   (see 'patient add --help')\n`;

const HELP_TEXT: Readonly<Record<string, string>> = {
  init: INIT_USAGE,
  patient: PATIENT_ADD_USAGE,
  'patient add': PATIENT_ADD_USAGE,
  import: IMPORT_USAGE,
  users: USERS_ADD_USAGE,
  'users add': USERS_ADD_USAGE,
  'users list': USERS_LIST_USAGE,
  audit: AUDIT_USAGE,
  keys: KEYS_USAGE,
  export: EXPORT_USAGE,
  align: ALIGN_USAGE,
  consent: CONSENT_USAGE,
  'consent add': CONSENT_ADD_USAGE,
  'consent withdraw': CONSENT_WITHDRAW_USAGE,
  'consent list': CONSENT_LIST_USAGE,
  smart: SMART_USAGE,
  'smart client': SMART_USAGE,
  settings: SETTINGS_USAGE,
  'settings interop': SETTINGS_INTEROP_USAGE,
  'settings archive': SETTINGS_ARCHIVE_USAGE,
  archive: ARCHIVE_RUN_USAGE,
  'archive run': ARCHIVE_RUN_USAGE,
  restore: RESTORE_USAGE,
  'settings worklist': SETTINGS_WORKLIST_USAGE,
  'worklist query': WORKLIST_QUERY_USAGE,
};

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

async function run(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command', USAGE);
  if (isHelp(command)) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  switch (command) {
    case 'init':
      return runInit(rest);
    case 'patient': {
      const [sub, ...args] = rest;
      if (sub === 'add') return runPatientAdd(args);
      if (isHelp(sub)) {
        process.stdout.write(PATIENT_ADD_USAGE);
        return EXIT_OK;
      }
      throw new UsageError(sub === undefined ? 'missing patient subcommand' : `unknown patient subcommand '${sub}'`, PATIENT_USAGE);
    }
    case 'audit':
      return runAudit(rest);
    case 'keys':
      return runKeys(rest);
    case 'import':
      return runImport(rest);
    case 'export':
      return runExport(rest);
    case 'align':
      return runAlign(rest);
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
        process.stdout.write(SETTINGS_USAGE);
        return EXIT_OK;
      }
      throw new UsageError(sub === undefined ? 'missing settings subcommand' : `unknown settings subcommand '${sub}'`, SETTINGS_USAGE);
    }
    case 'archive':
      return runArchive(rest);
    case 'restore':
      return runRestore(rest);
    case 'worklist': {
      const [sub, ...args] = rest;
      if (sub === 'query') return runWorklistQuery(args);
      throw new UsageError(sub === undefined ? 'missing worklist subcommand' : `unknown worklist subcommand '${sub}'`, WORKLIST_QUERY_USAGE);
    }
    case 'help': {
      const topic = rest.join(' ');
      const text = topic === '' ? USAGE : HELP_TEXT[topic];
      if (!text) throw new UsageError(`no help for '${topic}'`, USAGE);
      process.stdout.write(text);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`unknown command '${command}'`, USAGE);
  }
}

async function main(): Promise<void> {
  // Before anything touches the disk: whatever this run creates is readable by its owner only.
  restrictNewFilesToOwner();
  let code: number;
  try {
    code = await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${error.usage}`);
      code = error.exitCode;
    } else if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      code = error.exitCode;
    } else {
      // Library errors can echo values (paths, SQL); report only their class and code.
      const e = error as { name?: unknown; code?: unknown };
      process.stderr.write(`error: unexpected failure (${String(e?.name ?? 'Error')}${e?.code ? ` ${String(e.code)}` : ''})\n`);
      code = EXIT_FAILURE;
    }
  }
  process.exitCode = code;
}

void main();
