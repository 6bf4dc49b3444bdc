import { request as httpRequest } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../../src/server/http-server.ts';
import { errorOf, startTestSandbox, syncedBatches, testApp, testConfig } from '../helpers/mcp-app.ts';
import { BIN } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;
let http: HttpServerHandle;
const ALLOWED_ORIGIN = 'http://localhost:6274';
const token = (name: string): string => sandbox.prepared.tokens[name]!;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir);
  app = testApp(config);
  http = await startHttpServer(app, {
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [ALLOWED_ORIGIN],
    maxBodyBytes: 64 * 1024,
  });
});
afterAll(async () => {
  await http.close();
  await app.close();
  await sandbox.stop();
});

async function httpClient(name: string, options: { elicit?: boolean } = {}): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '1.0.0' }, { capabilities: options.elicit ? { elicitation: {} } : {} });
  if (options.elicit) client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: { confirm: true } }));
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token(name)}` } } }),
  );
  return client;
}

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const post = (headers: Record<string, string>, body: unknown = INIT): Promise<Response> =>
  fetch(http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('Streamable HTTP transport', () => {
  it('serves a standard MCP client with a bearer token, per-role tools and structured results', async () => {
    const agent = await httpClient('agent');
    const tools = (await agent.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('post_journal_entries');
    expect(tools).not.toContain('approve_change_set');
    const status = (await agent.callTool({ name: 'get_sync_status', arguments: {} })) as CallToolResult;
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toHaveProperty('pending_change_sets');
    expect((status.content[0] as { text: string }).text).toMatch(/change sets pending approval/);
    await agent.close();
  });

  it('answers 401 without a token or with a wrong one', async () => {
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const wrong = await post({ authorization: 'Bearer not-a-real-token' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/not valid/);
  });

  it('answers 403 to a foreign Origin or Host, and accepts an allowed Origin', async () => {
    const foreign = await post({ authorization: `Bearer ${token('agent')}`, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const allowed = await post({ authorization: `Bearer ${token('agent')}`, origin: ALLOWED_ORIGIN });
    expect(allowed.status).toBe(200);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(http.url);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { host: 'rebind.example:80', authorization: `Bearer ${token('agent')}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(INIT));
    });
    expect(status).toBe(403);
  });

  it('refuses an oversized body with 413 and malformed JSON with 400', async () => {
    const big = await post({ authorization: `Bearer ${token('agent')}` }, JSON.stringify({ ...INIT, pad: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    const broken = await post({ authorization: `Bearer ${token('agent')}` }, '{"jsonrpc":');
    expect(broken.status).toBe(400);
  });

  it("refuses another principal's token on an open session", async () => {
    const init = await post({ authorization: `Bearer ${token('agent')}` });
    const sessionId = init.headers.get('mcp-session-id');
    expect(sessionId).toBeTruthy();
    const hijack = await post(
      { authorization: `Bearer ${token('approver')}`, 'mcp-session-id': sessionId!, 'mcp-protocol-version': '2025-11-25' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    );
    expect(hijack.status).toBe(403);
  });

  it('carries an elicitation confirmation and the approval flow over HTTP', async () => {
    const analyst = await httpClient('analyst', { elicit: true });
    const before = syncedBatches(sandbox);
    const done = (await analyst.callTool({ name: 'post_journal_entries', arguments: { period: '2026-10' } })) as CallToolResult;
    expect(done.isError).toBeFalsy();
    const out = done.structuredContent as { status: string; written: number };
    expect(out.status).toMatch(/completed|partial/);
    expect(syncedBatches(sandbox)).toBe(before + out.written);
    const malformed = (await analyst.callTool({
      name: 'post_journal_entries',
      arguments: { from: '2026-02-30', to: '2026-03-01' },
    })) as CallToolResult;
    expect(errorOf(malformed)).toMatchObject({ code: 'invalid_arguments' });
    expect(errorOf(malformed).message).toMatch(/from/);
    await analyst.close();
  });
});

describe('stdio transport', () => {
  it('serves the configured stdio principal to a client that spawns sagebridge serve --stdio', async () => {
    const configPath = join(dir, 'stdio.config.json');
    writeFileSync(configPath, JSON.stringify({ ...sandbox.config, logLevel: 'silent', stateDir: join(dir, 'stdio-state') }));
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'serve', '--stdio', '--config', configPath], stderr: 'pipe' }),
    );
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('post_journal_entries');
      expect(tools).not.toContain('query_audit_log');
      const dry = (await client.callTool({
        name: 'post_journal_entries',
        arguments: { period: '2026-11', dry_run: true },
      })) as CallToolResult;
      expect((dry.structuredContent as { status: string; planned: number }).status).toBe('dry_run');
      expect((dry.structuredContent as { planned: number }).planned).toBeGreaterThan(50);
    } finally {
      await client.close();
    }
  });
});
