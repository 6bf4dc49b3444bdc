import type { z } from 'zod';
import { ConfigError, type Config } from './config.ts';

/** What the check needs of a registered tool: its name and its input schema. */
interface ToolRef {
  readonly name: string;
  readonly input: z.ZodType;
}

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
 * not in the tool registry, as one problem each naming the path and the closest valid name, and every schedule's
 * `arguments` that its tool's input schema refuses. The schema cannot know the tools (the platform layer does not),
 * so whoever holds the registry calls this after parsing.
 */
function toolReferenceProblems(config: Config, tools: readonly ToolRef[]): string[] {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const names = tools.map((t) => t.name);
  const problems: string[] = [];
  const check = (path: string, name: string): ToolRef | undefined => {
    const tool = byName.get(name);
    if (tool) return tool;
    const hint = closest(name, names);
    problems.push(`${path}: "${name}" is not a tool${hint === undefined ? '' : `; did you mean "${hint}"?`}`);
    return undefined;
  };
  for (const name of Object.keys(config.approvals.tools)) check(`approvals.tools.${name}`, name);
  for (const name of Object.keys(config.rateLimits.tools)) check(`rateLimits.tools.${name}`, name);
  for (const [i, s] of config.schedules.entries()) {
    const tool = check(`schedules[${i}].tool`, s.tool);
    const parsed = tool?.input.safeParse(s.arguments);
    if (parsed && !parsed.success)
      for (const issue of parsed.error.issues.slice(0, 10))
        problems.push(`schedules[${i}].arguments${issue.path.map((k) => `.${String(k)}`).join('')}: ${issue.message}`);
  }
  return problems;
}

/** Throws a ConfigError listing every unknown tool name (and bad schedule arguments) in the configuration. */
export function checkToolReferences(config: Config, tools: readonly ToolRef[], source = 'config'): void {
  const problems = toolReferenceProblems(config, tools);
  if (problems.length > 0) throw new ConfigError(source, problems);
}
