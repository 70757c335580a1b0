// `patient add`: registers a patient and prints the new id. The recommended form takes the record
// as JSON from a file or from stdin after the password (`--from-file`), so the patient's name, MRN
// and birth date stay out of argv, which `ps` shows to every local user and shells keep in history.
// The flags form is kept for compatibility.
import type { RequestOf } from '../../shared/contract';
import type { Patient } from '../../shared/domain';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk } from './errors';
import { t } from './i18n';
import { readPasswordThenRecord, readRecordFile, type PatientRecord } from './patient-record';
import { openWorkstation, signIn } from './workstation';

export const patientAddUsage = (): string => t('usage.patientAdd');

const RECORD_FLAGS = ['mrn', 'name', 'birth-date', 'sex'] as const;

const spec = {
  usage: patientAddUsage,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    'from-file': { type: 'string' },
    mrn: { type: 'string' },
    name: { type: 'string' },
    'birth-date': { type: 'string' },
    sex: { type: 'string' },
  },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const fieldFlags = () => ({
  mrn: '--mrn',
  familyName: t('field.familyName'),
  givenName: t('field.givenName'),
  birthDate: '--birth-date',
  sex: '--sex',
});

/** "Family, Given Names" → its two parts; null when there is no comma or a part is empty. */
export function splitName(name: string): { familyName: string; givenName: string } | null {
  const comma = name.indexOf(',');
  if (comma < 0) return null;
  const familyName = name.slice(0, comma).trim();
  const givenName = name.slice(comma + 1).trim();
  return familyName && givenName ? { familyName, givenName } : null;
}

/** The record from the flags form: every flag required, the name split at its comma. */
function recordFromFlags(values: Record<string, string | undefined>): Record<string, string> {
  for (const flag of RECORD_FLAGS) {
    if (values[flag] === undefined || values[flag].trim() === '') throw new UsageError(t('patient.missingRecordFlag', { flag }), patientAddUsage());
  }
  const name = splitName(required(values, 'name'));
  if (!name) throw new CliError(t('patient.badName'));
  return { mrn: required(values, 'mrn'), ...name, birthDate: required(values, 'birth-date'), sex: required(values, 'sex').toUpperCase() };
}

export async function runPatientAdd(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(patientAddUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const fromFile = values['from-file'];
  let record: PatientRecord | Record<string, string>;
  let password: string | undefined;
  let fieldNames: Readonly<Record<string, string>> = fieldFlags();
  if (fromFile !== undefined) {
    const mixed = RECORD_FLAGS.filter((flag) => values[flag] !== undefined);
    if (mixed.length > 0) throw new UsageError(t('patient.mixedFlags', { flags: mixed.map((f) => `--${f}`).join(', ') }), patientAddUsage());
    if (fromFile.trim() === '') throw new UsageError(t('patient.fromFileEmpty'), patientAddUsage());
    // Read and checked before the password is used: a bad record costs no sign-in attempt.
    if (fromFile === '-') ({ password, record } = await readPasswordThenRecord());
    else record = await readRecordFile(fromFile);
    fieldNames = {};
  } else {
    record = recordFromFlags(values);
  }

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'), password);
    // Checked by the router against the contract like every other field (the flags form is not typed).
    const result = await ws.client.api.patients.register(record as RequestOf<'patients', 'register'>);
    // The MRN is echoed only when the user typed it on the command line for this run.
    if (!result.ok && result.error.code === 'MRN_TAKEN') throw new CliError(fromFile === undefined ? t('patient.mrnTakenNamed', { mrn: record.mrn?.trim() ?? '' }) : t('patient.mrnTaken'));
    const patient = expectOk<Patient>(result, fieldNames);
    process.stdout.write(`${patient.id}\n`);
    return EXIT_OK;
  });
}
