// `import`: brings existing photo files (a legacy folder, a card reader) into a patient's record
// through the same ingest path as a capture. Each file is read into memory and handed to the core,
// which validates, encrypts and records it; nothing is copied anywhere in the clear.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PatientLookup } from '../../shared/channels/patients';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, describeCoreError, EXIT_FAILURE, EXIT_OK, expectOk } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn, type Workstation } from './workstation';

export const importUsage = (): string => t('usage.import');

const spec = {
  usage: importUsage,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    mrn: { type: 'string' },
  },
  required: ['data-dir', 'user', 'mrn'],
  positionals: { name: () => t('args.filesToImport'), min: 1 },
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

/** Recorded as the photo's device: where it came from, without the file name (names can be PHI). */
const IMPORT_DEVICE = 'File import (CLI)';
const IMAGE_EXTENSION = /\.(jpe?g|png)$/i;

type Target = { readonly file: string } | { readonly skip: string; readonly reason: string };

export async function runImport(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(importUsage());
    return EXIT_OK;
  }
  const { values, positionals } = parsed;
  const mrn = required(values, 'mrn').trim();

  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    await requirePatient(ws, mrn);

    const targets = await expand(positionals);
    let imported = 0;
    let skipped = 0;
    const skip = (file: string, reason: string) => {
      skipped += 1;
      process.stderr.write(`${t('import.skipped', { file, reason })}\n`);
    };
    for (const target of targets) {
      if ('skip' in target) {
        skip(target.skip, target.reason);
        continue;
      }
      let bytes: Buffer;
      let fileModifiedAt: string | undefined;
      try {
        // The file's time is the acquisition time of last resort (an image without an EXIF date).
        fileModifiedAt = (await fs.stat(target.file)).mtime.toISOString();
        bytes = await fs.readFile(target.file);
      } catch (error) {
        skip(target.file, readFailure(error));
        continue;
      }
      try {
        const result = await ws.client.api.photos.import({ mrn, bytes, device: IMPORT_DEVICE, fileModifiedAt });
        if (result.ok) {
          imported += 1;
          process.stdout.write(`${result.value.photoId}\t${target.file}\n`);
        } else if (result.error.code === 'INVALID_IMAGE' || result.error.code === 'DUPLICATE_PHOTO') skip(target.file, describeCoreError(result.error));
        else throw new CliError(t('import.failedDuring', { message: describeCoreError(result.error), file: target.file, imported }));
      } finally {
        bytes.fill(0); // the plaintext photo leaves memory as soon as the core has sealed it
      }
    }
    if (skipped > 0) {
      process.stderr.write(`${t('errorLine', { message: t('import.summary', { skipped, total: imported + skipped, imported }) })}\n`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  });
}

/** Refuses an unknown MRN before any file is read. */
async function requirePatient(ws: Workstation, mrn: string): Promise<void> {
  const found = expectOk<PatientLookup | null>(await ws.client.api.patients.findByMrn({ mrn }), { mrn: '--mrn' });
  if (!found) throw new CliError(t('import.noPatient', { mrn }));
}

/** Command-line paths → files to import, in order; folders become their image files, sorted. */
async function expand(paths: readonly string[]): Promise<Target[]> {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    targets.push({ file });
  };
  for (const given of paths) {
    let stat;
    try {
      stat = await fs.stat(given);
    } catch (error) {
      targets.push({ skip: given, reason: readFailure(error) });
      continue;
    }
    if (stat.isFile()) {
      add(given);
    } else if (stat.isDirectory()) {
      let names: string[];
      try {
        names = (await fs.readdir(given)).filter((n) => IMAGE_EXTENSION.test(n)).sort();
      } catch (error) {
        targets.push({ skip: given, reason: readFailure(error) });
        continue;
      }
      const files: string[] = [];
      for (const name of names) {
        const file = path.join(given, name);
        const entry = await fs.stat(file).catch(() => null);
        if (entry?.isFile()) files.push(file);
      }
      if (files.length === 0) targets.push({ skip: given, reason: t('import.emptyFolder') });
      files.forEach(add);
    } else {
      targets.push({ skip: given, reason: t('import.notRegularFile') });
    }
  }
  return targets;
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return t('import.noSuchFile');
    case 'EACCES':
    case 'EPERM':
      return t('import.permissionDenied');
    case 'EISDIR':
      return t('import.isFolder');
    default:
      return t('import.cannotRead', { code: code ?? 'error' });
  }
}
