import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { argumentsOf, flagsOf, toolOptions } from './tool-flags.ts';

const input = z.object({
  period: z.string().optional().describe('Fiscal period, YYYY-MM'),
  dry_run: z.boolean().default(false).describe('Plan only'),
  direction: z.enum(['both', 'to_intacct']).default('both').describe('Which way'),
  limit: z.number().int().optional().describe('At most this many'),
  ids: z.array(z.number()).optional(),
});

/** Parses argv with the options generated from `input`, as `sagebridge sync x` would, and returns the tool arguments. */
function parse(argv: string[]): Record<string, unknown> {
  const flags = flagsOf(input);
  const options = toolOptions(flags);
  const command = new Command('x').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  for (const option of options) command.addOption(option);
  command.parse(argv, { from: 'user' });
  return argumentsOf(flags, options, command.opts());
}

describe('commander options generated from a tool input schema', () => {
  it('makes one option per scalar field, booleans as bare flags, and maps them back to the field names', () => {
    expect(toolOptions(flagsOf(input)).map((o) => o.flags)).toEqual([
      '--period <value>',
      '--dry-run',
      '--direction <value>',
      '--limit <N>',
    ]);
    expect(parse(['--period', '2026-03', '--dry-run', '--limit', '5'])).toEqual({ period: '2026-03', dry_run: true, limit: 5 });
  });

  it('passes no value for a flag not given, so the schema applies its own default', () => {
    expect(parse([])).toEqual({});
  });

  it('refuses a value outside an enum, naming the flag and the choices', () => {
    expect(() => parse(['--direction', 'sideways'])).toThrow(/--direction.*both, to_intacct/);
  });

  it('refuses a number flag that is not a number, naming the flag', () => {
    expect(() => parse(['--limit', 'ten'])).toThrow('--limit expects a number, got "ten"');
  });
});
