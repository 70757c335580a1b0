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
import { CliError, EXIT_OK, sentence, UsageError } from './errors';
import { openWorkstation, signIn } from './workstation';

export const EXPORT_USAGE = `Usage: export dicom|fhir --data-dir DIR --user USER --photo ID --out FILE [--purpose P]

Signs in as USER (password: first line of stdin, typed without echo at a terminal)
and writes one photo for delivery by hand:
  dicom   a DICOM VL Photographic Image (Part 10 file); a JPEG as JPEG Baseline, upright
          and without its EXIF/metadata segments, a PNG as uncompressed RGB
  fhir    a FHIR R4 transaction Bundle (JSON): Patient, Encounter, Binary, BodyStructure,
          Media and DocumentReference (posted twice by hand, the Binary is stored twice)
FILE is written atomically and readable only by you; it holds patient data in the
clear, so keep it on encrypted storage and delete it after use. Needs the
photo.export permission; every export is audited. See docs/interop.md.

The export names its purpose, and the patient's consent must allow it
(docs/consent.md); a refusal exits 1 with a message naming the use.

Prints "<photo-id><TAB><FILE>" on success.

Options:
  --data-dir DIR   Workstation data directory
  --user USER      Your username
  --photo ID       The photo's id (as printed by import)
  --out FILE       Where to write the file
  --purpose P      What the copy is for: clinical (default), education,
                   publication, marketing, social, ai-training, third-party
  -h, --help       Show this help
`;

const spec = {
  usage: EXPORT_USAGE,
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
    process.stdout.write(EXPORT_USAGE);
    return EXIT_OK;
  }
  if (!isFormat(format)) throw new UsageError(format === undefined ? 'missing export format (dicom or fhir)' : `unknown export format '${format}'`, EXPORT_USAGE);
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(EXPORT_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const out = path.resolve(required(values, 'out'));
  const photoId = required(values, 'photo').trim();
  const purpose = values.purpose ?? 'clinical';
  if (!isPurpose(purpose)) throw new UsageError(`unknown purpose '${purpose}' (one of ${CONSENT_SCOPES.join(', ')})`, EXPORT_USAGE);
  // Checked before asking for the password: a wrong path should not cost a sign-in.
  const folder = await fs.stat(path.dirname(out)).catch(() => null);
  if (!folder?.isDirectory()) throw new CliError(`cannot write ${out}: its folder does not exist`);
  if ((await fs.stat(out).catch(() => null))?.isDirectory()) throw new CliError(`cannot write ${out}: it is a folder`);

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const result = await ws.client.api.photos.export({ photoId, format, purpose });
    if (!result.ok) {
      const { code, message } = result.error;
      throw new CliError(code === 'NOT_FOUND' || (code === 'VALIDATION_FAILED' && result.error.fields?.photoId) ? `no photo has id ${photoId}` : sentence(message));
    }
    const exported = result.value;
    try {
      await writeFileAtomic(out, exported.bytes, 0o600);
    } catch (error) {
      throw new CliError(`cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
    } finally {
      exported.bytes.fill(0); // the plaintext leaves memory once it is on disk where the user asked
    }
    process.stdout.write(`${exported.photoId}\t${out}\n`);
    return EXIT_OK;
  });
}
