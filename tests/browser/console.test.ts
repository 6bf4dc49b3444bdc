import Database from 'better-sqlite3';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../../src/server/http-server.ts';
import { startTestSandbox, syncedBatches, testApp, testConfig } from '../helpers/mcp-app.ts';
import { expectAccessible, launchBrowser, pressButtonByKeyboard, screenshot, signIn, watchedPage } from './console-browser.ts';

let sandbox: Sandbox;
let app: App;
let http: HttpServerHandle;
let browser: Browser;
let base: string;
const HOSTILE = '<img src=x onerror=alert(1)>';
const token = (name: string): string => sandbox.prepared.tokens[name] ?? `test_${name}_token_0123456789`;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  app = testApp(
    testConfig(sandbox, started.dir, { rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} } }),
  );
  http = await startHttpServer(app, { host: '127.0.0.1', port: 0, allowedHosts: [], allowedOrigins: [], maxBodyBytes: 64 * 1024 });
  base = `http://127.0.0.1:${http.port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await http?.close();
  await app?.close();
  await sandbox?.stop();
});

/** An agent's real MCP client over Streamable HTTP. */
async function mcp(name: string): Promise<Client> {
  const client = new Client({ name: 'console-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token(name)}` } } }),
  );
  return client;
}
async function plan(name: string, tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const client = await mcp(name);
  const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
  await client.close();
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as Record<string, unknown>;
}
const consoleRows = (changeSetId: number) =>
  app.audit.query({ changeSetId }).filter((e) => (e.detail as { via?: string } | null)?.via === 'console');

