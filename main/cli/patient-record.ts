// The patient record for `patient add --from-file`: a JSON object read from a file or from stdin
// after the password line, so names, MRN and birth date never appear in argv (`ps`, shell
// history). It is checked against the same schema as the `patients.register` channel before the
// password is used, and every problem names the record's field.
import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { patientChannels } from '../../shared/channels/patients';
import { CliError, EXIT_USAGE } from './errors';
import { isEnglish, t } from './i18n';
import { readPassword, type PasswordInput } from './password';

export type PatientRecord = z.infer<typeof patientChannels.register.request>;

/** A patient record is a few hundred bytes; anything far larger is not one. */
export const MAX_RECORD_BYTES = 64 * 1024;

/** JSON text → the register request; CliError (exit 1) naming each bad field. */
export function parsePatientRecord(text: string, source: string): PatientRecord {
  if (text.trim() === '') throw new CliError(t('record.empty', { source }));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which is PHI: say where, not what.
    throw new CliError(t('record.notJson', { source }));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError(t('record.notObject', { source }));
  const parsed = patientChannels.register.request.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return t('record.unknownFields', { count: issue.keys.length, fields: issue.keys.map((k) => `"${k}"`).join(', ') });
    const field = issue.path.join('.') || 'record';
    const missing = issue.path.length === 1 && !Object.hasOwn(json, issue.path[0]!);
    // zod's own wording is English; other languages name the field and say it is not valid.
    if (missing) return t('record.fieldRequired', { field });
    return isEnglish() ? t('record.fieldInvalid', { field, problem: issue.message }) : t('core.invalidField', { field: `"${field}"` });
  });
  throw new CliError(t('record.problems', { source, problems: problems.join('; ') }));
}

export async function readRecordFile(file: string): Promise<PatientRecord> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new CliError(t('record.cannotReadFile', { code: (error as NodeJS.ErrnoException).code ?? 'error' }));
  }
  if (size > MAX_RECORD_BYTES) throw new CliError(t('record.fileTooLarge', { max: MAX_RECORD_BYTES }));
  return parsePatientRecord(await readFile(file, 'utf8'), t('record.sourceFile'));
}

/**
 * `--from-file -`: the password, then the record, both on stdin. From a pipe the first line is the
 * password and the rest is the record; at a terminal the password is typed without echo, then the
 * record is pasted and ended with Ctrl-D.
 */
export async function readPasswordThenRecord(input: PasswordInput = process.stdin as PasswordInput, prompt: NodeJS.WritableStream = process.stderr): Promise<{ password: string; record: PatientRecord }> {
  if (input.isTTY && input.setRawMode) {
    const password = await readPassword(t('prompt.password'), { input, prompt });
    prompt.write(`${t('prompt.pasteRecord')}\n`);
    return { password, record: parsePatientRecord(await readAll(input), t('record.sourceStdin')) };
  }
  const all = await readAll(input);
  const newline = all.indexOf('\n');
  const password = (newline < 0 ? all : all.slice(0, newline)).replace(/\r$/, '');
  if (password === '') throw new CliError(t('record.noPasswordBeforeRecord'), EXIT_USAGE);
  return { password, record: parsePatientRecord(newline < 0 ? '' : all.slice(newline + 1), t('record.sourceStdin')) };
}

function readAll(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const wipe = () => {
      for (const c of chunks) c.fill(0);
    };
    input.on('data', (c: Buffer | string) => {
      const buf = typeof c === 'string' ? Buffer.from(c) : c;
      chunks.push(buf);
      length += buf.length;
      if (length > MAX_RECORD_BYTES + 1024) {
        wipe();
        (input as { destroy?: () => void }).destroy?.();
        reject(new CliError(t('record.stdinTooLarge', { max: MAX_RECORD_BYTES })));
      }
    });
    input.on('error', (e: NodeJS.ErrnoException) => reject(new CliError(t('stdin.cannotRead', { code: e.code ?? 'error' }))));
    input.on('end', () => {
      const all = Buffer.concat(chunks, length);
      const text = all.toString('utf8');
      all.fill(0);
      wipe();
      resolve(text);
    });
    input.resume();
  });
}
