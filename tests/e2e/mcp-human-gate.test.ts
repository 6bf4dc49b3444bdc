import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/governance/principals.ts';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../../src/server/http-server.ts';
import { autoAcceptingClient } from '../helpers/auto-accepting-client.ts';
import { connect, errorOf, ok, startTestSandbox, syncedBatches, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;
let http: HttpServerHandle;
let receiver: Server;
let base: string;
/** What the loopback "Slack" received: each request's path and JSON body. */
const hooks: { path: string; body: Record<string, unknown> }[] = [];
const HOOK_PATH = '/services/T000/B000/hook-secret-abc';

const token = (name: string): string => sandbox.prepared.tokens[name]!;
const principal = (name: string): Principal => app.principals.byName(name)!;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${HOOK_PATH}`;
  config = testConfig(sandbox, dir, {
    approvals: {
      expiresAfterMinutes: 60,
      defaults: { agent: 'required', analyst: 'confirm' },
      tools: {},
      // The helper confirms through forms for the pipeline suites; this file runs the default.
      confirmation: undefined,
      // A webhook that refuses every connection: its failures are logged and change no call's outcome.
      notify: [
        { url: 'http://127.0.0.1:9/refused', name: 'dead' },
        { url: hookUrl, name: 'approvers' },
      ],
    },
  });
  app = testApp(config);
  http = await startHttpServer(app, { host: '127.0.0.1', port: 0, allowedHosts: [], allowedOrigins: [], maxBodyBytes: 1_000_000 });
  base = http.url.replace(/\/mcp$/, '');
});
afterAll(async () => {
  await http.close();
  await app.close();
  await sandbox.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const autoAccepting = (name: string) => autoAcceptingClient(http.url, token(name));

const structured = (r: CallToolResult): Record<string, unknown> => {
  if (r.isError) throw new Error(`call failed: ${JSON.stringify(r.content)}`);
  return r.structuredContent as Record<string, unknown>;
};
const textOf = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const consoleCall = (who: string, args: Record<string, unknown>, via = 'console') =>
  app.governor.call(principal(who), 'confirm_change_set', args, { via });

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('the confirm policy is a human gate in the console', () => {
  it('runs the url default', () => {
    expect(config.approvals.confirmation).toBe('url');
  });

  it('keeps a confirm change set pending whatever an auto-accepting client answers; the requester confirms it once in the console', async () => {
    const { client, asked, completed } = await autoAccepting('analyst');
    const before = syncedBatches(sandbox);
    const first = (await client.callTool({ name: 'post_journal_entries', arguments: { period: '2026-03' } })) as CallToolResult;
    const out = structured(first);
    const id = out.change_set_id as number;
    const page = `${base}/console/change-sets/${id}`;
    expect(out.status).toBe('pending_approval');
    expect(out.console_url).toBe(page);
    expect(String(out.message)).toMatch(/awaiting requester confirmation in the console/);
    expect(textOf(first)).toContain(page);
    // The client was asked to open the page (URL mode only: its form answers are not asked for) and said yes.
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ mode: 'url', url: page });
    expect(syncedBatches(sandbox)).toBe(before);

    // Asking again changes nothing: the same change set, still pending, nothing in Intacct.
    const again = structured((await client.callTool({ name: 'post_journal_entries', arguments: { period: '2026-03' } })) as CallToolResult);
    expect(again).toMatchObject({ status: 'pending_approval', change_set_id: id });
    expect(app.store.changeSets.get(id)?.status).toBe('planned');
    expect(syncedBatches(sandbox)).toBe(before);

    // Over MCP the console's tool is neither listed nor callable; nor from the CLI.
    const listed = (await client.listTools()).tools.map((t) => t.name);
    expect(listed).toContain('post_journal_entries');
    expect(listed).not.toContain('confirm_change_set');
    const args = { change_set_id: id, digest: out.digest };
    const overMcp = errorOf((await client.callTool({ name: 'confirm_change_set', arguments: args })) as CallToolResult);
    expect(overMcp.code).toBe('forbidden');
    expect(overMcp.message).toMatch(/only from console/);
    const overCli = await consoleCall('analyst', args, 'cli');
    expect(overCli.ok ? 'ok' : overCli.error.code).toBe('forbidden');

    // In the console: only a requester, only with the digest reviewed.
    for (const other of ['agent', 'admin']) {
      const refused = await consoleCall(other, args);
      expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    }
    const byApprover = await consoleCall('approver', args);
    expect(byApprover.ok ? 'ok' : byApprover.error.code).toBe('forbidden');
    const wrongDigest = await consoleCall('analyst', { change_set_id: id, digest: '0'.repeat(64) });
    expect(wrongDigest.ok ? 'ok' : wrongDigest.error.code).toBe('digest_mismatch');
    expect(syncedBatches(sandbox)).toBe(before);

    const confirmed = await consoleCall('analyst', args);
    if (!confirmed.ok) throw new Error(confirmed.error.message);
    expect(confirmed.output).toMatchObject({ change_set_id: id, status: 'executed', confirmed_by: 'analyst' });
    const written = Number((confirmed.output.result as { written: number }).written);
    expect(written).toBeGreaterThan(50);
    expect(syncedBatches(sandbox)).toBe(before + written);

    // Once only.
    const twice = await consoleCall('analyst', args);
    expect(twice.ok ? 'ok' : twice.error.code).toBe('approval_not_pending');
    expect(syncedBatches(sandbox)).toBe(before + written);

    // The client that opened the page is told the interaction is over.
    await until('notifications/elicitation/complete', () => completed.length > 0);
    expect(completed).toContain((asked[0] as { elicitationId: string }).elicitationId);

    // The same audit rows as an approval: the decision before anything was sent, under the console transport.
    const rows = app.audit.query({ changeSetId: id });
    expect(rows.find((r) => r.kind === 'approval' && r.decision === 'confirmed')).toMatchObject({
      principal: 'analyst',
      outcome: 'intent',
    });
    expect(
      rows.filter((r) => r.action === 'confirm_change_set').map((r) => [r.decision, r.outcome, (r.detail as { via: string }).via]),
    ).toEqual(expect.arrayContaining([['allowed', 'ok', 'console']]));
    expect(rows.some((r) => r.kind === 'external_write')).toBe(true);
    await client.close();
  });

  it('gives a client without URL elicitation the console link, and its form answers count for nothing', async () => {
    const formOnly = await connect(app, 'analyst', () => ({ action: 'accept', content: { confirm: true } }));
    const plain = await connect(app, 'analyst');
    const before = syncedBatches(sandbox);
    for (const [client, period] of [
      [formOnly, '2026-05'],
      [plain, '2026-06'],
    ] as const) {
      const result = await client.callTool({ name: 'post_journal_entries', arguments: { period } });
      const out = structured(result as CallToolResult);
      expect(out.status).toBe('pending_approval');
      expect(out.console_url).toMatch(new RegExp(`/console/change-sets/${String(out.change_set_id)}$`));
      expect(textOf(result as CallToolResult)).toContain(String(out.console_url));
    }
    expect(syncedBatches(sandbox)).toBe(before);
  });

  it('lets nobody confirm a change set whose policy needs an approver', async () => {
    const planned = await ok(await connect(app, 'agent'), 'post_journal_entries', { period: '2026-07' });
    expect(planned.status).toBe('pending_approval');
    const refused = await consoleCall('agent', { change_set_id: planned.change_set_id, digest: planned.digest });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    expect(refused.ok ? '' : refused.error.message).toMatch(/policy required/);
  });
});

describe('approver webhooks', () => {
  it('posts Slack/Teams {"text"} with the console link when a change set starts waiting, once, and no secret', async () => {
    const agent = await connect(app, 'agent');
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-08' });
    const id = planned.change_set_id as number;
    const about = (n: number) => hooks.filter((h) => String(h.body.text).includes(`change set ${n} `));
    await until('the approver webhook', () => about(id).length > 0);
    const mine = about(id);
    expect(mine).toHaveLength(1);
    const { body, path } = mine[0]!;
    expect(path).toBe(HOOK_PATH);
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toContain(`${base}/console/change-sets/${id}`);
    expect(body.text).toMatch(/waits for an approver who did not request it/);
    expect(body.text).toMatch(/Requested by agent under policy required/);
    for (const t of Object.values(sandbox.prepared.tokens)) expect(JSON.stringify(body)).not.toContain(t);
    // Asking again is the same wait: approvers are not told twice. A later change set's post marks how far the
    // receiver got (posts of one process to one receiver arrive in order on loopback).
    expect((await ok(agent, 'post_journal_entries', { period: '2026-08' })).change_set_id).toBe(id);
    const later = (await ok(agent, 'post_journal_entries', { period: '2026-10' })).change_set_id as number;
    await until('the later webhook', () => about(later).length > 0);
    expect(about(id)).toHaveLength(1);
  });

  it('tells them a confirm change set waits for its requester in the console', async () => {
    const start = hooks.length;
    const planned = await ok(await connect(app, 'analyst'), 'post_journal_entries', { period: '2026-09' });
    await until('the approver webhook', () =>
      hooks.slice(start).some((h) => String(h.body.text).includes(`change set ${String(planned.change_set_id)} `)),
    );
    const hook = hooks.slice(start).find((h) => String(h.body.text).includes(`change set ${String(planned.change_set_id)} `))!;
    expect(hook.body.text).toMatch(/waits for analyst to confirm it in the console/);
  });
});

describe('form confirmation where the config asks for it', () => {
  it('executes on an accepted form elicitation under approvals.confirmation form', async () => {
    const formApp = testApp(testConfig(sandbox, dir, { approvals: { defaults: { analyst: 'confirm' }, confirmation: 'form' } }));
    try {
      const before = syncedBatches(sandbox);
      const asked: string[] = [];
      const client = await connect(formApp, 'analyst', (message) => {
        asked.push(message);
        return { action: 'accept', content: { confirm: true } };
      });
      const done = await ok(client, 'post_journal_entries', { period: '2026-04' });
      expect(asked).toHaveLength(1);
      expect(done.status).toMatch(/completed|partial/);
      expect(syncedBatches(sandbox)).toBe(before + Number(done.written));
      expect(done.console_url).toBeNull();
    } finally {
      await formApp.close();
    }
  });
});

describe('the CLI under approvals.cliConfirmation', () => {
  it("sends the operator to the console under 'console', whatever the terminal answers", async () => {
    const cliApp = testApp(testConfig(sandbox, dir, { approvals: { defaults: { analyst: 'confirm' }, cliConfirmation: 'console' } }));
    try {
      const analyst = cliApp.principals.byName('analyst')!;
      const before = syncedBatches(sandbox);
      const yes = { via: 'cli', confirm: () => Promise.resolve('accept' as const) };
      const planned = await cliApp.governor.call(analyst, 'post_journal_entries', { period: '2026-11' }, yes);
      if (!planned.ok) throw new Error(planned.error.message);
      expect(planned.output).toMatchObject({ status: 'pending_approval' });
      expect(planned.text).toContain(`/console/change-sets/${String(planned.output.change_set_id)}`);
      expect(syncedBatches(sandbox)).toBe(before);
      const args = { change_set_id: planned.output.change_set_id, digest: planned.output.digest };
      const confirmed = await cliApp.governor.call(analyst, 'confirm_change_set', args, { via: 'console' });
      if (!confirmed.ok) throw new Error(confirmed.error.message);
      expect(syncedBatches(sandbox)).toBe(before + Number((confirmed.output.result as { written: number }).written));
    } finally {
      await cliApp.close();
    }
  });
});
