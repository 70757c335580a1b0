// Command-line parsing on node:util parseArgs, with usage errors that carry the command's help.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  readonly usage: string;
  readonly options: O;
  /** Flags that must be given (long names, without dashes). */
  readonly required: ReadonlyArray<keyof O & string>;
  readonly positionals?: { readonly name: string; readonly min: number };
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
    throw new UsageError(parseErrorMessage(error), spec.usage);
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
    if (values[flag] === undefined || values[flag].trim() === '') throw new UsageError(`missing required option --${flag}`, spec.usage);
  }
  if (spec.positionals && parsed.positionals.length < spec.positionals.min) {
    throw new UsageError(`missing ${spec.positionals.name}`, spec.usage);
  }
  return { values, flags, positionals: parsed.positionals };
}

/** parseArgs messages run on with advice about '--'; the first sentence is the useful part. */
function parseErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split(/\.\s/)[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1).replace(/\.$/, '');
}

/** The value of a flag `parseCommand` already checked as required. */
export function required(values: Record<string, string | undefined>, flag: string): string {
  const value = values[flag];
  if (value === undefined) throw new Error(`--${flag} was not checked as required`);
  return value;
}
