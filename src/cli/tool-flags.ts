import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { UsageError } from './args.ts';

/** One CLI flag generated from a tool's input field. */
export interface ToolFlag {
  /** The tool's argument name (`dry_run`). */
  readonly field: string;
  /** The flag without dashes (`dry-run`). */
  readonly flag: string;
  readonly kind: 'boolean' | 'string' | 'number';
  readonly choices?: readonly string[];
  readonly description: string;
  readonly defaultValue?: unknown;
}

interface ZodInternals {
  readonly _zod: { readonly def: { readonly type: string; readonly innerType?: z.ZodType; readonly defaultValue?: unknown; readonly entries?: Record<string, string> } };
  readonly description?: string;
}

const internals = (schema: unknown): ZodInternals => schema as ZodInternals;

/** The field's base schema under optional/default/nullable wrappers, with the first description and default found. */
function unwrap(schema: z.ZodType): { base: ZodInternals; description: string; defaultValue?: unknown } {
  let current = internals(schema);
  let description = current.description ?? '';
  let defaultValue: unknown;
  for (;;) {
    const def = current._zod.def;
    if (def.type === 'default' && defaultValue === undefined) defaultValue = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    if (!['optional', 'default', 'nullable', 'prefault'].includes(def.type) || !def.innerType) break;
    current = internals(def.innerType);
    description ||= current.description ?? '';
  }
  return { base: current, description, ...(defaultValue === undefined ? {} : { defaultValue }) };
}

/** The flags of a tool, one per input field (`dry_run` → `--dry-run`); fields that are not scalars have none. */
export function flagsOf(input: z.ZodObject): ToolFlag[] {
  return Object.entries(input.shape as Record<string, z.ZodType>).flatMap(([field, schema]): ToolFlag[] => {
    const { base, description, defaultValue } = unwrap(schema);
    const type = base._zod.def.type;
    const flag = field.replaceAll('_', '-');
    const common = { field, flag, description, ...(defaultValue === undefined ? {} : { defaultValue }) };
    if (type === 'boolean') return [{ ...common, kind: 'boolean' }];
    if (type === 'number' || type === 'int') return [{ ...common, kind: 'number' }];
    if (type === 'enum') return [{ ...common, kind: 'string', choices: Object.values(base._zod.def.entries ?? {}) }];
    if (type === 'string') return [{ ...common, kind: 'string' }];
    return [];
  });
}

/** The parseArgs options for a tool's flags plus the transport's own (--yes, --json, --help). */
export function parseArgsOptions(flags: readonly ToolFlag[]): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const f of flags) options[f.flag] = { type: f.kind === 'boolean' ? 'boolean' : 'string' };
  return options;
}

/** The tool arguments the parsed flags name; a number flag that is not a number is a usage error naming it. */
export function argumentsOf(flags: readonly ToolFlag[], values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const f of flags) {
    const v = values[f.flag];
    if (v === undefined) continue;
    if (Array.isArray(v)) throw new UsageError(`--${f.flag} is given more than once`);
    if (f.kind === 'number') {
      if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v.trim())) throw new UsageError(`--${f.flag} expects a number, got "${String(v)}"`);
      args[f.field] = Number(v);
    } else args[f.field] = v;
  }
  return args;
}

/** A governor's `invalid arguments` message with each field named as its flag (`dry_run:` → `--dry-run:`). */
export function withFlagNames(message: string, flags: readonly ToolFlag[]): string {
  let out = message.replace(/^invalid arguments for [a-z_]+: /, '');
  for (const f of flags) out = out.replace(new RegExp(`(^|; )${f.field}(?=[:.])`, 'g'), `$1--${f.flag}`);
  return out.replace(/(^|; )\(arguments\)/g, '$1(flags)');
}

/** Help text for a generated command: usage, what the tool does, and each flag with its choices and default. */
export function toolHelp(command: string, tool: { readonly title: string; readonly description: string }, flags: readonly ToolFlag[]): string {
  const rows = flags.map((f) => {
    const value = f.kind === 'boolean' ? '' : f.choices ? ` ${f.choices.join('|')}` : f.kind === 'number' ? ' N' : ' VALUE';
    const dflt = f.defaultValue === undefined || f.kind === 'boolean' ? '' : ` (default ${JSON.stringify(f.defaultValue)})`;
    return [`  --${f.flag}${value}`, `${f.description}${dflt}`] as [string, string];
  });
  rows.push(['  -y, --yes', 'Confirm the change set as the operator (the approval policy still applies)'], ['  --json', 'Print the structured result as one JSON line'], ['  -h, --help', 'Show this help']);
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  return [
    `Usage: sagebridge ${command} [options]`,
    '',
    `${tool.title}.`,
    tool.description,
    '',
    'Runs as the configured operator (config "operator", a principal with roles) through the same approval policy,',
    'rate limits and audit log as an MCP client. Exit codes: 0 done, 2 bad input or configuration, 3 partial or',
    'cancelled, 4 waiting for an approver, 5 rejected or refused, 6 an upstream system did not answer, 7 rate limited,',
    '1 internal or audit failure.',
    '',
    'Options:',
    ...rows.map(([a, b]) => `${a.padEnd(width)}${b}`),
    '',
  ].join('\n');
}
