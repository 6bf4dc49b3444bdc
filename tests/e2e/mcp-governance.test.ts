import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { auditPath, type Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startSchedules } from '../../src/server/schedules.ts';
import { call, connect, errorOf, ok, startTestSandbox, syncedBatches, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir, {
    rateLimits: {
      default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 },
      tools: { check_connections: { calls: 2, windowSeconds: 60, maxConcurrent: 1 } },
    },
    approvals: {
      expiresAfterMinutes: 60,
      defaults: { agent: 'required', analyst: 'confirm' },
      tools: { post_journal_entries: { admin: { mode: 'auto', maxAmount: '1.00' } } },
    },
    schedules: [
      { name: 'gl-incremental', tool: 'post_journal_entries', arguments: { incremental: true }, everyMinutes: 15, principal: 'scheduler' },
    ],
  });
  app = testApp(config);
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

const names = async (client: Client): Promise<string[]> => (await client.listTools()).tools.map((t) => t.name).sort();

describe('MCP tools are listed per role', () => {
  it('shows each principal only the tools its roles may call', async () => {
    const agent = await names(await connect(app, 'agent'));
    const approver = await names(await connect(app, 'approver'));
    const auditor = await names(await connect(app, 'auditor'));
    expect(agent).toContain('post_journal_entries');
    expect(agent).not.toContain('approve_change_set');
    expect(agent).not.toContain('query_audit_log');
    expect(approver).toContain('approve_change_set');
    expect(approver).toContain('reject_change_set');
    expect(approver).not.toContain('post_journal_entries');
    expect(auditor).toContain('query_audit_log');
    expect(auditor).not.toContain('post_journal_entries');
    expect(auditor).not.toContain('approve_change_set');
  });

  it('declares a title, both schemas and every annotation explicitly on every tool', async () => {
    const { tools } = await (await connect(app, 'admin')).listTools();
    expect(tools.length).toBeGreaterThanOrEqual(9);
    for (const t of tools) {
      expect(t.title, t.name).toBeTruthy();
      expect(t.description!.length, t.name).toBeGreaterThan(60);
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type, t.name).toBe('object');
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const)
        expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe('boolean');
    }
    const post = tools.find((t) => t.name === 'post_journal_entries')!;
    expect(post.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(Object.keys(post.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['period', 'from', 'to', 'dry_run']));
  });

  it('refuses a hidden tool as forbidden, with no write', async () => {
    const agent = await connect(app, 'agent');
    const result = await call(agent, 'query_audit_log', {});
    expect(errorOf(result).code).toBe('forbidden');
  });
});

