// `settings worklist` (where this station asks for its Modality Worklist) and `worklist query`
// (the scheduled steps of a day, one tab-separated line each: MRN, name, accession, scheduled
// date-time, procedure). Printing the worklist is what the command is for; nothing else is echoed.
import { readFile } from 'node:fs/promises';
import type { WorklistEntry, WorklistSettings } from '../../shared/channels/worklist';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk } from './errors';
import { openWorkstation, signIn } from './workstation';

export const SETTINGS_WORKLIST_USAGE = `Usage: settings worklist --data-dir DIR --user USER --host H --port P --called-ae AE --calling-ae AE [--tls-ca FILE]

Signs in as USER (an administrator) and sets the Modality Worklist provider this station asks:
its host and port, its AE title (--called-ae) and this station's own AE title (--calling-ae),
which is also the Scheduled Station AE Title the query asks for. Plain DICOM is allowed only to
this computer; for any other host give the PEM CA certificate to trust for DICOM TLS.

Options:
  --data-dir DIR     Workstation data directory
  --user USER        Your username
  --host H           The worklist provider's host name or IP address
  --port P           Its DICOM port (1-65535)
  --called-ae AE     The provider's AE title
  --calling-ae AE    This station's AE title
  --tls-ca FILE      PEM CA certificate for DICOM TLS (omit for plain DICOM on loopback)
  -h, --help         Show this help
`;

export const WORKLIST_QUERY_USAGE = `Usage: worklist query --data-dir DIR --user USER [--date YYYY-MM-DD]

Signs in as USER and asks the configured worklist provider (C-FIND) for the day's scheduled
procedure steps for this station, modality XC (default: today). Prints one tab-separated line per
step, sorted by time:
  MRN  name  accession  scheduled-date-time  procedure
(name as "Family, Given"; date-time as YYYY-MM-DDTHH:MM; procedure is the step's description, or
the requested procedure's). Nothing is printed when nothing is scheduled.

Options:
  --data-dir DIR     Workstation data directory
  --user USER        Your username
  --date YYYY-MM-DD  The day to list (default: today)
  -h, --help         Show this help
`;

const settingsSpec = {
  usage: SETTINGS_WORKLIST_USAGE,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'called-ae': { type: 'string' },
    'calling-ae': { type: 'string' },
    'tls-ca': { type: 'string' },
  },
  required: ['data-dir', 'user', 'host', 'port', 'called-ae', 'calling-ae'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const querySpec = {
  usage: WORKLIST_QUERY_USAGE,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, date: { type: 'string' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const SETTINGS_FLAGS = { 'settings.host': '--host', 'settings.port': '--port', 'settings.calledAe': '--called-ae', 'settings.callingAe': '--calling-ae', 'settings.pinnedCaPem': '--tls-ca', host: '--host', calledAe: '--called-ae', callingAe: '--calling-ae', pinnedCaPem: '--tls-ca' };

export async function runSettingsWorklist(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, settingsSpec);
  if (parsed === 'help') {
    process.stdout.write(SETTINGS_WORKLIST_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const portText = required(values, 'port');
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) throw new UsageError('--port must be a number from 1 to 65535', SETTINGS_WORKLIST_USAGE);
  const caFile = values['tls-ca'];
  let pinnedCaPem: string | null = null;
  if (caFile !== undefined) {
    try {
      pinnedCaPem = await readFile(caFile, 'utf8');
    } catch {
      throw new CliError('--tls-ca: the file could not be read');
    }
  }
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const saved = expectOk<WorklistSettings>(
      await ws.client.api.worklist.saveSettings({
        settings: { host: required(values, 'host'), port: Number(portText), calledAe: required(values, 'called-ae'), callingAe: required(values, 'calling-ae'), pinnedCaPem },
      }),
      SETTINGS_FLAGS,
    );
    process.stdout.write(`worklist provider: ${saved.calledAe} at ${saved.host}:${saved.port}, this station ${saved.callingAe}, ${saved.tls ? 'DICOM TLS' : 'plain DICOM (loopback)'}\n`);
    return EXIT_OK;
  });
}

/** One value as a TSV field: tabs, line breaks and other control characters become spaces. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they would break the TSV
const field = (s: string): string => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

export function worklistLine(e: WorklistEntry): string {
  const name = e.givenName ? `${e.familyName}, ${e.givenName}` : e.familyName;
  return [e.mrn, name, e.accessionNumber, e.scheduledAt, e.scheduledStepDescription || e.requestedProcedureDescription].map(field).join('\t');
}

export async function runWorklistQuery(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, querySpec);
  if (parsed === 'help') {
    process.stdout.write(WORKLIST_QUERY_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const date = values.date;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date must be YYYY-MM-DD', WORKLIST_QUERY_USAGE);
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const { entries } = expectOk<{ entries: WorklistEntry[] }>(await ws.client.api.worklist.query(date ? { date } : {}), { date: '--date' });
    for (const e of entries) process.stdout.write(`${worklistLine(e)}\n`);
    return EXIT_OK;
  });
}
