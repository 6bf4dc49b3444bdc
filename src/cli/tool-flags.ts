import { Option } from 'commander';
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
  readonly _zod: {
    readonly def: {
      readonly type: string;
      readonly innerType?: z.ZodType;
      readonly defaultValue?: unknown;
      readonly entries?: Record<string, string>;
    };
  };
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
    if (def.type === 'default' && defaultValue === undefined)
      defaultValue = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
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

/** One commander option per flag: booleans are bare flags, enums list their choices, numbers must look like one. */
export function toolOptions(flags: readonly ToolFlag[]): Option[] {
  return flags.map((f) => {
    const dflt = f.defaultValue === undefined || f.kind === 'boolean' ? '' : ` (default ${JSON.stringify(f.defaultValue)})`;
    const value = f.kind === 'boolean' ? '' : f.kind === 'number' ? ' <N>' : ' <value>';
    const option = new Option(`--${f.flag}${value}`, `${f.description}${dflt}`);
    if (f.choices) option.choices(f.choices);
    else if (f.kind === 'number') option.argParser(numberOf(f.flag));
    return option;
  });
}

function numberOf(flag: string): (value: string) => number {
  return (value) => {
    if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw new UsageError(`--${flag} expects a number, got "${value}"`);
    return Number(value);
  };
}

/** The tool arguments the parsed options name (commander keys them by the camel-cased flag). */
export function argumentsOf(
  flags: readonly ToolFlag[],
  options: readonly Option[],
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  flags.forEach((f, i) => {
    const v = values[options[i]!.attributeName()];
    if (v !== undefined) args[f.field] = v;
  });
  return args;
}

/** A governor's `invalid arguments` message with each field named as its flag (`dry_run:` → `--dry-run:`). */
export function withFlagNames(message: string, flags: readonly ToolFlag[]): string {
  let out = message.replace(/^invalid arguments for [a-z_]+: /, '');
  for (const f of flags) out = out.replace(new RegExp(`(^|; )${f.field}(?=[:.])`, 'g'), `$1--${f.flag}`);
  return out.replace(/(^|; )\(arguments\)/g, '$1(flags)');
}
