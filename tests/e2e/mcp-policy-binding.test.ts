import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, errorOf, ok, startTestSandbox, syncedBatches, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir, {
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm', admin: 'auto' }, tools: {} },
  });
  app = testApp(config);
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

describe('a change set keeps the policy of everyone who asked for it', () => {
  it("does not let an analyst's confirmation run an agent's pending change set", async () => {
    const agent = await connect(app, 'agent');
    const before = syncedBatches(sandbox);
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-03' });
    expect(planned.status).toBe('pending_approval');

    const prompts: string[] = [];
    const analyst = await connect(app, 'analyst', (message) => {
      prompts.push(message);
      return { action: 'accept', content: { confirm: true } };
    });
    const repeat = await ok(analyst, 'post_journal_entries', { period: '2026-03' });
    expect(repeat.change_set_id).toBe(planned.change_set_id);
    expect(repeat.status).toBe('pending_approval');
    expect(repeat.policy).toBe('approvals.defaults.agent');
    expect(prompts).toEqual([]);
    expect(syncedBatches(sandbox)).toBe(before);

    const cs = app.store.changeSets.get(Number(planned.change_set_id));
    expect(cs?.status).toBe('planned');
    expect(cs?.requesters).toEqual(['agent', 'analyst']);
    expect(cs?.policy).toMatch(/^required/);
  });

  it('does not let an auto-approved principal run a pending change set another principal asked for', async () => {
    const agent = await connect(app, 'agent');
    const before = syncedBatches(sandbox);
    const planned = await ok(agent, 'post_journal_entries', { from: '2026-05-01', to: '2026-05-12' });
    expect(planned.status).toBe('pending_approval');
    const admin = await connect(app, 'admin');
    const repeat = await ok(admin, 'post_journal_entries', { from: '2026-05-01', to: '2026-05-12' });
    expect(repeat.change_set_id).toBe(planned.change_set_id);
    expect(repeat.status).toBe('pending_approval');
    expect(syncedBatches(sandbox)).toBe(before);
  });

  it('refuses the approval of anyone who asked for the change set, and posts once for an approver who did not', async () => {
    const agent = await connect(app, 'agent');
    const before = syncedBatches(sandbox);
    const planned = await ok(agent, 'post_journal_entries', { from: '2026-05-13', to: '2026-05-31' });
    expect(planned.status).toBe('pending_approval');
    // `dual` holds agent and approver: asking for the same plan makes it a requester, so it can no longer approve.
    const dual = await connect(app, 'dual');
    const repeat = await ok(dual, 'post_journal_entries', { from: '2026-05-13', to: '2026-05-31' });
    expect(repeat.change_set_id).toBe(planned.change_set_id);
    const refused = errorOf(await call(dual, 'approve_change_set', { change_set_id: planned.change_set_id }));
    expect(refused.code).toBe('self_approval');
    expect(syncedBatches(sandbox)).toBe(before);

    const approved = await ok(await connect(app, 'approver'), 'approve_change_set', {
      change_set_id: planned.change_set_id,
      digest: planned.digest,
    });
    expect(approved.status).toBe('executed');
    expect(syncedBatches(sandbox)).toBe(before + Number(planned.planned));
  });

  it("keeps the change set pending for the others when a repeat's requester declines", async () => {
    const agent = await connect(app, 'agent');
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-06' });
    expect(planned.status).toBe('pending_approval');
    // The analyst's own policy would ask them; the bound one is the agent's `required`, so nothing is asked.
    const analyst = await connect(app, 'analyst', () => ({ action: 'decline' }));
    const repeat = await ok(analyst, 'post_journal_entries', { period: '2026-06' });
    expect(repeat.status).toBe('pending_approval');
    expect(app.store.changeSets.get(Number(planned.change_set_id))?.status).toBe('planned');
  });

  it('holds a change set whose creator stopped before the gate to required for anyone repeating it', async () => {
    const agent = app.principals.byName('agent')!;
    const stopped = new AbortController();
    stopped.abort();
    const before = syncedBatches(sandbox);
    const cancelled = await app.governor.call(
      agent,
      'post_journal_entries',
      { from: '2026-06-01', to: '2026-06-10' },
      { via: 'memory', signal: stopped.signal },
    );
    expect(cancelled.ok ? 'ok' : cancelled.error.code).toBe('cancelled');
    const [cs] = app.store.changeSets.list({ status: 'planned' }).filter((c) => c.createdBy === 'agent' && c.boundPolicy === null);
    expect(cs).toBeDefined();

    const analyst = await connect(app, 'analyst', () => ({ action: 'accept', content: { confirm: true } }));
    const repeat = await ok(analyst, 'post_journal_entries', { from: '2026-06-01', to: '2026-06-10' });
    expect(repeat.change_set_id).toBe(cs!.id);
    expect(repeat.status).toBe('pending_approval');
    expect(syncedBatches(sandbox)).toBe(before);
  });
});
