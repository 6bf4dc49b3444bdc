import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/spawn-cli.ts';

interface Ready {
  ready: boolean;
  url: string;
  config: string;
  principals: Record<string, { token: string; roles: string[] }>;
  intacct: { endpoint: string };
  sage300: { baseUrl: string };
  clientConfig: { mcpServers: { sagebridge: { type: string; url: string; headers: Record<string, string> } } };
}

async function stop(child: ChildProcess): Promise<string> {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return `${code}/${signal}`;
}

async function connect(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'serve-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

describe('sagebridge serve --http on the sandbox (what npm start runs)', () => {
  it('prints a ready line a standard client connects with, and approvals work from the CLI beside it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sb-serve-'));
    const { child, firstLine } = await startCli(['serve', '--http', '--port', '0', '--json'], {
      cwd,
      env: { SAGEBRIDGE_CONFIG: '', SAGEBRIDGE_DATA: join(cwd, '.sagebridge') },
    });
    try {
      const ready = JSON.parse(firstLine) as Ready;
      expect(ready.ready).toBe(true);
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      expect(Object.keys(ready.principals).sort()).toEqual(['agent', 'analyst', 'approver', 'approver2', 'auditor']);
      expect(ready.config).toBe(join(cwd, '.sagebridge', 'sagebridge.config.json'));
      expect(ready.intacct.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

      // The printed client configuration is all a client needs.
      const printed = ready.clientConfig.mcpServers.sagebridge;
      expect(printed.url).toBe(ready.url);
      const analyst = await connect(printed.url, printed.headers);
      expect((await analyst.listTools()).tools.map((t) => t.name)).toContain('post_journal_entries');
      await analyst.close();

      const agent = await connect(ready.url, { Authorization: `Bearer ${ready.principals.agent!.token}` });
      const planned = (await agent.callTool({ name: 'post_journal_entries', arguments: { period: '2026-03' } })) as CallToolResult;
      const out = planned.structuredContent as { status: string; change_set_id: number; planned: number };
      expect(out.status).toBe('pending_approval');
      await agent.close();

      const args = ['--config', ready.config];
      const listed = await runCli(['approvals', 'list', '--status', 'planned', ...args]);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(`#${out.change_set_id} gl/SAMINC planned`);

      const byAgent = await runCli(['approvals', 'approve', String(out.change_set_id), ...args], {
        SAGEBRIDGE_TOKEN: ready.principals.agent!.token,
      });
      expect(byAgent.code).toBe(5);
      expect(byAgent.stderr).toMatch(/forbidden/);

      const approved = await runCli(['approvals', 'approve', String(out.change_set_id), '--comment', 'month end', ...args], {
        SAGEBRIDGE_TOKEN: ready.principals.approver!.token,
      });
      expect(approved.stderr).not.toMatch(/"level":(50|60)/);
      // Executed, with the demo's planted unmapped accounts left as exceptions: the same exit 3 as `sync gl`.
      expect(approved.code).toBe(3);
      expect(approved.stdout).toMatch(new RegExp(`Change set #${out.change_set_id} approved by approver and executed`));

      const replay = await runCli(['approvals', 'approve', String(out.change_set_id), ...args], {
        SAGEBRIDGE_TOKEN: ready.principals.approver2!.token,
      });
      expect(replay.code).toBe(5);
      expect(replay.stderr).toMatch(/approval_not_pending/);

      const shown = await runCli(['approvals', 'show', String(out.change_set_id), '--json', ...args]);
      expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'executed', approved_by: 'approver', items_total: out.planned });
    } finally {
      expect(await stop(child)).toBe('0/null');
    }
  });

  it('refuses to start without a transport, with a one-line error and exit 2', async () => {
    const run = await runCli(['serve']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--stdio or --http/);
  });
});
