import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { beforeAll, describe, expect, it } from 'vitest';

// The rules live in .dependency-cruiser.cjs (also run by `npm run lint:deps`); this test runs that same file through
// dependency-cruiser's API, against the real tree and against a miniature tree built to break every rule once.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const FIXTURE = join(ROOT, 'tests/fixtures/architecture');
/** What `npm run lint:deps` cruises; the fixture has the same four folders. */
const SCOPE = ['src', 'tools', 'audit', 'tests'];

async function cruiseTree(baseDir: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  const reported = await cruise(SCOPE, { ...options, baseDir });
  if (typeof reported.output === 'string') throw new Error('dependency-cruiser returned a report instead of a result');
  return reported.output;
}

/** An npm module path (however deep in node_modules, relative to the base) as `npm:<package>`. */
function shortName(path: string): string {
  return path.replace(/^(?:\.\.\/)*node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*$/, 'npm:$1');
}

/** One line a person can act on: which rule, which import, and the whole loop for a cycle. */
function describeViolation(v: IViolation): string {
  const cycle = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' -> ')})` : '';
  return `${v.rule.name}: ${v.from} -> ${shortName(v.to)}${cycle}`;
}

async function ruleNames(): Promise<string[]> {
  const options = await extractDepcruiseOptions(CONFIG);
  return (options.ruleSet?.forbidden ?? []).map((r) => r.name ?? '(unnamed rule)');
}

describe('dependency rules (ARCHITECTURE.md §1 and §5) on the real tree', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseTree(ROOT);
  });

  it('cruises production code, tools, audit and tests, but not the rule-breaking fixture', () => {
    const sources = new Set(result.modules.map((m) => m.source));
    for (const expected of [
      'src/core/ports/gl-ports.ts',
      'src/server/app.ts',
      'tools/index.ts',
      'audit/verify/main.ts',
      'tests/helpers/spawn-cli.ts',
    ]) {
      expect(sources, expected).toContain(expected);
    }
    expect([...sources].filter((s) => s.startsWith('tests/fixtures/architecture/'))).toEqual([]);
  });

  it('resolves every project import (an unresolved one would escape every rule)', () => {
    const unresolved = result.modules.flatMap((m) =>
      m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('.')).map((d) => `${m.source} -> ${d.module}`),
    );
    expect(unresolved).toEqual([]);
  });

  it('finds no violation: layers point inward, ports are leaves, no cycles, tests never import the CLI', () => {
    const lines = result.summary.violations.map(describeViolation).sort();
    expect(lines, `dependency violations:\n${lines.join('\n')}`).toEqual([]);
  });
});

describe('dependency rules on a tree that breaks each of them', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseTree(FIXTURE);
  });

  it('reports exactly the imports the fixture breaks the rules with, and none of its allowed ones', () => {
    expect(result.summary.violations.map(describeViolation).sort()).toEqual(
      [
        'audit-stands-alone: audit/export/reaches-verify.ts -> audit/verify/verify.ts',
        'audit-stands-alone: audit/verify/reaches-src.ts -> src/domain/value.ts',
        'cli-is-a-transport: src/cli/reaches-tests.ts -> tests/helper.ts',
        'connectors-use-ports-only: src/connectors/reaches-core.ts -> src/core/state/state.ts',
        'console-beside-server: src/console/reaches-connectors.ts -> src/connectors/adapter.ts',
        'core-below-governance: src/core/reaches-governance.ts -> src/governance/gate.ts',
        'domain-is-innermost: src/domain/reaches-platform.ts -> src/platform/clock.ts',
        'governance-below-tools: src/governance/reaches-tools.ts -> tools/tool.ts',
        'no-cycles: src/core/cycle-a.ts -> src/core/cycle-b.ts (cycle: src/core/cycle-a.ts -> src/core/cycle-b.ts -> src/core/cycle-a.ts)',
        'only-server-speaks-mcp: src/governance/speaks-mcp.ts -> npm:@modelcontextprotocol/sdk',
        'platform-stands-alone: src/platform/reaches-core.ts -> src/core/state/state.ts',
        // A type-only import: a port that imports a type from core/state is not a leaf either.
        'ports-are-leaves: src/core/ports/port.ts -> src/core/state/state.ts',
        'sandbox-never-imports-connectors: src/sandbox/reaches-connectors.ts -> src/connectors/adapter.ts',
        'server-is-the-top: src/server/reaches-cli.ts -> src/cli/main.ts',
        'tests-run-the-cli-as-a-process: tests/drives-cli.ts -> src/cli/main.ts',
        'tools-below-server: tools/reaches-server.ts -> src/server/app.ts',
      ].sort(),
    );
  });

  it('proves every rule in the config can fail', async () => {
    const broken = [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
    expect(broken).toEqual((await ruleNames()).sort());
  });
});
