import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { sha256Hex } from '../../src/sandbox/sandbox-data.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.ts';
import { createApp, type App } from '../../src/server/app.ts';
import { buildMcpServer } from '../../src/server/mcp-server.ts';

/** Extra principals the governance tests need beyond the sandbox's demo five. */
const EXTRA_PRINCIPALS = { dual: ['agent', 'approver'], scheduler: ['agent'], admin: ['admin'] } as const;
const extraToken = (name: string): string => `test_${name}_token_0123456789`;

/** A sandbox (both emulators + demo companies, with emulator behaviours if given) shared by a test file, in a new folder under `base`. */
export async function startTestSandbox(
  behaviours?: SandboxOptions['behaviours'],
  base: string = tmpdir(),
): Promise<{ sandbox: Sandbox; dir: string }> {
  const dir = mkdtempSync(join(base, 'sb-mcp-'));
  const sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR, ...(behaviours ? { behaviours } : {}) });
  return { sandbox, dir };
}

/**
 * The sandbox config with a fresh state dir, the extra principals, and overrides. The pipeline suites confirm in-band
 * through a form (`approvals.confirmation: 'form'`) unless the overrides say otherwise; the default (`url`, the console)
 * is tested by tests/e2e/mcp-human-gate.test.ts.
 */
export function testConfig(sandbox: Sandbox, dir: string, overrides: Record<string, unknown> = {}): Config {
  const base = sandbox.config as { principals: unknown[]; approvals: Record<string, unknown> };
  const stateDir = mkdtempSync(join(dir, 'state-'));
  const approvals = { confirmation: 'form', ...((overrides.approvals as Record<string, unknown> | undefined) ?? base.approvals) };
  return parseConfig(
    {
      ...sandbox.config,
      logLevel: 'silent',
      stateDir,
      principals: [
        ...base.principals,
        ...Object.entries(EXTRA_PRINCIPALS).map(([name, roles]) => ({ name, roles, tokenSha256: sha256Hex(extraToken(name)) })),
      ],
      ...overrides,
      approvals,
    },
    'test',
    {},
  );
}

/** The app over a config (silent log). */
export const testApp = (config: Config): App => createApp(config, { log: silentLogger() });

/** What a test client does when the server asks the user to confirm. */
export type ElicitAnswer = (message: string) => ElicitResult;

/** An SDK Client connected in memory as `principal`; with `elicit` it declares the elicitation capability. */
export async function connect(app: App, principal: string, elicit?: ElicitAnswer): Promise<Client> {
  const p = app.principals.byName(principal);
  if (!p) throw new Error(`no principal ${principal}`);
  const server = buildMcpServer(app, p, 'memory');
  const client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities: elicit ? { elicitation: {} } : {} });
  if (elicit) client.setRequestHandler(ElicitRequestSchema, (req) => elicit(req.params.message));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([client.connect(a), server.connect(b)]);
  return client;
}

/** Calls a tool and returns the raw result. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The structured content of a successful call (fails the test with the error text otherwise). */
export async function ok(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await call(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Record<string, unknown>;
}

/** The error code and message of a failed call. */
export function errorOf(result: CallToolResult): { code: string; message: string; retryAfterSeconds?: number } {
  const meta = result._meta?.['sagebridge/error'] as { code: string; message: string; retryAfterSeconds?: number } | undefined;
  if (!result.isError || !meta) throw new Error(`expected an error result, got ${JSON.stringify(result).slice(0, 300)}`);
  return meta;
}

/** GLBATCH records in the Intacct emulator created by the sync (reference prefix S300:). */
export function syncedBatches(sandbox: Sandbox): number {
  return (
    sandbox.intacct.db
      .prepare("SELECT COUNT(*) n FROM records WHERE object = 'GLBATCH' AND json_extract(data, '$.REFERENCENO') LIKE 'S300:%'")
      .get() as { n: number }
  ).n;
}

/** A copy of the demo mapping set under `dir` with one file (`rate-types.csv`, …) replaced by `content`. */
export function demoMappingsWith(dir: string, file: string, content: string): string {
  const out = mkdtempSync(join(dir, 'maps-'));
  cpSync(DEMO_MAPPINGS_DIR, out, { recursive: true });
  writeFileSync(join(out, file), content);
  return out;
}

/**
 * The agent calls a write tool and the approver approves its exact digest (the one door for a write). Returns what
 * the approval returned (checked to be `executed`), or the agent's answer when nothing waits for approval.
 */
export async function agentThenApprover(
  agent: Client,
  approver: () => Promise<Client>,
  tool: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const planned = await ok(agent, tool, args);
  if (planned.status !== 'pending_approval') return planned;
  const approved = await ok(await approver(), 'approve_change_set', { change_set_id: planned.change_set_id, digest: planned.digest });
  if (approved.status !== 'executed') throw new Error(`${tool}: the approval ended ${String(approved.status)}, not executed`);
  return approved;
}
