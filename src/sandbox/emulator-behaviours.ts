/**
 * Behaviours of both emulators from the operator's inputs: an optional profile file (JSON or YAML) and repeated
 * `--behaviour` flags, the flags winning. Everything is checked before an emulator starts, so a typo is a usage
 * error naming the behaviour, never a silently ignored setting.
 */
import type { z } from 'zod';
import { err, ok, type Result } from '../domain/result.ts';
import { loadEmulatorProfile, mergeBehaviours, parseBehaviourFlags, type EmulatorProfile } from './behaviour-switches.ts';
import { INTACCT_BEHAVIOURS_SCHEMA, type IntacctBehaviours } from './intacct-emulator/behaviours.ts';
import { SAGE300_BEHAVIOURS_SCHEMA, type Sage300Behaviours } from './sage300-emulator/behaviours.ts';

export interface EmulatorBehaviours {
  intacct: IntacctBehaviours;
  sage300: Sage300Behaviours;
}

type Emulator = keyof EmulatorBehaviours;

const WHO: Record<Emulator, string> = { intacct: 'Intacct emulator', sage300: 'Sage 300 emulator' };

/**
 * `flags` are `name=value` (for `only`, the emulator being started) or `intacct.name=value` / `sage300.name=value`.
 */
export function behavioursFromInputs(input: {
  profilePath?: string;
  flags?: readonly string[];
  only?: Emulator;
}): Result<EmulatorBehaviours, string> {
  const profile: Result<EmulatorProfile, string> = input.profilePath === undefined ? ok({}) : loadEmulatorProfile(input.profilePath);
  if (!profile.ok) return profile;
  const perEmulator: Record<Emulator, string[]> = { intacct: [], sage300: [] };
  for (const flag of input.flags ?? []) {
    const m = /^(intacct|sage300)\.(.+)$/.exec(flag);
    if (m) perEmulator[m[1] as Emulator].push(m[2]!);
    else if (input.only !== undefined) perEmulator[input.only].push(flag);
    else return err(`--behaviour "${flag}" must name its emulator: intacct.NAME=VALUE or sage300.NAME=VALUE`);
  }
  const intacct = settle(INTACCT_BEHAVIOURS_SCHEMA, profile.value.intacct, perEmulator.intacct, WHO.intacct);
  if (!intacct.ok) return intacct;
  const sage300 = settle(SAGE300_BEHAVIOURS_SCHEMA, profile.value.sage300, perEmulator.sage300, WHO.sage300);
  if (!sage300.ok) return sage300;
  return ok({ intacct: intacct.value, sage300: sage300.value });
}

function settle<S extends typeof INTACCT_BEHAVIOURS_SCHEMA | typeof SAGE300_BEHAVIOURS_SCHEMA>(
  schema: S,
  fromProfile: Record<string, unknown> | undefined,
  flags: readonly string[],
  who: string,
): Result<z.infer<S>, string> {
  const base = mergeBehaviours(schema, schema.parse({}) as z.infer<S>, fromProfile ?? {}, who);
  if (!base.ok) return base;
  const parsed = parseBehaviourFlags(schema, flags, who);
  if (!parsed.ok) return parsed;
  return mergeBehaviours(schema, base.value, parsed.value, who);
}
