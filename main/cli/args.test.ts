// parseCommand: string options as values, boolean options as flags, usage errors for the rest.
import { describe, expect, it } from 'vitest';
import { parseCommand } from './args';
import { UsageError } from './errors';

const spec = {
  usage: () => 'Usage: x --data-dir DIR [--path-style]',
  options: { 'data-dir': { type: 'string' }, 'path-style': { type: 'boolean' } },
  required: ['data-dir'],
} as const;

describe('parseCommand', () => {
  it('returns boolean options as flags and string options as values', () => {
    expect(parseCommand(['--data-dir', 'd', '--path-style'], spec)).toMatchObject({ values: { 'data-dir': 'd' }, flags: new Set(['path-style']) });
    expect(parseCommand(['--data-dir', 'd'], spec)).toMatchObject({ flags: new Set() });
  });

  it('refuses a value for a flag, an unknown option and a missing required one', () => {
    expect(() => parseCommand(['--data-dir', 'd', '--path-style=yes'], spec)).toThrow(UsageError);
    expect(() => parseCommand(['--data-dir', 'd', '--worm'], spec)).toThrow(UsageError);
    expect(() => parseCommand(['--path-style'], spec)).toThrow(/missing required option --data-dir/);
  });

  it('carries the usage text with the error, from a function (the catalogue) or a plain string', () => {
    const fromString = { ...spec, usage: 'Usage: y --data-dir DIR' };
    expect(() => parseCommand([], fromString)).toThrow(expect.objectContaining({ usage: 'Usage: y --data-dir DIR', exitCode: 2 }));
    expect(() => parseCommand([], spec)).toThrow(expect.objectContaining({ usage: 'Usage: x --data-dir DIR [--path-style]' }));
  });
});
