// `export annotations`: writes a photo's current annotation version as a DICOM Color Softcopy
// Presentation State (csps, a Part 10 file a PACS shows over the photo) or as W3C Web Annotation
// JSON (web-annotation). The core builds the bytes after checking permission, patient access and
// consent, and audits; this file writes them atomically and owner-only, as `export` does. A photo
// with no annotations exits 1 with one line saying so, and no file is written.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ANNOTATION_EXPORT_FORMATS, type AnnotationExportFormat } from '../../shared/channels/annotations';
import { CONSENT_SCOPES, type Purpose } from '../../shared/consent';
import { writeFileAtomic } from '../core/support/fs-atomic';
import type { MessageId } from '../../shared/i18n/catalog';
import { localeFromEnv } from '../../shared/i18n/env-locale';
import { translator } from '../../shared/i18n/intl';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError } from './errors';
import { openWorkstation, signIn } from './workstation';

/** This run's language, chosen from the environment as other Unix tools choose it (LANG, LC_ALL…). */
const tr = () => translator(localeFromEnv(process.env));
const t = (id: MessageId, values?: Record<string, string | number>) => tr().t(id, values);

export const exportAnnotationsUsage = (): string => t('annotate.cli.usage');
/** The usage as index.ts's help table holds it (a string, in the language of this run). */
export const EXPORT_ANNOTATIONS_USAGE = exportAnnotationsUsage();

const spec = {
  usage: EXPORT_ANNOTATIONS_USAGE,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    photo: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    purpose: { type: 'string' },
  },
  required: ['data-dir', 'user', 'photo', 'format', 'out'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

const isPurpose = (s: string): s is Purpose => (CONSENT_SCOPES as readonly string[]).includes(s);
const isFormat = (s: string): s is AnnotationExportFormat => (ANNOTATION_EXPORT_FORMATS as readonly string[]).includes(s);

export async function runExportAnnotations(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(exportAnnotationsUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const format = required(values, 'format');
  if (!isFormat(format)) throw new UsageError(t('annotate.cli.unknownFormat', { format }), exportAnnotationsUsage());
  const purpose = values.purpose ?? 'clinical';
  if (!isPurpose(purpose)) throw new UsageError(t('annotate.cli.unknownPurpose', { purpose, purposes: CONSENT_SCOPES.join(', ') }), exportAnnotationsUsage());
  const out = path.resolve(required(values, 'out'));
  const photoId = required(values, 'photo').trim();
  // Checked before asking for the password: a wrong path should not cost a sign-in.
  const folder = await fs.stat(path.dirname(out)).catch(() => null);
  if (!folder?.isDirectory()) throw new CliError(t('annotate.cli.noFolder', { file: out }));
  if ((await fs.stat(out).catch(() => null))?.isDirectory()) throw new CliError(t('annotate.cli.isFolder', { file: out }));

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const result = await ws.client.api.annotations.export({ photoId, format, purpose });
    if (!result.ok) {
      const { code, fields } = result.error;
      if (code === 'NOT_FOUND' && fields?.annotations) throw new CliError(t('annotate.cli.noAnnotations'));
      if (code === 'NOT_FOUND' || (code === 'VALIDATION_FAILED' && fields?.photoId)) throw new CliError(t('annotate.cli.noPhoto', { id: photoId }));
      // Any other refusal (permission, restriction, consent) in the app's words for its code.
      throw new CliError(t(`errors.${code}` as MessageId));
    }
    const exported = result.value;
    try {
      await writeFileAtomic(out, exported.bytes, 0o600);
    } catch (error) {
      throw new CliError(t('annotate.cli.cannotWrite', { file: out, code: (error as NodeJS.ErrnoException).code ?? 'ERROR' }));
    } finally {
      exported.bytes.fill(0); // the plaintext leaves memory once it is on disk where the user asked
    }
    process.stdout.write(`${exported.photoId}\t${exported.version}\t${out}\n`);
    return EXIT_OK;
  });
}
