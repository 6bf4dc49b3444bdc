/**
 * A repeated request while its change set waits for an approver gets that change set's id back, for every pipeline
 * (issue 15: a repeated vendor or customer sync used to answer "nothing to do" with no id), and plans nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  app = testApp(testConfig(sandbox, started.dir));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await sandbox?.stop();
});

const changeSets = (): number => app.store.changeSets.list({}).length;

describe('a repeated request while its change set waits for an approver', () => {
  it.each([
    ['post_journal_entries', { period: '2026-02' }],
    ['replicate_ap_invoices', { period: '2026-02' }],
    ['sync_ar', { period: '2026-02' }],
    ['sync_purchase_orders', {}],
    ['sync_projects', {}],
    ['sync_vendors', {}],
    ['sync_customers', {}],
  ] as const)(
    '%s returns the pending change set id again',
    async (tool, args) => {
      const agent = await connect(app, 'agent');
      const first = await ok(agent, tool, args);
      expect(first.status).toBe('pending_approval');
      expect(first.change_set_id).toEqual(expect.any(Number));
      const before = changeSets();
      const again = await ok(agent, tool, args);
      expect(again.status).toBe('pending_approval');
      expect(again.change_set_id).toBe(first.change_set_id);
      expect(changeSets()).toBe(before);
      await agent.close();
    },
    60_000,
  );
});
