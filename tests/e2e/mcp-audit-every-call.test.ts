/**
 * Issue 17, item 2: every call is recorded. Calls whose arguments the audit writer used to refuse (an empty tool
 * name, a lone UTF-16 surrogate, a nested "__proto__" key, a 900 KB key name, an approval comment whose cut falls
 * inside a surrogate pair) each leave their audit row, through the real MCP server, and the chain still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import type { AuditEvent } from '../../src/core/ports/audit-port.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  // Arguments up to 2 MB reach the audit writer here, so its own bounds are what the 900 KB key meets (the server's
  // default argument limit records such a call by its size only; tests/e2e/mcp-abuse.test.ts covers that).
  const server = (sandbox.config as { server: Record<string, unknown> }).server;
  app = testApp(testConfig(sandbox, started.dir, { server: { ...server, maxArgumentBytes: 2_000_000 } }));
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

/** The tool_call rows appended while `run` ran. */
async function rowsOf(run: () => Promise<unknown>): Promise<AuditEvent[]> {
  const before = app.audit.query({ limit: 1000 }).at(-1)?.seq ?? 0;
  await run();
  return app.audit.query({ fromSeq: before + 1, kind: 'tool_call', limit: 1000 });
}

describe('every call leaves its audit row', () => {
  it('an empty tool name', async () => {
    const agent = await connect(app, 'agent');
    let code = '';
    const rows = await rowsOf(async () => (code = errorOf(await call(agent, '', {})).code));
    expect(code).toBe('forbidden');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: '', principal: 'agent', decision: 'denied', outcome: 'error:forbidden' });
  });

  it('a lone surrogate in an argument', async () => {
    const auditor = await connect(app, 'auditor');
    const rows = await rowsOf(() => call(auditor, 'query_audit_log', { principal: 'x\ud800y' }));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.detail)).toContain('x\\\\uD800y');
  });

  it('a nested "__proto__" key', async () => {
    const auditor = await connect(app, 'auditor');
    const args = JSON.parse('{"principal":"alice","extra":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
    const rows = await rowsOf(() => call(auditor, 'query_audit_log', args));
    expect(rows).toHaveLength(1);
    const stored = (rows[0]!.detail as { arguments: Record<string, Record<string, unknown>> }).arguments;
    expect(Object.hasOwn(stored.extra!, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a 900 KB key name is cut, with its original size', async () => {
    const auditor = await connect(app, 'auditor');
    const rows = await rowsOf(() => call(auditor, 'query_audit_log', { ['k'.repeat(900_000)]: 1 }));
    expect(rows).toHaveLength(1);
    const text = JSON.stringify(rows[0]!.detail);
    expect(text.length).toBeLessThan(2_000);
    expect(text).toContain('…[900000 chars]');
  });

  it('a 521-character approval comment with a surrogate pair at the cut is approved and recorded', async () => {
    const agent = await connect(app, 'agent');
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-02' });
    expect(planned.status).toBe('pending_approval');
    const approver = await connect(app, 'approver');
    // The arguments' writer keeps 500 code units: the pair sits on units 500 and 501.
    const comment = `${'a'.repeat(499)}😀${'b'.repeat(20)}`;
    expect(comment.length).toBe(521);
    let approved: Record<string, unknown> = {};
    const rows = await rowsOf(async () => {
      approved = await ok(approver, 'approve_change_set', {
        change_set_id: planned.change_set_id,
        digest: planned.digest,
        comment,
      });
    });
    expect(approved.status).toBe('executed');
    const approveRows = rows.filter((r) => r.action === 'approve_change_set');
    expect(approveRows.map((r) => r.outcome)).toEqual(['started', 'ok']);
    for (const r of approveRows) expect(JSON.stringify(r.detail)).toContain(`${'a'.repeat(499)}…[521 chars]`);
    // The approval row itself keeps the whole comment.
    const decision = app.audit.query({ kind: 'approval', changeSetId: Number(planned.change_set_id), limit: 10 });
    expect(decision.some((r) => (r.detail as { comment?: string }).comment === comment)).toBe(true);
  });

  it('leaves a chain that verifies', () => {
    expect(verifyAuditLog(app.audit.path)).toMatchObject({ ok: true });
  });
});
