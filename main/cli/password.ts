// The password comes from stdin and nowhere else: never argv (visible in `ps`), never the
// environment (inherited by children, dumped by crash reporters). At a terminal it is typed
// without echo; from a pipe it is the first line.
import { CliError, EXIT_USAGE } from './errors';
import { t } from './i18n';

/** What this module needs of stdin; `process.stdin` in the CLI, a fake in tests. */
export interface PasswordInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface PromptOptions {
  readonly input?: PasswordInput;
  /** Where prompts go at a terminal; stderr so stdout stays clean for scripts. */
  readonly prompt?: NodeJS.WritableStream;
}

/** Thrown when the user presses Ctrl-C at the prompt. */
export class PromptCancelled extends CliError {
  constructor() {
    super(t('password.cancelled'), 130);
  }
}

/** Reads one password: prompted without echo at a terminal, else the first line of stdin. */
export async function readPassword(label: string, options: PromptOptions = {}): Promise<string> {
  const input = options.input ?? (process.stdin as PasswordInput);
  const out = options.prompt ?? process.stderr;
  const password = input.isTTY && input.setRawMode ? await readHidden(input, out, label) : await readFirstLine(input);
  if (password === null || password === '') {
    throw new CliError(input.isTTY ? t('password.noneEntered') : t('password.noneOnStdin'), EXIT_USAGE);
  }
  return password;
}

/**
 * For setting a new password: asked twice and compared at a terminal; from a pipe the first
 * line is taken as it is (a script already knows what it sent).
 */
export async function readNewPassword(label: string, options: PromptOptions = {}): Promise<string> {
  const input = options.input ?? (process.stdin as PasswordInput);
  const first = await readPassword(label, options);
  if (!(input.isTTY && input.setRawMode)) return first;
  const second = await readPassword(t('prompt.repeatPassword'), options);
  if (first !== second) throw new CliError(t('password.mismatch'));
  return first;
}

/** The first line of a non-terminal stream, without its line ending; null on empty input. */
export function readFirstLine(input: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (line: Buffer | null) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onError);
      input.pause();
      // Stop reading: a password is one line, and an open stdin would keep the process alive.
      (input as { destroy?: () => void }).destroy?.();
      const text = line === null ? null : line.toString('utf8').replace(/\r$/, '');
      for (const c of chunks) c.fill(0);
      resolve(text);
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      chunks.push(buf);
      length += buf.length;
      const all = Buffer.concat(chunks, length);
      const newline = all.indexOf(0x0a);
      if (newline >= 0) {
        const line = Buffer.from(all.subarray(0, newline));
        all.fill(0);
        finish(line);
      } else {
        all.fill(0);
      }
    };
    const onEnd = () => finish(length > 0 ? Buffer.concat(chunks, length) : null);
    const onError = (error: Error) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      reject(new CliError(t('password.cannotRead', { code: (error as NodeJS.ErrnoException).code ?? 'error' })));
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}

/** Reads a line at a terminal in raw mode: nothing is echoed; backspace and Ctrl-U edit. */
function readHidden(input: PasswordInput, out: NodeJS.WritableStream, label: string): Promise<string | null> {
  out.write(label);
  input.setRawMode!(true);
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const done = (fn: () => void) => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      out.write('\n');
      fn();
    };
    const onData = (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (text.startsWith('\u001b')) return; // arrow keys and other escape sequences
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed.join('')));
        if (ch === '\u0003') return done(() => reject(new PromptCancelled()));
        if (ch === '\u0004') {
          if (typed.length === 0) return done(() => resolve(null));
          continue;
        }
        if (ch === '\u007f' || ch === '\b') typed.pop();
        else if (ch === '\u0015') typed = [];
        else if (ch >= ' ') typed.push(ch);
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** Secrets from stdin: prompted one by one at a terminal; successive lines from a pipe. */
export class StdinSecrets {
  private lines: string[] | null = null;
  constructor(private readonly input: PasswordInput = process.stdin as PasswordInput) {}

  get isTerminal(): boolean {
    return Boolean(this.input.isTTY && this.input.setRawMode);
  }

  async next(label: string, what: string, isNew = false): Promise<string> {
    if (this.isTerminal) return isNew ? readNewPassword(label, { input: this.input }) : readPassword(label, { input: this.input });
    this.lines ??= await readAllLines(this.input);
    const line = this.lines.shift();
    if (line === undefined || line === '') throw new CliError(t('stdin.missingSecret', { what }), EXIT_USAGE);
    return line;
  }
}

function readAllLines(input: NodeJS.ReadableStream): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    input.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    input.on('error', (e: NodeJS.ErrnoException) => reject(new CliError(t('stdin.cannotRead', { code: e.code ?? 'error' }))));
    input.on('end', () => {
      const all = Buffer.concat(chunks);
      const lines = all.toString('utf8').split('\n').map((l) => l.replace(/\r$/, ''));
      all.fill(0);
      for (const c of chunks) c.fill(0);
      resolve(lines);
    });
    input.resume();
  });
}