describe('the console in a real browser', () => {
  it('an approver signs in with the keyboard, reviews the agent plan and approves it; Intacct holds the entries once', async () => {
    const planned = await plan('agent', 'post_journal_entries', { period: '2026-03' });
    expect(planned.status).toBe('pending_approval');
    const id = planned.change_set_id as number;
    const { page, dialogs, cspViolations } = await watchedPage(browser);

    await page.goto(`${base}/console`);
    await page.waitForURL(`${base}/console/sign-in`);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await signIn(page, base, token('approver'));
    expect(page.url()).not.toContain(token('approver'));
    expect(await page.title()).toMatch(/^Inbox \(1\)/);
    await expectAccessible(page, 'inbox');
    await screenshot(page, 'inbox');

    await page.getByRole('link', { name: `#${id}` }).click();
    await page.waitForURL(`${base}/console/change-sets/${id}`);
    const digest = await page.locator('code.digest').textContent();
    expect(digest).toBe(planned.digest);
    await expect.poll(() => page.locator('form[action$="/approve"] input[name="digest"]').getAttribute('value')).toBe(planned.digest);
    await expectAccessible(page, 'change set');
    await screenshot(page, 'change-set');
    await page.screenshot({ path: 'test-output/screenshots/change-set-top.png' });
    expect(syncedBatches(sandbox)).toBe(0);

    await pressButtonByKeyboard(page, 'Approve');
    await page.waitForURL(`${base}/console/change-sets/${id}`);
    await expect.poll(() => page.locator('.flash').textContent()).toMatch(/Approved: change set \d+ is executed/);
    const posted = syncedBatches(sandbox);
    expect(posted).toBeGreaterThan(0);
    const refs = sandbox.intacct.db
      .prepare(
        "SELECT COUNT(DISTINCT json_extract(data, '$.REFERENCENO')) n FROM records WHERE object = 'GLBATCH' AND json_extract(data, '$.REFERENCENO') LIKE 'S300:%'",
      )
      .get() as { n: number };
    expect(refs.n).toBe(posted);
    // The same governor wrote the same rows, labelled with the console transport.
    expect(consoleRows(id).some((e) => e.action === 'approve_change_set' && e.outcome === 'ok')).toBe(true);
    expect(app.audit.query({ changeSetId: id }).some((e) => e.kind === 'approval' && e.decision === 'approved')).toBe(true);
    // Approving the stale page again changes nothing.
    await page.goBack();
    await page.reload();
    expect(await page.locator('form[action$="/approve"]').count()).toBe(0);
    expect(syncedBatches(sandbox)).toBe(posted);

    await page.getByRole('link', { name: 'Runs' }).click();
    await expect.poll(() => page.locator(`tr[data-run="${id}"] [data-field="status"]`).textContent()).toBe('executed');
    await expectAccessible(page, 'runs');
    await screenshot(page, 'runs');
    await page.getByRole('link', { name: 'Exceptions' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Exceptions \(\d+ open\)/);
    await expectAccessible(page, 'exceptions');
    await screenshot(page, 'exceptions');
    await page.getByRole('link', { name: 'Reconciliation' }).click();
    await page.locator('#r-period').fill('2026-03');
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toMatch(/Reconciled SAMINC 2026-03/);
    expect(await page.locator('svg.chart rect').count()).toBe(5);
    await expectAccessible(page, 'reconciliation');
    await screenshot(page, 'reconciliation');
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.context().close();
  });

  it('a requester who is also an approver cannot approve their own change set, even by posting the form', async () => {
    const planned = await plan('dual', 'replicate_ap_invoices', { period: '2026-03' });
    const id = planned.change_set_id as number;
    const { page } = await watchedPage(browser);
    await signIn(page, base, token('dual'));
    await page.goto(`${base}/console/change-sets/${id}`);
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('You requested this change set: another approver must approve it');
    expect(await page.locator('form[action$="/approve"]').count()).toBe(0);
    // A hand-made POST with this session's token still meets the governor, which refuses it.
    const csrf = await page.locator('form[action$="/reject"] input[name="_csrf"]').getAttribute('value');
    const posted = await page.request.post(`${base}/console/change-sets/${id}/approve`, {
      form: { _csrf: csrf ?? '', digest: String(planned.digest) },
      headers: { origin: base },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(303);
    await page.goto(`${base}/console/change-sets/${id}`);
    await expect.poll(async () => (await page.locator('.flash').textContent())?.trim()).toMatch(/^self_approval:/);
    expect(app.store.changeSets.get(id)?.status).toBe('planned');
    // Without the token the POST never reaches the governor.
    const forged = await page.request.post(`${base}/console/change-sets/${id}/approve`, {
      form: { digest: String(planned.digest) },
      headers: { origin: base },
    });
    expect(forged.status()).toBe(403);
    await page.context().close();
  });

  it('renders the hostile vendor name as text, and a remit-to change needs two approvers (1 of 2, then executed)', async () => {
    const first = await plan('agent', 'sync_vendors', {});
    const createId = first.change_set_id as number;
    const approver = await watchedPage(browser);
    await signIn(approver.page, base, token('approver'));
    await approver.page.goto(`${base}/console/change-sets/${createId}`);
    const main = approver.page.locator('main');
    await expect.poll(() => main.innerText()).toContain(HOSTILE);
    expect(await main.locator('img').count()).toBe(0);
    expect(await approver.page.content()).toContain('&lt;img src=x onerror=alert(1)&gt;');
    await approver.page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => approver.page.locator('.flash').textContent()).toMatch(/executed/);
    const vendor = sandbox.intacct.db
      .prepare("SELECT json_extract(data, '$.NAME') name FROM records WHERE object = 'VENDOR' AND id = 'V70001'")
      .get() as { name: string };
    expect(vendor.name).toBe(HOSTILE);

    const s300 = new Database(sandbox.prepared.paths.sage300Db);
    s300
      .prepare(
        "UPDATE APVEN SET PRIMRMIT = 'RMT042', AUDTDATE = 20991231, AUDTTIME = 1, AUDTUSER = 'CLERK' WHERE TRIM(VENDORID) = 'V10007'",
      )
      .run();
    s300.close();
    const second = await plan('agent', 'sync_vendors', {});
    const id = second.sensitive_change_set_id as number;
    expect(id).toBeGreaterThan(0);
    await approver.page.goto(`${base}/console/change-sets/${id}`);
    await expect.poll(() => approver.page.locator('.four-eyes strong').textContent()).toBe('0 of 2');
    expect(await approver.page.content()).not.toContain('RMT042');
    await approver.page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => approver.page.locator('.four-eyes strong').textContent()).toBe('1 of 2');
    expect(await approver.page.locator('form[action$="/approve"]').count()).toBe(0);
    expect(app.store.changeSets.get(id)?.status).toBe('planned');

    const second2 = await watchedPage(browser);
    await signIn(second2.page, base, token('approver2'));
    await second2.page.goto(`${base}/console/change-sets/${id}`);
    await second2.page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => second2.page.locator('.flash').textContent()).toMatch(/executed/);
    expect(app.store.changeSets.get(id)?.status).toBe('executed');
    expect(approver.dialogs).toEqual([]);
    expect(approver.cspViolations).toEqual([]);
    await approver.page.context().close();
    await second2.page.context().close();
  });

  it('shows an auditor the verified log and exports it; the auditor sees no decision forms', async () => {
    const { page } = await watchedPage(browser);
    await signIn(page, base, token('auditor'));
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('link', { name: 'Verify the chain and checkpoints' }).click();
    await expect.poll(() => page.locator('[data-verify="chain"]').textContent()).toMatch(/OK/);
    await expectAccessible(page, 'audit');
    await screenshot(page, 'audit');
    const csv = await page.request.get(`${base}/console/audit/export.csv?kind=approval`);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^seq,at,kind,principal/);
    expect(lines.length).toBeGreaterThan(3);
    const jsonl = await page.request.get(`${base}/console/audit/export.jsonl?kind=approval`);
    const rows = (await jsonl.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    expect(rows.every((r) => r.kind === 'approval')).toBe(true);
    expect(rows.length).toBe(lines.length - 1);
    const pending = app.store.changeSets.list({ status: 'planned' })[0];
    expect(pending).toBeDefined();
    await page.goto(`${base}/console/change-sets/${pending!.id}`);
    expect(await page.locator('form[action$="/approve"], form[action$="/reject"]').count()).toBe(0);
    await page.context().close();
  });
});
