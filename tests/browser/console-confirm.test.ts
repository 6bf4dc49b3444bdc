import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../../src/server/http-server.ts';
import { autoAcceptingClient } from '../helpers/auto-accepting-client.ts';
import { startTestSandbox, syncedBatches, testApp, testConfig } from '../helpers/mcp-app.ts';
import { expectAccessible, launchBrowser, pressButtonByKeyboard, screenshot, signIn, watchedPage } from './console-browser.ts';

let sandbox: Sandbox;
let app: App;
let http: HttpServerHandle;
let browser: Browser;
let base: string;
const token = (name: string): string => sandbox.prepared.tokens[name]!;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  app = testApp(
    testConfig(sandbox, started.dir, {
      // The analyst confirms its own writes; `confirmation` left to the default (url) so the gate is the console.
      approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {}, confirmation: undefined },
      rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
    }),
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

describe('URL-mode confirmation end to end', () => {
  it('an MCP client that accepts every elicitation gets nothing executed; the requester confirms in the browser and Intacct holds the entries once', async () => {
    const { client, asked, completed } = await autoAcceptingClient(http.url, token('analyst'));

    const result = (await client.callTool({ name: 'post_journal_entries', arguments: { period: '2026-03' } })) as CallToolResult;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const out = result.structuredContent as { status: string; change_set_id: number; console_url: string; digest: string };
    // The client said yes to everything it was asked, and still nothing moved.
    expect(out.status).toBe('pending_approval');
    expect(asked.map((a) => a.mode)).toEqual(['url']);
    const url = (asked[0] as { url: string }).url;
    expect(url).toBe(`${base}/console/change-sets/${out.change_set_id}`);
    expect(out.console_url).toBe(url);
    expect(syncedBatches(sandbox)).toBe(0);
    // Asking again through MCP does not run it either.
    const again = (await client.callTool({ name: 'post_journal_entries', arguments: { period: '2026-03' } })) as CallToolResult;
    expect((again.structuredContent as { change_set_id: number; status: string }).change_set_id).toBe(out.change_set_id);
    expect(syncedBatches(sandbox)).toBe(0);

    // The human opens the link the client was given, signs in and confirms with the keyboard.
    const { page, dialogs, cspViolations } = await watchedPage(browser);
    await page.goto(url);
    await page.waitForURL(`${base}/console/sign-in`);
    await signIn(page, base, token('analyst'));
    await page.goto(url);
    expect(await page.locator('code.digest').textContent()).toBe(out.digest);
    // A requester cannot approve their own change set: only Confirm is offered.
    expect(await page.locator('form[action$="/approve"]').count()).toBe(0);
    await expectAccessible(page, 'confirm');
    await screenshot(page, 'confirm');
    await pressButtonByKeyboard(page, 'Confirm');
    await expect.poll(() => page.locator('.flash').textContent()).toMatch(/Confirmed: change set \d+ is executed/);

    const posted = syncedBatches(sandbox);
    expect(posted).toBeGreaterThan(0);
    const refs = sandbox.intacct.db
      .prepare(
        "SELECT COUNT(*) n, COUNT(DISTINCT json_extract(data, '$.REFERENCENO')) d FROM records WHERE object = 'GLBATCH' AND json_extract(data, '$.REFERENCENO') LIKE 'S300:%'",
      )
      .get() as { n: number; d: number };
    expect(refs.n).toBe(refs.d);
    expect(refs.d).toBe(posted);
    // The client that opened the page hears the confirmation is complete.
    // Every client request that was sent to the page (the first call and the repeat) hears the confirmation is complete.
    const ids = asked.map((a) => (a as { elicitationId: string }).elicitationId);
    expect(ids.length).toBe(2);
    await expect.poll(() => [...completed].sort()).toEqual([...ids].sort());
    // The confirmation went through the governor as a console call, recorded like any tool call.
    const rows = app.audit.query({ changeSetId: out.change_set_id });
    expect(
      rows.some((e) => e.action === 'confirm_change_set' && e.outcome === 'ok' && (e.detail as { via?: string } | null)?.via === 'console'),
    ).toBe(true);
    // Reloading and confirming again sends nothing more.
    await page.reload();
    expect(await page.locator('form[action$="/confirm"]').count()).toBe(0);
    expect(syncedBatches(sandbox)).toBe(posted);
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.context().close();
    await client.close();
  });
});