describe('approval gates', () => {
  it('parks an agent write for an approver; the agent cannot approve; one approval posts once; a replay does nothing', async () => {
    const agent = await connect(app, 'agent');
    const before = syncedBatches(sandbox);
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-02' });
    expect(planned.status).toBe('pending_approval');
    expect(planned.policy).toBe('approvals.defaults.agent');
    expect(planned.planned).toBeGreaterThan(50);
    expect((planned.totals_by_account as unknown[]).length).toBeGreaterThan(3);
    expect(String(planned.message)).toContain(`change_set_id ${String(planned.change_set_id)}`);
    expect(syncedBatches(sandbox)).toBe(before);

    // An agent retrying the same call gets the same change set back, not a second one.
    const again = await ok(agent, 'post_journal_entries', { period: '2026-02' });
    expect(again.change_set_id).toBe(planned.change_set_id);

    expect(errorOf(await call(agent, 'approve_change_set', { change_set_id: planned.change_set_id })).code).toBe('forbidden');

    const approver = await connect(app, 'approver');
    const shown = await ok(approver, 'get_change_set', { change_set_id: planned.change_set_id, items_limit: 2 });
    expect(shown.digest).toBe(planned.digest);
    expect(shown.items_total).toBe(planned.planned);
    expect(errorOf(await call(approver, 'approve_change_set', { change_set_id: planned.change_set_id, digest: '0'.repeat(64) })).code).toBe(
      'digest_mismatch',
    );

    const approved = await ok(approver, 'approve_change_set', {
      change_set_id: planned.change_set_id,
      digest: shown.digest,
      comment: 'reviewed totals',
    });
    expect(approved.status).toBe('executed');
    const result = approved.result as Record<string, number | string>;
    expect(result.written).toBe(planned.planned);
    expect(syncedBatches(sandbox)).toBe(before + Number(planned.planned));

    const replay = await call(approver, 'approve_change_set', { change_set_id: planned.change_set_id });
    expect(errorOf(replay).code).toBe('approval_not_pending');
    const second = await connect(app, 'approver2');
    expect(errorOf(await call(second, 'approve_change_set', { change_set_id: planned.change_set_id })).code).toBe('approval_not_pending');
    expect(syncedBatches(sandbox)).toBe(before + Number(planned.planned));
  });

  it('never lets a requester approve their own change set', async () => {
    const dual = await connect(app, 'dual');
    const planned = await ok(dual, 'post_journal_entries', { from: '2026-05-01', to: '2026-05-10' });
    expect(planned.status).toBe('pending_approval');
    expect(errorOf(await call(dual, 'approve_change_set', { change_set_id: planned.change_set_id })).code).toBe('self_approval');
    const rejected = await ok(await connect(app, 'approver2'), 'reject_change_set', {
      change_set_id: planned.change_set_id,
      reason: 'not this week',
    });
    expect(rejected.status).toBe('rejected');
  });

  it("confirms an analyst's write through elicitation when the client supports it", async () => {
    const prompts: string[] = [];
    const analyst = await connect(app, 'analyst', (message) => {
      prompts.push(message);
      return { action: 'accept', content: { confirm: true } };
    });
    const before = syncedBatches(sandbox);
    const done = await ok(analyst, 'post_journal_entries', { period: '2026-04' });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('journal entries');
    expect(done.status).toMatch(/completed|partial/);
    expect(Number(done.written)).toBeGreaterThan(50);
    expect(syncedBatches(sandbox)).toBe(before + Number(done.written));
    const cs = await ok(analyst, 'get_change_set', { change_set_id: done.change_set_id, items_limit: 0 });
    expect(cs.decision_note).toMatch(/confirmed by analyst/);
  });

  it('rejects the change set when the analyst declines, and falls back to an approver without elicitation', async () => {
    const decliner = await connect(app, 'analyst', () => ({ action: 'decline' }));
    const declined = await ok(decliner, 'post_journal_entries', { period: '2026-06' });
    expect(declined.status).toBe('rejected');
    const plain = await connect(app, 'analyst');
    const pending = await ok(plain, 'post_journal_entries', { period: '2026-06' });
    expect(pending.status).toBe('pending_approval');
    expect(String(pending.message)).toMatch(/cannot show a confirmation/);
    expect(pending.change_set_id).not.toBe(declined.change_set_id);
  });

  it('auto-approves under the configured amount threshold only', async () => {
    const admin = await connect(app, 'admin');
    const big = await ok(admin, 'post_journal_entries', { period: '2026-07' });
    expect(big.status).toBe('pending_approval');
    expect(String(big.message)).toMatch(/auto-approval limit/);
  });

  it('refuses an expired change set', async () => {
    const agent = await connect(app, 'agent');
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-08' });
    const db = new Database(`${config.stateDir}/state.db`);
    db.prepare('UPDATE change_sets SET expires_at = ? WHERE id = ?').run('2000-01-01T00:00:00.000Z', planned.change_set_id);
    db.close();
    const result = await call(await connect(app, 'approver'), 'approve_change_set', { change_set_id: planned.change_set_id });
    expect(errorOf(result).code).toBe('approval_expired');
  });

  it('parks a scheduled run under its service principal like any agent call', async () => {
    const schedules = startSchedules(app, config.schedules);
    try {
      expect(await schedules.runNow('gl-incremental')).toBe('pending_approval');
    } finally {
      await schedules.stop();
    }
    const pending = app.store.changeSets.list({ status: 'planned' }).filter((cs) => cs.createdBy === 'scheduler');
    expect(pending).toHaveLength(1);
  });
});

