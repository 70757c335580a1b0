// `patient add`: registers a patient and prints the new id.
import type { RequestOf } from '../../shared/contract';
import type { Patient } from '../../shared/domain';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, expectOk } from './errors';
import { openWorkstation, signIn } from './workstation';

export const PATIENT_ADD_USAGE = `Usage: patient add --data-dir DIR --user USER --mrn MRN --name "Family, Given" --birth-date YYYY-MM-DD --sex F|M|O|U

Signs in as USER (password: first line of stdin, typed without echo at a terminal)
and registers a patient. Prints the new patient's id on stdout.

Options:
  --data-dir DIR            Workstation data directory
  --user USER               Your username
  --mrn MRN                 Medical record number (must not be in use)
  --name "Family, Given"    Family name, a comma, then the given name(s)
  --birth-date YYYY-MM-DD   Date of birth
  --sex F|M|O|U             Female, male, other or unknown
  -h, --help                Show this help
`;

const spec = {
  usage: PATIENT_ADD_USAGE,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    mrn: { type: 'string' },
    name: { type: 'string' },
    'birth-date': { type: 'string' },
    sex: { type: 'string' },
  },
  required: ['data-dir', 'user', 'mrn', 'name', 'birth-date', 'sex'],
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

export async function runPatientAdd(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(PATIENT_ADD_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const name = splitName(required(values, 'name'));
  if (!name) throw new CliError('--name must be "Family, Given": the family name, a comma, then the given name(s)');

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const mrn = required(values, 'mrn');
    const result = await ws.client.api.patients.register({
      mrn,
      ...name,
      birthDate: required(values, 'birth-date'),
      // Checked by the router against the contract like every other field; a bad value names --sex.
      sex: required(values, 'sex').toUpperCase() as RequestOf<'patients', 'register'>['sex'],
    });
    if (!result.ok && result.error.code === 'MRN_TAKEN') throw new CliError(`another patient already has MRN ${mrn.trim()}`);
    const patient = expectOk<Patient>(result, FIELD_FLAGS);
    process.stdout.write(`${patient.id}\n`);
    return EXIT_OK;
  });
}
