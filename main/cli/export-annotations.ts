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
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, sentence, UsageError } from './errors';
import { openWorkstation, signIn } from './workstation';

export const EXPORT_ANNOTATIONS_USAGE = `Usage: export annotations --data-dir DIR --user USER --photo ID --format csps|web-annotation --out FILE [--purpose P]

Signs in as USER (password: first line of stdin, typed without echo at a terminal)
and writes the photo's current annotation version:
  csps            a DICOM Color Softcopy Presentation State (Part 10) referencing the
                  photo's DICOM instance: shapes, labels, measurements, and the
                  calibration as Presentation Pixel Spacing
  web-annotation  W3C Web Annotation JSON-LD, shapes as SVG selectors in the photo's
                  upright pixel space
FILE is written atomically and readable only by you; it holds patient data in the
clear. Needs the photo.export permission and the patient's consent for the purpose
(docs/consent.md); every export is audited. A photo without annotations exits 1.

Prints "<photo-id><TAB><version><TAB><FILE>" on success.

Options:
  --data-dir DIR   Workstation data directory
  --user USER      Your username
  --photo ID       The photo's id
  --format F       csps or web-annotation
  --out FILE       Where to write the file
  --purpose P      What the copy is for: clinical (default), education,
                   publication, marketing, social, ai-training, third-party
  -h, --help       Show this help
`;

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
    process.stdout.write(EXPORT_ANNOTATIONS_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const format = required(values, 'format');
  if (!isFormat(format)) throw new UsageError(`unknown annotation format '${format}' (csps or web-annotation)`, EXPORT_ANNOTATIONS_USAGE);
  const purpose = values.purpose ?? 'clinical';
  if (!isPurpose(purpose)) throw new UsageError(`unknown purpose '${purpose}' (one of ${CONSENT_SCOPES.join(', ')})`, EXPORT_ANNOTATIONS_USAGE);
  const out = path.resolve(required(values, 'out'));
  const photoId = required(values, 'photo').trim();
  // Checked before asking for the password: a wrong path should not cost a sign-in.
  const folder = await fs.stat(path.dirname(out)).catch(() => null);
  if (!folder?.isDirectory()) throw new CliError(`cannot write ${out}: its folder does not exist`);
  if ((await fs.stat(out).catch(() => null))?.isDirectory()) throw new CliError(`cannot write ${out}: it is a folder`);

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const result = await ws.client.api.annotations.export({ photoId, format, purpose });
    if (!result.ok) {
      const { code, message } = result.error;
      if (code === 'VALIDATION_FAILED' && result.error.fields?.photoId) throw new CliError(`no photo has id ${photoId}`);
      throw new CliError(sentence(message));
    }
    const exported = result.value;
    try {
      await writeFileAtomic(out, exported.bytes, 0o600);
    } catch (error) {
      throw new CliError(`cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
    } finally {
      exported.bytes.fill(0); // the plaintext leaves memory once it is on disk where the user asked
    }
    process.stdout.write(`${exported.photoId}\t${exported.version}\t${out}\n`);
    return EXIT_OK;
  });
}
