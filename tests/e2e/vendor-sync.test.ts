import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import { formatStamp } from '../../src/sandbox/intacct-emulator/dates.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { runCli } from '../helpers/spawn-cli.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;
let s300: Database.Database;
let admin: Client;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir, {
    rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: { sync_vendors: { admin: 'auto' } } },
  });
  app = testApp(config);
  s300 = new Database(sandbox.prepared.paths.sage300Db);
  admin = await connect(app, 'admin');
  // The first run links the demo vendors and fills the gaps (vendors missing on one side); after it both agree.
  const first = await ok(admin, 'sync_vendors', {});
  expect(['completed', 'partial']).toContain(first.status);
  const second = await ok(admin, 'sync_vendors', {});
  expect(second.written).toBe(0);
}, 60_000);
afterAll(async () => {
  s300.close();
  await app.close();
  await sandbox.stop();
});

const pad2 = (n: number) => String(n).padStart(2, '0');
/** A Sage 300 user other than the Web API one edits APVEN (as Sage would stamp it). */
function editSage300(vendorId: string, columns: Record<string, string | number>): void {
  const now = new Date(Date.now() + 1000);
  const date = Number(`${now.getUTCFullYear()}${pad2(now.getUTCMonth() + 1)}${pad2(now.getUTCDate())}`);
  const time = Number(
    `${pad2(now.getUTCHours())}${pad2(now.getUTCMinutes())}${pad2(now.getUTCSeconds())}${pad2(Math.floor(now.getUTCMilliseconds() / 10))}`,
  );
  const sets = Object.keys(columns)
    .map((c) => `"${c}" = ?`)
    .join(', ');
  const changed = s300
    .prepare(`UPDATE APVEN SET ${sets}, AUDTDATE = ?, AUDTTIME = ?, AUDTUSER = 'CLERK' WHERE TRIM(VENDORID) = ?`)
    .run(...Object.values(columns), date, time, vendorId).changes;
  expect(changed).toBe(1);
}
/** Another Intacct user edits (or creates) a VENDOR in the emulator's company. */
function editIntacct(vendorId: string, fields: Record<string, unknown>): void {
  const db = sandbox.intacct.db;
  const row = db.prepare("SELECT recordno, data FROM records WHERE object = 'VENDOR' AND id = ?").get(vendorId) as
    { recordno: number; data: string } | undefined;
  const stamp = { WHENMODIFIED: formatStamp(new Date()), MODIFIEDBY: 'jdoe' };
  if (row) {
    db.prepare("UPDATE records SET data = ? WHERE object = 'VENDOR' AND recordno = ?").run(
      JSON.stringify({ ...JSON.parse(row.data), ...fields, ...stamp }),
      row.recordno,
    );
  } else {
    const recordNo = 900_000 + Math.floor(Math.random() * 1000);
    db.prepare("INSERT INTO records (object, recordno, id, data) VALUES ('VENDOR', ?, ?, ?)").run(
      recordNo,
      vendorId,
      JSON.stringify({
        RECORDNO: String(recordNo),
        VENDORID: vendorId,
        STATUS: 'active',
        ...fields,
        ...stamp,
        CREATEDBY: 'jdoe',
        WHENCREATED: stamp.WHENMODIFIED,
      }),
    );
  }
}
const intacctVendor = (id: string): Record<string, unknown> =>
  JSON.parse(
    (sandbox.intacct.db.prepare("SELECT data FROM records WHERE object = 'VENDOR' AND id = ?").get(id) as { data: string }).data,
  ) as Record<string, unknown>;
const apven = (id: string) => s300.prepare('SELECT * FROM APVEN WHERE TRIM(VENDORID) = ?').get(id) as Record<string, unknown> | undefined;
const openVendorExceptions = () => app.store.exceptions.list({ pipeline: 'vendors' }).filter((e) => e.status !== 'resolved');

