// The dependency rules of ARCHITECTURE.md §1 and §5, checked by dependency-cruiser
// (`npm run lint:deps`, and tests/architecture.test.ts through the programmatic API).
//
// Every path below is relative to the cruise's base directory, so the same rules run against the real tree
// (base = repo root) and against the miniature tree in tests/fixtures/architecture (base = that folder), which
// proves that each rule can fail.

/** Unit tests and their helpers sit beside the code but may reach across layers to set a scene. */
const TEST_FILE = '\\.test(-support)?\\.ts$';

/** Project modules (as opposed to node: built-ins and npm packages), which the layer rules police. */
const LOCAL = '^(src|tools|audit|tests|bin)/';

/**
 * One rule per layer: production code in `from` may import project modules only under `allowed`.
 * Packages and node built-ins stay allowed (the MCP SDK has its own rule).
 */
function layer(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from, pathNot: TEST_FILE },
    to: { path: LOCAL, pathNot: allowed },
  };
}

const forbidden = [
  layer('domain-is-innermost', '^src/domain/', ['^src/domain/'], 'The domain is the vocabulary: no I/O and no other layer.'),
  layer(
    'platform-stands-alone',
    '^src/platform/',
    ['^src/platform/', '^src/domain/'],
    'Platform (config, logger, store, limiter, http, clock) knows no business layer.',
  ),
  {
    name: 'ports-are-leaves',
    comment: 'core/ports are the contracts adapters implement: they import only the domain (type-only imports count).',
    severity: 'error',
    from: { path: '^src/core/ports/' },
    to: { pathNot: '^src/domain/' },
  },
  layer(
    'core-below-governance',
    '^src/core/',
    ['^src/core/', '^src/domain/', '^src/platform/'],
    'domain <- core <- governance: core never reaches up.',
  ),
  layer(
    'governance-below-tools',
    '^src/governance/',
    ['^src/(governance|core|domain|platform)/'],
    'governance <- tools: the governor never knows a tool.',
  ),
  layer(
    'connectors-use-ports-only',
    '^src/connectors/',
    ['^src/(connectors|domain|platform)/', '^src/core/ports/'],
    'connectors -> {domain, core/ports, platform}: adapters implement ports and never call use cases.',
  ),
  layer(
    'sandbox-never-imports-connectors',
    '^src/sandbox/',
    ['^src/(sandbox|domain|platform)/'],
    'sandbox -> {domain, platform}: an emulator must not share code with the client it is emulating for.',
  ),
  layer(
    'tools-below-server',
    '^tools/',
    ['^tools/', '^src/(governance|core|domain|platform)/'],
    'tools <- server: a tool is a declaration over governance and core.',
  ),
  layer(
    'console-beside-server',
    '^src/console/',
    ['^src/(console|server|governance|core|domain|platform)/', '^tools/', '^audit/'],
    'The web console is a transport beside the MCP server: it calls the governor and reads through governance and server services.',
  ),
  layer(
    'server-is-the-top',
    '^src/server/',
    ['^src/(server|console|tools|governance|core|connectors|sandbox|domain|platform)/', '^tools/', '^audit/'],
    'Only the composition root wires everything together.',
  ),
  layer(
    'cli-is-a-transport',
    '^src/cli/',
    ['^src/', '^tools/', '^audit/'],
    'The CLI is a transport like the server and may use everything in src, tools and audit.',
  ),
  {
    name: 'audit-stands-alone',
    comment: 'audit/* is runnable by an auditor without the server: each part imports itself and audit/schema only, never src/.',
    severity: 'error',
    from: { path: '^audit/([^/]+)/', pathNot: TEST_FILE },
    to: { path: LOCAL, pathNot: ['^audit/schema/', '^audit/$1/'] },
  },
  {
    name: 'only-server-speaks-mcp',
    comment: 'Only src/server imports @modelcontextprotocol/sdk; everything below it is transport-agnostic.',
    severity: 'error',
    from: { path: '^(src|tools|audit)/', pathNot: ['^src/server/', TEST_FILE] },
    to: { path: '(^|/)node_modules/@modelcontextprotocol/sdk/' },
  },
  {
    name: 'no-cycles',
    comment: 'A cycle means two modules are one concept split in two, or a layer reaching up.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'tests-run-the-cli-as-a-process',
    comment: 'Tests drive the CLI through its bin (tests/helpers/spawn-cli.ts), exactly as a user does, never by importing it.',
    severity: 'error',
    from: { path: '^tests/' },
    to: { path: '^src/cli/' },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    // The miniature tree that proves the rules can fail; tests/architecture.test.ts cruises it on its own.
    exclude: { path: '^tests/fixtures/architecture/' },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a port that imports a type from core/state is not a leaf.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.json'],
      conditionNames: ['import', 'node', 'default'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main'],
    },
    reporterOptions: { text: { highlightFocused: false } },
  },
};
