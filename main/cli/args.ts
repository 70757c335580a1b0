// Command-line parsing on node:util parseArgs, with usage errors that carry the command's help.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';
import { t } from './i18n';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /**
   * The command's help: a function of this run's language (the catalogue's usage text), or a plain
   * string for a command whose help is not in the catalogue yet.
   */
  readonly usage: string | (() => string);
  readonly options: O;
  /** Flags that must be given (long names, without dashes). */
  readonly required: ReadonlyArray<keyof O & string>;
  readonly positionals?: { readonly name: string | (() => string); readonly min: number };
}

export type Parsed =
  | {
      readonly values: Record<string, string | undefined>;
      /** The boolean options given (`--path-style`, `--clear`), by long name. */
      readonly flags: ReadonlySet<string>;
      readonly positionals: string[];
    }
  | 'help';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

const text = (value: string | (() => string)): string => (typeof value === 'function' ? value() : value);

/** Parses one command's arguments; 'help' when --help was asked for, UsageError when malformed. */
export function parseCommand<O extends Options>(args: readonly string[], spec: CommandSpec<O>): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...spec.options, ...HELP },
      allowPositionals: spec.positionals !== undefined,
      strict: true,
    });
  } catch (error) {
    if (args.includes('--help') || args.includes('-h')) return 'help';
    throw new UsageError(parseErrorMessage(error), text(spec.usage));
  }
  const raw = parsed.values as Record<string, string | boolean | undefined>;
  if (raw.help === true) return 'help';
  const values: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') values[key] = value;
    else if (value === true) flags.add(key);
  }
  for (const flag of spec.required) {
    if (values[flag] === undefined || values[flag].trim() === '') throw new UsageError(t('args.missingOption', { flag }), text(spec.usage));
  }
  if (spec.positionals && parsed.positionals.length < spec.positionals.min) {
    throw new UsageError(t('args.missingPositional', { what: text(spec.positionals.name) }), text(spec.usage));
  }
  return { values, flags, positionals: parsed.positionals };
}

/**
 * node:util parseArgs says what is wrong in English, with a code; the message comes from the
 * catalogue by that code, naming the option or argument it quotes.
 */
function parseErrorMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']*)'/.exec(message ?? '')?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return t('args.unknownOption', { option: quoted });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // "Option '--data-dir <value>' argument missing": the option without its placeholder.
      if (/does not take an argument/.test(message ?? '')) return t('args.noValueAllowed', { option: quoted });
      if (/ambiguous/.test(message ?? '')) return t('args.ambiguousValue', { option: quoted, example: `${quoted}=-XYZ` });
      return t('args.missingValue', { option: quoted.split(' ')[0] ?? quoted });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return t('args.unexpectedArgument', { argument: quoted });
    default:
      return t('args.invalid');
  }
}

/** The value of a flag `parseCommand` already checked as required. */
export function required(values: Record<string, string | undefined>, flag: string): string {
  const value = values[flag];
  if (value === undefined) throw new Error(`--${flag} was not checked as required`);
  return value;
}
