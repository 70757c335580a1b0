// `settings interop`: the clinic's identifier systems, which every DICOM instance and FHIR bundle
// uses (docs/interop.md): the MRN system URI (FHIR Patient.identifier.system, what the EMR matches
// patients on), the DICOM Issuer of Patient ID and the registered DICOM org UID root. Options not
// given keep their value; an empty value returns a setting to its default. The core validates,
// checks the permission (delivery.manage) and audits; this only parses and prints.
import type { InteropSettings, InteropSettingsView } from '../../shared/channels/interop';
import { parseCommand, required, type CommandSpec } from './args';
import { EXIT_OK, expectOk } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn } from './workstation';

export const settingsInteropUsage = (): string => t('usage.settingsInterop');

const spec = {
  usage: settingsInteropUsage,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    'mrn-system': { type: 'string' },
    'issuer-of-patient-id': { type: 'string' },
    'org-root': { type: 'string' },
  },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const FLAGS = { mrnSystem: '--mrn-system', issuerOfPatientId: '--issuer-of-patient-id', orgUidRoot: '--org-root' } as const;

export function formatInteropSettings(s: InteropSettingsView): string {
  return [
    `mrn-system\t${s.effectiveMrnSystem}${s.mrnSystem ? '' : ' (default)'}`,
    `issuer-of-patient-id\t${s.issuerOfPatientId ?? '(not set)'}`,
    `org-root\t${s.orgUidRoot ?? '(not set: UIDs are 2.25.<UUID>)'}`,
  ].join('\n');
}

export async function runSettingsInterop(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(settingsInteropUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const change: Partial<InteropSettings> = {};
  const take = (flag: keyof typeof spec.options) => {
    const value = values[flag];
    return value === undefined ? undefined : value.trim() === '' ? null : value.trim();
  };
  const [mrnSystem, issuerOfPatientId, orgUidRoot] = [take('mrn-system'), take('issuer-of-patient-id'), take('org-root')];
  if (mrnSystem !== undefined) change.mrnSystem = mrnSystem;
  if (issuerOfPatientId !== undefined) change.issuerOfPatientId = issuerOfPatientId;
  if (orgUidRoot !== undefined) change.orgUidRoot = orgUidRoot;

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const settings =
      Object.keys(change).length > 0
        ? expectOk<InteropSettingsView>(await ws.client.api.interop.updateSettings(change), FLAGS)
        : expectOk<InteropSettingsView>(await ws.client.api.interop.getSettings({}));
    process.stdout.write(`${formatInteropSettings(settings)}\n`);
    return EXIT_OK;
  });
}