describe('bad input and limits', () => {
  it('names the bad field of malformed arguments', async () => {
    const agent = await connect(app, 'agent');
    const bad = errorOf(await call(agent, 'post_journal_entries', { period: '2026-13' }));
    expect(bad.code).toBe('invalid_arguments');
    expect(bad.message).toMatch(/period/);
    const unknownKey = errorOf(await call(agent, 'post_journal_entries', { period: '2026-01', dryrun: true }));
    expect(unknownKey.message).toMatch(/dryrun/);
    const outside = errorOf(await call(agent, 'post_journal_entries', { period: '2031-01' }));
    expect(outside.code).toBe('invalid_arguments');
    expect(outside.message).toMatch(/not an open fiscal period/);
  });

  it('answers over the rate limit with an error carrying retry-after', async () => {
    const auditor = await connect(app, 'auditor');
    await ok(auditor, 'check_connections');
    await ok(auditor, 'check_connections');
    const limited = errorOf(await call(auditor, 'check_connections'));
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Limits are per principal and tool: another principal is unaffected.
    const other = await ok(await connect(app, 'analyst'), 'check_connections');
    expect(other.ok).toBe(true);
  });
});

describe('audit log', () => {
  it('records calls, decisions and external writes in one verifiable chain that auditors can query', async () => {
    const auditor = await connect(app, 'auditor');
    const calls = await ok(auditor, 'query_audit_log', { action: 'approve_change_set', limit: 50 });
    expect((calls.events as unknown[]).length).toBeGreaterThan(0);
    const writes = await ok(auditor, 'query_audit_log', { kind: 'external_write', limit: 500 });
    const events = writes.events as {
      outcome: string;
      detail: { writes: { controlId: string; idempotencyKey: string; recordNo?: string | null }[] };
    }[];
    const results = events.filter((e) => e.outcome === 'result').flatMap((e) => e.detail.writes);
    expect(results.length).toBeGreaterThan(100);
    expect(results.every((w) => w.controlId.length > 10 && w.idempotencyKey.startsWith('gl:') && typeof w.recordNo === 'string')).toBe(
      true,
    );
    const approvals = await ok(auditor, 'query_audit_log', { kind: 'approval', limit: 50 });
    expect((approvals.events as { decision: string }[]).map((e) => e.decision)).toEqual(
      expect.arrayContaining(['approved', 'confirmed', 'declined', 'rejected']),
    );
    const denied = await ok(auditor, 'query_audit_log', { principal: 'agent', action: 'query_audit_log' });
    expect((denied.events as { decision: string }[])[0]?.decision).toBe('denied');
    expect(verifyAuditLog(auditPath(config))).toMatchObject({ ok: true });
  });

  it('reads a `to` date as the whole day, and refuses a time without a time zone naming the field', async () => {
    const auditor = await connect(app, 'auditor');
    const today = new Date().toISOString().slice(0, 10);
    await ok(auditor, 'query_audit_log', { limit: 1 }); // at least one row of today, whatever ran before
    const all = (await ok(auditor, 'query_audit_log', { limit: 500 })).events as { at: string }[];
    const todays = all.filter((e) => e.at.startsWith(today));
    expect(todays.length).toBeGreaterThan(0);
    const upToToday = (await ok(auditor, 'query_audit_log', { from: today, to: today, limit: 500 })).events as { at: string }[];
    // Every row of today is in (the first query's own row is appended after it answered, so the second sees one more).
    expect(upToToday.length).toBeGreaterThanOrEqual(todays.length);
    expect(upToToday.every((e) => e.at.startsWith(today))).toBe(true);
    const bad = await call(auditor, 'query_audit_log', { to: `${today}T10:00:00` });
    expect(errorOf(bad).code).toBe('invalid_arguments');
    expect(errorOf(bad).message).toMatch(/to.*ISO date or instant/);
  });

  it('fails a write closed when its audit row cannot be written', async () => {
    const own = testApp(testConfig(sandbox, dir));
    const analyst = await connect(own, 'analyst', () => ({ action: 'accept', content: { confirm: true } }));
    own.audit.close();
    const before = syncedBatches(sandbox);
    const result = await call(analyst, 'post_journal_entries', { period: '2026-09' });
    expect(errorOf(result).code).toBe('audit_unavailable');
    expect(syncedBatches(sandbox)).toBe(before);
    expect(own.store.changeSets.list()).toHaveLength(0);
    await own.close().catch(() => undefined);
  });
});
