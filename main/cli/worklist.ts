// `settings worklist` (where this station asks for its Modality Worklist) and `worklist query`
// (the scheduled steps of a day, one tab-separated line each: MRN, name, accession, scheduled
// date-time, procedure). Printing the worklist is what the command is for; nothing else is echoed.
import { readFile } from 'node:fs/promises';
import type { WorklistEntry, WorklistSettings } from '../../shared/channels/worklist';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn } from './workstation';

export const settingsWorklistUsage = (): string => t('usage.settingsWorklist');

export const worklistQueryUsage = (): string => t('usage.worklistQuery');

const settingsSpec = {
  usage: settingsWorklistUsage,
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
  usage: worklistQueryUsage,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, date: { type: 'string' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const SETTINGS_FLAGS = { 'settings.host': '--host', 'settings.port': '--port', 'settings.calledAe': '--called-ae', 'settings.callingAe': '--calling-ae', 'settings.pinnedCaPem': '--tls-ca', host: '--host', calledAe: '--called-ae', callingAe: '--calling-ae', pinnedCaPem: '--tls-ca' };

export async function runSettingsWorklist(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, settingsSpec);
  if (parsed === 'help') {
    process.stdout.write(settingsWorklistUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const portText = required(values, 'port');
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) throw new UsageError(t('worklist.badPort'), settingsWorklistUsage());
  const caFile = values['tls-ca'];
  let pinnedCaPem: string | null = null;
  if (caFile !== undefined) {
    try {
      pinnedCaPem = await readFile(caFile, 'utf8');
    } catch {
      throw new CliError(t('worklist.badCa'));
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
    process.stdout.write(`${t('worklist.saved', { calledAe: saved.calledAe, host: saved.host, port: saved.port, callingAe: saved.callingAe, tls: saved.tls ? 'yes' : 'no' })}\n`);
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
    process.stdout.write(worklistQueryUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const date = values.date;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(t('worklist.badDate'), worklistQueryUsage());
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const { entries } = expectOk<{ entries: WorklistEntry[] }>(await ws.client.api.worklist.query(date ? { date } : {}), { date: '--date' });
    for (const e of entries) process.stdout.write(`${worklistLine(e)}\n`);
    return EXIT_OK;
  });
}
