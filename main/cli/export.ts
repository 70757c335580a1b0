// `export dicom|fhir`: writes one photo as a DICOM VL Photographic Image (Part 10) or as a FHIR R4
// transaction Bundle (JSON), for a PACS or EMR import by hand. The core builds the bytes (and checks
// permission and patient access, and audits); this file only writes them: to a temporary file in
// the target folder, fsynced, then renamed, owner-only (0600), so a failure never leaves a partial file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/support/fs-atomic';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/channels/photos';
import { CONSENT_SCOPES, type Purpose } from '../../shared/consent';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, describeCoreError, EXIT_OK, UsageError } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn } from './workstation';

export const exportUsage = (): string => t('usage.export');

const spec = {
  usage: exportUsage,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    photo: { type: 'string' },
    out: { type: 'string' },
    purpose: { type: 'string' },
  },
  required: ['data-dir', 'user', 'photo', 'out'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const isPurpose = (s: string): s is Purpose => (CONSENT_SCOPES as readonly string[]).includes(s);

const isFormat = (s: string | undefined): s is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(s ?? '');

export async function runExport(args: readonly string[]): Promise<number> {
  const [format, ...rest] = args;
  if (format === '--help' || format === '-h') {
    process.stdout.write(exportUsage());
    return EXIT_OK;
  }
  if (!isFormat(format)) throw new UsageError(format === undefined ? t('export.missingFormat') : t('export.unknownFormat', { format }), exportUsage());
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(exportUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const out = path.resolve(required(values, 'out'));
  const photoId = required(values, 'photo').trim();
  const purpose = values.purpose ?? 'clinical';
  if (!isPurpose(purpose)) throw new UsageError(t('export.unknownPurpose', { purpose, purposes: CONSENT_SCOPES.join(', ') }), exportUsage());
  // Checked before asking for the password: a wrong path should not cost a sign-in.
  const folder = await fs.stat(path.dirname(out)).catch(() => null);
  if (!folder?.isDirectory()) throw new CliError(t('export.noFolder', { file: out }));
  if ((await fs.stat(out).catch(() => null))?.isDirectory()) throw new CliError(t('export.isFolder', { file: out }));

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const result = await ws.client.api.photos.export({ photoId, format, purpose });
    if (!result.ok) {
      const { code } = result.error;
      throw new CliError(code === 'NOT_FOUND' || (code === 'VALIDATION_FAILED' && result.error.fields?.photoId) ? t('export.noPhoto', { id: photoId }) : describeCoreError(result.error));
    }
    const exported = result.value;
    try {
      await writeFileAtomic(out, exported.bytes, 0o600);
    } catch (error) {
      throw new CliError(t('export.cannotWrite', { file: out, code: (error as NodeJS.ErrnoException).code ?? 'error' }));
    } finally {
      exported.bytes.fill(0); // the plaintext leaves memory once it is on disk where the user asked
    }
    process.stdout.write(`${exported.photoId}\t${out}\n`);
    return EXIT_OK;
  });
}
