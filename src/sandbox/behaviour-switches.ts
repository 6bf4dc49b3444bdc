/**
 * One switch mechanism for both emulators: a strict zod object of behaviours with defaults, changed by a partial
 * object (from code, a profile file, CLI `--behaviour name=value` flags or the `POST /_emulator/behaviours` admin
 * endpoint). Unknown names and bad values are refused with a message naming the behaviour and what it accepts, so a
 * typo never silently leaves a test in the default position.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Result } from '../domain/result.ts';

type BehaviourSchema = z.ZodObject<z.ZodRawShape>;

const fieldsOf = (schema: BehaviourSchema): Record<string, z.ZodType> => schema.shape as Record<string, z.ZodType>;

/** Merges a partial object into `current`, checking every key against the schema; `who` names the emulator. */
export function mergeBehaviours<S extends BehaviourSchema>(
  schema: S,
  current: z.infer<S>,
  patch: unknown,
  who: string,
): Result<z.infer<S>, string> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return err(`${who} behaviours must be an object of behaviour name to value`);
  const shape = fieldsOf(schema);
  const next: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(patch as Record<string, unknown>)) {
    const field = shape[name];
    if (field === undefined) return err(`unknown ${who} behaviour '${name}'; known behaviours: ${Object.keys(shape).join(', ')}`);
    const parsed = field.safeParse(value);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => i.message).join('; ');
      return err(`${who} behaviour '${name}' cannot be ${JSON.stringify(value)}: ${why}`);
    }
    next[name] = parsed.data;
  }
  return ok(next as z.infer<S>);
}

/** The defaults of a behaviour schema, merged with an optional partial object (throws on a bad one: a bug). */
export function behavioursWith<S extends BehaviourSchema>(schema: S, patch: unknown, who: string): z.infer<S> {
  const merged = mergeBehaviours(schema, schema.parse({}), patch ?? {}, who);
  if (!merged.ok) throw new TypeError(merged.error);
  return merged.value;
}

/**
 * `name=value` flags into a partial object: each value is tried as the text itself, then as JSON (numbers,
 * `true`/`false`), whichever the schema accepts, so `--behaviour postingGapMs=500` and `--behaviour
 * poPatch=allowed` both read naturally.
 */
export function parseBehaviourFlags<S extends BehaviourSchema>(
  schema: S,
  flags: readonly string[],
  who: string,
): Result<Record<string, unknown>, string> {
  const out: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) return err(`--behaviour expects name=value, got "${flag}"`);
    const name = flag.slice(0, eq).trim();
    const text = flag.slice(eq + 1).trim();
    const field = fieldsOf(schema)[name];
    if (field === undefined) return err(`unknown ${who} behaviour '${name}'; known behaviours: ${Object.keys(schema.shape).join(', ')}`);
    let value: unknown = text;
    if (!field.safeParse(text).success) {
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        value = text;
      }
    }
    out[name] = value;
  }
  return ok(out);
}

/** An emulator profile file: behaviours per emulator, JSON or YAML (by extension). */
export interface EmulatorProfile {
  intacct?: Record<string, unknown>;
  sage300?: Record<string, unknown>;
}

const PROFILE_KEYS = ['intacct', 'sage300'] as const;

/** Reads a profile file; the values are checked later by the emulator they belong to. */
export function loadEmulatorProfile(path: string): Result<EmulatorProfile, string> {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = /^\.ya?ml$/i.test(extname(path)) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    return err(`profile ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return err(`profile ${path}: expected an object with "intacct" and/or "sage300" behaviours`);
  const profile: EmulatorProfile = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key))
      return err(`profile ${path}: unknown section '${key}'; known sections: ${PROFILE_KEYS.join(', ')}`);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return err(`profile ${path}: section '${key}' must be an object of behaviour name to value`);
    profile[key as (typeof PROFILE_KEYS)[number]] = value as Record<string, unknown>;
  }
  return ok(profile);
}
