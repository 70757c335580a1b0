// The patient record for `patient add --from-file`: a JSON object read from a file or from stdin
// after the password line, so names, MRN and birth date never appear in argv (`ps`, shell
// history). It is checked against the same schema as the `patients.register` channel before the
// password is used, and every problem names the record's field.
import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { patientChannels } from '../../shared/channels/patients';
import { CliError, EXIT_USAGE } from './errors';
import { readPassword, type PasswordInput } from './password';

export type PatientRecord = z.infer<typeof patientChannels.register.request>;

/** A patient record is a few hundred bytes; anything far larger is not one. */
export const MAX_RECORD_BYTES = 64 * 1024;

/** JSON text → the register request; CliError (exit 1) naming each bad field. */
export function parsePatientRecord(text: string, source: string): PatientRecord {
  if (text.trim() === '') throw new CliError(`no patient record in ${source}: expected a JSON object`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which is PHI: say where, not what.
    throw new CliError(`the patient record in ${source} is not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError(`the patient record in ${source} must be one JSON object`);
  const parsed = patientChannels.register.request.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const field = issue.path.join('.') || 'record';
    const missing = issue.path.length === 1 && !Object.hasOwn(json, issue.path[0]!);
    return `"${field}" ${missing ? 'is required' : issue.message}`;
  });
  throw new CliError(`the patient record in ${source}: ${problems.join('; ')}`);
}

export async function readRecordFile(file: string): Promise<PatientRecord> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new CliError(`cannot read the patient record file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_RECORD_BYTES) throw new CliError(`the patient record file is larger than ${MAX_RECORD_BYTES} bytes`);
  return parsePatientRecord(await readFile(file, 'utf8'), 'the file');
}

/**
 * `--from-file -`: the password, then the record, both on stdin. From a pipe the first line is the
 * password and the rest is the record; at a terminal the password is typed without echo, then the
 * record is pasted and ended with Ctrl-D.
 */
export async function readPasswordThenRecord(input: PasswordInput = process.stdin as PasswordInput, prompt: NodeJS.WritableStream = process.stderr): Promise<{ password: string; record: PatientRecord }> {
  if (input.isTTY && input.setRawMode) {
    const password = await readPassword('Password: ', { input, prompt });
    prompt.write('Paste the patient record (JSON), then press Ctrl-D:\n');
    return { password, record: parsePatientRecord(await readAll(input), 'stdin') };
  }
  const all = await readAll(input);
  const newline = all.indexOf('\n');
  const password = (newline < 0 ? all : all.slice(0, newline)).replace(/\r$/, '');
  if (password === '') throw new CliError('no password on stdin: pass it as the first line of standard input, the record after it', EXIT_USAGE);
  return { password, record: parsePatientRecord(newline < 0 ? '' : all.slice(newline + 1), 'stdin') };
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
        reject(new CliError(`stdin holds more than ${MAX_RECORD_BYTES} bytes: not a patient record`));
      }
    });
    input.on('error', (e: NodeJS.ErrnoException) => reject(new CliError(`cannot read stdin (${e.code ?? 'error'})`)));
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
