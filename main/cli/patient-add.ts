// `patient add`: registers a patient and prints the new id. The recommended form takes the record
// as JSON from a file or from stdin after the password (`--from-file`), so the patient's name, MRN
// and birth date stay out of argv, which `ps` shows to every local user and shells keep in history.
// The flags form is kept for compatibility.
import type { RequestOf } from '../../shared/contract';
import type { Patient } from '../../shared/domain';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk } from './errors';
import { readPasswordThenRecord, readRecordFile, type PatientRecord } from './patient-record';
import { openWorkstation, signIn } from './workstation';

export const PATIENT_ADD_USAGE = `Usage: patient add --data-dir DIR --user USER --from-file FILE|-     (recommended)
       patient add --data-dir DIR --user USER --mrn MRN --name "Family, Given" --birth-date YYYY-MM-DD --sex F|M|O|U

Signs in as USER and registers a patient. Prints the new patient's id on stdout.

With --from-file, the patient record is a JSON object:
  {"mrn": "MRN-1", "familyName": "Lovelace", "givenName": "Ada", "birthDate": "1985-12-10", "sex": "F"}
read from FILE, or with "-" from stdin after the password line. This keeps the patient's details
out of the command line, which other local users can see in \`ps\` and your shell keeps in its
history. The password is the first line of stdin (typed without echo at a terminal; with "-" the
record follows it, ended by Ctrl-D at a terminal).

Options:
  --data-dir DIR            Workstation data directory
  --user USER               Your username
  --from-file FILE|-        The patient record as JSON, from FILE or from stdin after the password
  --mrn MRN                 Medical record number (must not be in use)
  --name "Family, Given"    Family name, a comma, then the given name(s)
  --birth-date YYYY-MM-DD   Date of birth
  --sex F|M|O|U             Female, male, other or unknown
  -h, --help                Show this help
`;

const RECORD_FLAGS = ['mrn', 'name', 'birth-date', 'sex'] as const;

const spec = {
  usage: PATIENT_ADD_USAGE,
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

const FIELD_FLAGS = {
  mrn: '--mrn',
  familyName: '--name (family name)',
  givenName: '--name (given name)',
  birthDate: '--birth-date',
  sex: '--sex',
};

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
    if (values[flag] === undefined || values[flag].trim() === '') throw new UsageError(`missing required option --${flag} (or give the record with --from-file)`, PATIENT_ADD_USAGE);
  }
  const name = splitName(required(values, 'name'));
  if (!name) throw new CliError('--name must be "Family, Given": the family name, a comma, then the given name(s)');
  return { mrn: required(values, 'mrn'), ...name, birthDate: required(values, 'birth-date'), sex: required(values, 'sex').toUpperCase() };
}

export async function runPatientAdd(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(PATIENT_ADD_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const fromFile = values['from-file'];
  let record: PatientRecord | Record<string, string>;
  let password: string | undefined;
  let fieldNames: Readonly<Record<string, string>> = FIELD_FLAGS;
  if (fromFile !== undefined) {
    const mixed = RECORD_FLAGS.filter((flag) => values[flag] !== undefined);
    if (mixed.length > 0) throw new UsageError(`--from-file gives the whole record: leave out ${mixed.map((f) => `--${f}`).join(', ')}`, PATIENT_ADD_USAGE);
    if (fromFile.trim() === '') throw new UsageError('--from-file needs a file name, or - for stdin', PATIENT_ADD_USAGE);
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
    if (!result.ok && result.error.code === 'MRN_TAKEN') throw new CliError(fromFile === undefined ? `another patient already has MRN ${record.mrn?.trim()}` : 'another patient already has this MRN');
    const patient = expectOk<Patient>(result, fieldNames);
    process.stdout.write(`${patient.id}\n`);
    return EXIT_OK;
  });
}
