/**
 * Issue 17, item 1 through the assembled server: with no sink configured (the sandbox), checkpoints go to a file
 * next to the audit database, signed with a key generated into the data folder; every change-set decision and the
 * shutdown write one, and `audit verify` finds the log covered without extra flags.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoints } from '../../audit/schema/index.ts';
import { auditPath, type Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { verifyAgainstCheckpoints } from '../../audit/verify/verify-checkpoints.ts';
import { configuredVerifyKey } from '../../src/server/audit-checkpoint.ts';
import { call, connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let config: Config;
let app: App;
let closed = false;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  config = testConfig(sandbox, started.dir);
  app = testApp(config);
});
afterAll(async () => {
  if (!closed) await app.close();
  await sandbox.stop();
});

const checkpointFile = () => `${auditPath(config)}.checkpoints.jsonl`;
const written = () => (existsSync(checkpointFile()) ? parseCheckpoints(readFileSync(checkpointFile(), 'utf8')).checkpoints : []);
const lastSeq = () => app.audit.query({ limit: 1000 }).at(-1)?.seq ?? 0;
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('checkpoints of the assembled server', () => {
  it('generates the signing key into the data folder, private part 0600', () => {
    expect(statSync(join(config.stateDir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(config.stateDir, 'audit-signing-key.pub.pem'), 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
  });

  it('writes a checkpoint after an approval and after a rejection, covering the decision row', async () => {
    const agent = await connect(app, 'agent');
    const approver = await connect(app, 'approver');
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-02' });
    expect(planned.status).toBe('pending_approval');
    await ok(approver, 'approve_change_set', { change_set_id: planned.change_set_id, digest: planned.digest });
    const afterApproval = lastSeq();
    await until(() => written().some((c) => c.seq >= afterApproval));

    const second = await ok(agent, 'post_journal_entries', { from: '2026-05-01', to: '2026-05-10' });
    await ok(approver, 'reject_change_set', { change_set_id: second.change_set_id, reason: 'not now' });
    const afterRejection = lastSeq();
    await until(() => written().some((c) => c.seq >= afterRejection));
  });

  it('writes no checkpoint for an ordinary read', async () => {
    const auditor = await connect(app, 'auditor');
    const count = written().length;
    await call(auditor, 'query_audit_log', { limit: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(written().length).toBe(count);
  });

  it('writes a final checkpoint at shutdown, and audit verify finds every row covered', async () => {
    const auditor = await connect(app, 'auditor');
    await call(auditor, 'query_audit_log', { limit: 1 });
    const last = lastSeq();
    expect(written().at(-1)!.seq).toBeLessThan(last);
    await app.close();
    closed = true;
    expect(written().at(-1)!.seq).toBe(last);
    // What `audit verify` does with no flags: the default checkpoint file, the data folder's public key.
    const verdict = verifyAgainstCheckpoints(auditPath(config), readFileSync(checkpointFile(), 'utf8'), configuredVerifyKey(config, {})!);
    expect(verdict).toMatchObject({ status: 'covered', latest: { seq: last } });
    // The key never reaches a checkpoint line.
    expect(readFileSync(checkpointFile(), 'utf8')).not.toContain('PRIVATE');
  });
});
