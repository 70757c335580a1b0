// How the CLI fails: one clear line on stderr and an exit code scripts can rely on.
//   0 success, 1 operational failure (wrong password, invalid input, files skipped), 2 usage error.
import type { BridgeError, Result } from '../../shared/result';
import { hasMessage } from '../../shared/i18n/catalog';
import { isEnglish, t, tCatalogue } from './i18n';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure to report as `error: <message>`; never carries PHI the user did not type for this run. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** A malformed command line: reported with the command's usage text, exit 2. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message, EXIT_USAGE);
  }
}

/** `missing users subcommand` / `unknown users subcommand 'x'`, with the command's usage. */
export function subcommandError(command: string, sub: string | undefined, usage: string): UsageError {
  return new UsageError(sub === undefined ? t('missingSubcommand', { command }) : t('unknownSubcommand', { command, sub }), usage);
}

/** "Username or password is incorrect." → "username or password is incorrect" */
export function sentence(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  // Keep acronyms ("MRN is…") as they are.
  if (/^[A-Z][A-Z]/.test(trimmed)) return trimmed;
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/**
 * Turns a core error into one line. Validation problems name the command-line flag that carried
 * the value (`fieldFlags` maps the contract's field path to it), so the user knows what to fix.
 * The core returns codes with English sentences: in English the sentence is shown (it is the most
 * specific, and what scripts and docs quote); in any other language the code's message from the
 * catalogue's `errors` area, the same sentence the app shows.
 */
export function describeCoreError(error: BridgeError, fieldFlags: Readonly<Record<string, string>> = {}): string {
  const fields = Object.entries(error.fields ?? {});
  if (error.code === 'VALIDATION_FAILED' && fields.length > 0) {
    return fields
      .map(([field, problem]) => {
        const flag = fieldFlags[field] ?? field;
        if (!isEnglish()) return t('core.invalidField', { field: flag });
        return /^[a-z]/.test(problem) ? `${flag} ${problem}` : `${flag}: ${sentence(problem)}`;
      })
      .join('; ');
  }
  if (isEnglish()) return sentence(error.message);
  const id = `errors.${error.code}`;
  // A code this CLI's catalogue does not know (a newer core) still says something.
  return hasMessage(id) ? tCatalogue(id) : sentence(error.message);
}

/** The value of an ok result, or a CliError (exit 1) describing the failure. */
export function expectOk<T>(result: Result<unknown>, fieldFlags?: Readonly<Record<string, string>>): T {
  if (result.ok) return result.value as T;
  throw new CliError(describeCoreError(result.error, fieldFlags));
}
