import { ConfigError, type Config } from './config.ts';

/** Edit distance between two names (insertions, deletions, substitutions), for "did you mean" hints. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The valid name nearest to `name`. */
function closest(name: string, valid: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const v of valid) {
    const d = distance(name.toLowerCase(), v.toLowerCase());
    if (!best || d < best.d) best = { name: v, d };
  }
  return best?.name;
}

/**
 * Every tool name the configuration refers to (`approvals.tools`, `rateLimits.tools`, `schedules[].tool`) that is
 * not in the tool registry, as one problem each naming the path and the closest valid name. The schema cannot know
 * the tools (the platform layer does not), so whoever holds the registry calls this after parsing.
 */
export function toolReferenceProblems(config: Config, toolNames: readonly string[]): string[] {
  const known = new Set(toolNames);
  const problems: string[] = [];
  const check = (path: string, name: string): void => {
    if (known.has(name)) return;
    const hint = closest(name, toolNames);
    problems.push(`${path}: "${name}" is not a tool${hint === undefined ? '' : `; did you mean "${hint}"?`}`);
  };
  for (const name of Object.keys(config.approvals.tools)) check(`approvals.tools.${name}`, name);
  for (const name of Object.keys(config.rateLimits.tools)) check(`rateLimits.tools.${name}`, name);
  for (const [i, s] of config.schedules.entries()) check(`schedules[${i}].tool`, s.tool);
  return problems;
}

/** Throws a ConfigError listing every unknown tool name in the configuration. */
export function checkToolReferences(config: Config, toolNames: readonly string[], source = 'config'): void {
  const problems = toolReferenceProblems(config, toolNames);
  if (problems.length > 0) throw new ConfigError(source, problems);
}