describe('sync_vendors', () => {
  it('sends a Sage 300 change to Intacct once; three more runs write nothing (no echo)', async () => {
    editSage300('V10001', { VENDNAME: 'Renamed In Sage Ltd' });
    const run = await ok(admin, 'sync_vendors', {});
    expect(run.to_intacct).toEqual({ created: 0, updated: 1, deactivated: 0 });
    expect(run.written).toBe(1);
    expect(intacctVendor('V10001').NAME).toBe('Renamed In Sage Ltd');
    for (let i = 0; i < 3; i++) {
      const again = await ok(admin, 'sync_vendors', {});
      expect(again.written, `re-run ${i + 1}`).toBe(0);
      expect(again.to_intacct).toEqual({ created: 0, updated: 0, deactivated: 0 });
      expect(again.to_sage300).toEqual({ created: 0, updated: 0, deactivated: 0 });
    }
  });

  it('raises exactly one conflict when a vendor changed on both sides, and writes neither', async () => {
    editSage300('V10002', { EMAIL1: 'sage@conflict.example' });
    editIntacct('V10002', { EMAIL1: 'intacct@conflict.example' });
    for (let i = 0; i < 3; i++) await ok(admin, 'sync_vendors', {});
    const conflicts = openVendorExceptions().filter((e) => e.sourceKey === 'V10002' && e.message.startsWith('conflict'));
    expect(conflicts).toHaveLength(1);
    expect(String(apven('V10002')?.EMAIL1).trim()).toBe('sage@conflict.example');
    expect(intacctVendor('V10002').EMAIL1).toBe('intacct@conflict.example');
  });

  it('creates a vendor made in Intacct by another user in Sage 300 through the Web API', async () => {
    editIntacct('V95001', { NAME: 'Made In Intacct Co', TAXID: '', EMAIL1: 'ap@made.example' });
    const run = await ok(admin, 'sync_vendors', {});
    expect(run.to_sage300).toMatchObject({ created: 1 });
    const row = apven('V95001');
    expect(String(row?.VENDNAME).trim()).toBe('Made In Intacct Co');
    expect(String(row?.AUDTUSER).trim()).toBe(sandbox.sage300.user.toUpperCase().slice(0, 8));
    expect((await ok(admin, 'sync_vendors', {})).written).toBe(0);
  });

  it('does not create a probable duplicate (same name and tax id, other id)', async () => {
    const v = apven('V10005')!;
    editIntacct('V95002', { NAME: `${String(v.VENDNAME).trim()}, Inc.`, TAXID: String(v.TAXNBR).trim() || '11-1111111', EMAIL1: '' });
    if (String(v.TAXNBR).trim() === '') editSage300('V10005', { TAXNBR: '11-1111111' });
    const run = await ok(admin, 'sync_vendors', {});
    expect(run.duplicates).toBeGreaterThanOrEqual(1);
    expect(apven('V95002')).toBeUndefined();
    expect(openVendorExceptions().filter((e) => e.class === 'duplicate' && e.sourceKey === 'V95002')).toHaveLength(1);
  });

  it('propagates a deactivation as inactive, never a delete', async () => {
    // A vendor with nothing open: Sage refuses to inactivate one with outstanding transactions.
    const candidates = s300
      .prepare(
        `SELECT TRIM(VENDORID) AS id FROM APVEN v WHERE SWACTV = 1 AND CAST(AMTBALDUEH AS REAL) = 0 AND CNTOPENINV = 0 AND TRIM(VENDORID) > 'V10010'
        AND NOT EXISTS (SELECT 1 FROM APOBL o WHERE o.IDVEND = v.VENDORID AND o.SWPAID = 0) ORDER BY VENDORID`,
      )
      .all() as { id: string }[];
    const id = candidates.map((c) => c.id).find(intacctVendorExists)!;
    expect(id).toBeDefined();
    editSage300(id, { SWACTV: 0 });
    const run = await ok(admin, 'sync_vendors', {});
    expect(run.to_intacct).toMatchObject({ deactivated: 1 });
    expect(intacctVendor(id).STATUS).toBe('inactive');
  });

  it('parks an agent run for an approver, who executes it through the vendors executor', async () => {
    const agent = await connect(app, 'agent');
    editSage300('V10006', { VENDNAME: 'Approved Rename LLC' });
    const planned = await ok(agent, 'sync_vendors', {});
    expect(planned.status).toBe('pending_approval');
    expect(intacctVendor('V10006').NAME).not.toBe('Approved Rename LLC');
    // A retry while it waits plans nothing new: it gets the pending change set back (issue 15: its id, not null).
    const retry = await ok(agent, 'sync_vendors', {});
    expect(retry.status).toBe('pending_approval');
    expect(retry.change_set_id).toBe(planned.change_set_id);
    expect(retry.awaiting).toBe(0);
    const approved = await ok(await connect(app, 'approver'), 'approve_change_set', { change_set_id: planned.change_set_id });
    expect(approved.status).toBe('executed');
    expect(intacctVendor('V10006').NAME).toBe('Approved Rename LLC');
  });

  it('holds a remit-to change for two distinct approvers, neither the requester', async () => {
    const dual = await connect(app, 'dual');
    editSage300('V10007', { PRIMRMIT: 'RMT042' });
    const planned = await ok(dual, 'sync_vendors', {});
    const id = planned.sensitive_change_set_id as number;
    expect(id).toBeGreaterThan(0);
    expect(planned.sensitive).toBe(1);
    // Asking again while it waits returns the same two-approver change set, not a second one or none.
    const again = await ok(dual, 'sync_vendors', {});
    expect(again.status).toBe(planned.status);
    expect(again.sensitive_change_set_id).toBe(id);
    expect(errorOf(await call(dual, 'approve_change_set', { change_set_id: id })).code).toBe('self_approval');
    const approver = await connect(app, 'approver');
    const first = await ok(approver, 'approve_change_set', { change_set_id: id });
    expect(first.status).toBe('planned');
    expect((first.result as { status: string }).status).toBe('partially_approved');
    expect(intacctVendor('V10007').PAYTO).toBeUndefined();
    expect(errorOf(await call(approver, 'approve_change_set', { change_set_id: id })).code).toBe('already_approved');
    const second = await ok(await connect(app, 'approver2'), 'approve_change_set', { change_set_id: id });
    expect(second.status).toBe('executed');
    expect(intacctVendor('V10007').PAYTO).toEqual({ CONTACTNAME: 'RMT042' });
    const rows = app.audit.query({ changeSetId: id });
    const masked = JSON.stringify(rows);
    expect(masked).toContain('****42');
    expect(masked).not.toContain('RMT042');
    expect((await ok(admin, 'sync_vendors', {})).written).toBe(0);
  });
});

function intacctVendorExists(id: string): boolean {
  return sandbox.intacct.db.prepare("SELECT 1 FROM records WHERE object = 'VENDOR' AND id = ?").get(id) !== undefined;
}

describe('sagebridge sync vendors', () => {
  it('previews with --dry-run --json through the governor and exits 0', async () => {
    const run = await runCli(['--config', sandbox.configPath, 'sync', 'vendors', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { status: string; in_sync: number };
    expect(summary.status).toBe('dry_run');
    expect(summary.in_sync).toBeGreaterThan(10);
  });

  it('rejects an unknown direction as bad input, naming the flag', async () => {
    const run = await runCli(['--config', sandbox.configPath, 'sync', 'vendors', '--direction', 'sideways']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--direction');
  });
});
