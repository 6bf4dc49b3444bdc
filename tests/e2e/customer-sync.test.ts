import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { runCli } from '../helpers/spawn-cli.ts';
import { customerEdits } from '../helpers/customer-edits.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;
let s300: Database.Database;
let admin: Client;
let missingBefore: string[];
let firstRun: Record<string, unknown>;
let edits: ReturnType<typeof customerEdits>;
const editSage300 = (id: string, columns: Record<string, string | number>) => edits.editSage300(id, columns);
const editIntacct = (id: string, fields: Record<string, unknown>) => edits.editIntacct(id, fields);
const intacctCustomer = (id: string) => edits.intacctCustomer(id);
const arcus = (id: string) => edits.arcus(id);
const snapshot = () => edits.snapshot();

const openExceptions = () => app.store.exceptions.list({ pipeline: 'customers' }).filter((e) => e.status !== 'resolved');
const trimmed = (v: unknown) => String(v).trim();

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir, {
    rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
    approvals: {
      expiresAfterMinutes: 60,
      defaults: { agent: 'required', analyst: 'confirm' },
      tools: { sync_customers: { admin: 'auto' } },
    },
    // Sage 300 owns everything but payment terms, which Intacct's credit team maintains.
    sync: { customers: { systemOfRecord: { default: 'sage300', fields: { TERMS: 'intacct' } } } },
  });
  app = testApp(config);
  s300 = new Database(sandbox.prepared.paths.sage300Db);
  edits = customerEdits(sandbox, s300);
  const { intacctIds, sageIds } = edits;
  admin = await connect(app, 'admin');
  const inIntacct = new Set(intacctIds());
  missingBefore = sageIds().filter((id) => !inIntacct.has(id));
  firstRun = await ok(admin, 'sync_customers', {});
}, 60_000);
afterAll(async () => {
  s300.close();
  await app.close();
  await sandbox.stop();
});

describe('sync_customers', () => {
  it('links the demo customers on the first run, creating only the missing ones and no duplicates', async () => {
    expect(missingBefore.length).toBeGreaterThan(0);
    expect(firstRun.status).toBe('completed');
    expect((firstRun.to_intacct as { created: number }).created).toBe(missingBefore.length);
    expect(firstRun.to_sage300).toEqual({ created: 0, updated: 0, deactivated: 0 });
    expect(firstRun.duplicates).toBe(0);
    // One Intacct customer per Sage 300 customer, same ids, and a CUSTOMER cross-reference for each.
    expect(edits.intacctIds()).toEqual(edits.sageIds());
    // The convention other pipelines (AR) read: sage300 IDCUST → intacct CUSTOMERID.
    for (const id of edits.sageIds()) expect(app.store.xrefs.bySource('CUSTOMER', 'sage300', id, 'intacct')?.targetKey, id).toBe(id);
    const created = intacctCustomer(missingBefore[0]!)!;
    expect(created.NAME).toBe(trimmed(arcus(missingBefore[0]!)!.NAMECUST));
    // New customers bring their credit limit, shown before → after.
    const credit = firstRun.credit_changes as { target: string; customer_id: string; field: string; before: string; after: string }[];
    expect(
      credit
        .filter((c) => c.field === 'CREDITLIMIT')
        .map((c) => c.customer_id)
        .sort(),
    ).toEqual([...missingBefore].sort());
    const before = snapshot();
    const second = await ok(admin, 'sync_customers', {});
    expect(second.written).toBe(0);
    expect(snapshot()).toBe(before);
  });

  it('sends a Sage 300 change to Intacct once; three more runs write nothing to either side', async () => {
    editSage300('C20001', { NAMECUST: 'Renamed In Sage Ltd' });
    const run = await ok(admin, 'sync_customers', {});
    expect(run.to_intacct).toEqual({ created: 0, updated: 1, deactivated: 0 });
    expect(run.written).toBe(1);
    expect(intacctCustomer('C20001')!.NAME).toBe('Renamed In Sage Ltd');
    const before = snapshot();
    for (let i = 0; i < 3; i++) {
      const again = await ok(admin, 'sync_customers', {});
      expect(again.written, `re-run ${i + 1}`).toBe(0);
      expect(again.change_set_id).toBeNull();
    }
    expect(snapshot()).toBe(before);
  });

  it('sends a Sage 300 address and e-mail change to the Intacct display contact without blanking the phone', async () => {
    const id = 'C20008';
    const phone = trimmed(arcus(id)!.TEXTPHON1);
    editSage300(id, { NAMECITY: 'Springfield', EMAIL2: 'billing@moved.example' });
    const run = await ok(admin, 'sync_customers', {});
    expect(run.to_intacct).toEqual({ created: 0, updated: 1, deactivated: 0 });
    const contact = intacctCustomer(id)!.DISPLAYCONTACT as Record<string, unknown>;
    expect(contact.EMAIL1).toBe('billing@moved.example');
    expect(contact.PHONE1).toBe(phone);
    expect((contact.MAILADDRESS as Record<string, unknown>).CITY).toBe('Springfield');
    const snap = snapshot();
    expect((await ok(admin, 'sync_customers', {})).written).toBe(0);
    expect(snapshot()).toBe(snap);
  });

  it('sends an Intacct terms change (Intacct owns terms) to Sage 300 through the Web API, translated by payment-terms.csv', async () => {
    const id = 'C20002';
    const target = trimmed(arcus(id)!.CODETERM) === 'NET45' ? { name: 'N15', code: 'NET15' } : { name: 'N45', code: 'NET45' };
    const before = trimmed(intacctCustomer(id)!.TERMNAME);
    editIntacct(id, { TERMNAME: target.name });
    const run = await ok(admin, 'sync_customers', {});
    expect(run.to_sage300).toEqual({ created: 0, updated: 1, deactivated: 0 });
    expect(run.credit_changes).toEqual([{ target: 'sage300', customer_id: id, field: 'TERMS', before, after: target.name }]);
    const row = arcus(id)!;
    expect(trimmed(row.CODETERM)).toBe(target.code);
    expect(trimmed(row.AUDTUSER)).toBe(sandbox.sage300.user.toUpperCase().slice(0, 8));
    const snap = snapshot();
    expect((await ok(admin, 'sync_customers', {})).written).toBe(0);
    expect(snapshot()).toBe(snap);
  });

  it('shows a Sage 300 credit-limit change with before/after and sends it; refuses one made in Intacct (Sage 300 owns it)', async () => {
    const id = 'C20004';
    const before = String(intacctCustomer(id)!.CREDITLIMIT);
    editSage300(id, { AMTCRLIMT: '123456.00' });
    const dry = await ok(admin, 'sync_customers', { dry_run: true });
    expect(dry.message).toMatch(/CREDITLIMIT .* -> 123456\.00/);
    const run = await ok(admin, 'sync_customers', {});
    expect(run.credit_changes).toEqual([
      { target: 'intacct', customer_id: id, field: 'CREDITLIMIT', before: Number(before).toFixed(2), after: '123456.00' },
    ]);
    expect(intacctCustomer(id)!.CREDITLIMIT).toBe('123456.00');

    editIntacct(id, { CREDITLIMIT: '999999.00' });
    const refused = await ok(admin, 'sync_customers', {});
    expect(refused.written).toBe(0);
    expect(Number(arcus(id)!.AMTCRLIMT)).toBe(123456);
    const ex = openExceptions().filter((e) => e.sourceKey === id && e.message.includes('system of record'));
    expect(ex).toHaveLength(1);
    expect(ex[0]!.message).toContain('CREDITLIMIT');
    // Put Intacct back so later runs see the pair in sync again.
    editIntacct(id, { CREDITLIMIT: '123456.00' });
    await ok(admin, 'sync_customers', {});
  });

  it('raises exactly one conflict when a customer changed on both sides, and writes neither', async () => {
    editSage300('C20003', { NAMECUST: 'Sage Side Name' });
    editIntacct('C20003', { NAME: 'Intacct Side Name' });
    for (let i = 0; i < 3; i++) await ok(admin, 'sync_customers', {});
    const conflicts = openExceptions().filter((e) => e.sourceKey === 'C20003' && e.message.startsWith('conflict'));
    expect(conflicts).toHaveLength(1);
    expect(trimmed(arcus('C20003')!.NAMECUST)).toBe('Sage Side Name');
    expect(intacctCustomer('C20003')!.NAME).toBe('Intacct Side Name');
  });

  it('parks bad records in exceptions (id too long for Sage 300, probable duplicate) while a good one goes through', async () => {
    const dupName = `${trimmed(arcus('C20005')!.NAMECUST).toUpperCase()}`;
    editIntacct('C95001', { NAME: 'Made In Intacct Co', TERMNAME: 'N30', CREDITLIMIT: '5000' });
    editIntacct('C-CUSTOMER-ID-TOO-LONG', { NAME: 'Long Id Customer' });
    editIntacct('C95002', { NAME: dupName });
    const run = await ok(admin, 'sync_customers', {});
    expect(run.to_sage300).toMatchObject({ created: 1 });
    expect(run.duplicates).toBe(1);
    expect(run.status).toBe('partial');
    const made = arcus('C95001')!;
    expect(trimmed(made.NAMECUST)).toBe('Made In Intacct Co');
    expect(trimmed(made.CODETERM)).toBe('NET30');
    expect(Number(made.AMTCRLIMT)).toBe(5000);
    // A customer created in Sage 300 from Intacct is cross-referenced the canonical way too (AR looks it up so).
    expect(app.store.xrefs.bySource('CUSTOMER', 'sage300', 'C95001', 'intacct')?.targetKey).toBe('C95001');
    expect(arcus('C-CUSTOMER-ID-TOO-LONG')).toBeUndefined();
    expect(arcus('C95002')).toBeUndefined();
    const ex = openExceptions();
    const long = ex.filter((e) => e.sourceKey === 'C-CUSTOMER-ID-TOO-LONG');
    expect(long).toHaveLength(1);
    expect(long[0]!.message).toContain('IDCUST');
    expect(long[0]!.fix).toContain('customers.csv');
    expect(ex.filter((e) => e.class === 'duplicate' && e.sourceKey === 'C95002')).toHaveLength(1);
    const snap = snapshot();
    expect((await ok(admin, 'sync_customers', {})).written).toBe(0);
    expect(snapshot()).toBe(snap);
  });

  it('propagates a deactivation as inactive, never a delete', async () => {
    editSage300('C20006', { SWACTV: 0 });
    const run = await ok(admin, 'sync_customers', {});
    expect(run.to_intacct).toMatchObject({ deactivated: 1 });
    expect(intacctCustomer('C20006')!.STATUS).toBe('inactive');
  });

  it('parks an agent run for an approver, who executes it through the customers executor; audit rows exist', async () => {
    const agent = await connect(app, 'agent');
    editSage300('C20007', { NAMECUST: 'Approved Rename LLC', AMTCRLIMT: '77000.00' });
    const planned = await ok(agent, 'sync_customers', {});
    expect(planned.status).toBe('pending_approval');
    expect(planned.credit_changes).toMatchObject([{ target: 'intacct', customer_id: 'C20007', field: 'CREDITLIMIT', after: '77000.00' }]);
    expect(intacctCustomer('C20007')!.NAME).not.toBe('Approved Rename LLC');
    const retry = await ok(agent, 'sync_customers', {});
    expect(retry.status).toBe('pending_approval');
    expect(retry.change_set_id).toBe(planned.change_set_id);
    expect(retry.awaiting).toBe(0);
    const approved = await ok(await connect(app, 'approver'), 'approve_change_set', { change_set_id: planned.change_set_id });
    expect(approved.status).toBe('executed');
    expect(intacctCustomer('C20007')!.NAME).toBe('Approved Rename LLC');
    expect(intacctCustomer('C20007')!.CREDITLIMIT).toBe('77000.00');
    const rows = app.audit.query({ changeSetId: planned.change_set_id as number });
    const writes = rows.filter((r) => r.kind === 'external_write');
    expect(writes.map((r) => r.outcome)).toEqual(['intent', 'result']);
    expect(JSON.stringify(writes[1]!.detail)).toContain('"sourceKey":"C20007"');
    expect(rows.some((r) => r.kind !== 'external_write' && r.principal === 'approver')).toBe(true);
    expect((await ok(admin, 'sync_customers', {})).written).toBe(0);
  });
});

describe('sagebridge sync customers', () => {
  it('previews with --dry-run --json through the governor and exits 0', async () => {
    const run = await runCli(['--config', sandbox.configPath, 'sync', 'customers', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { status: string; in_sync: number };
    expect(summary.status).toBe('dry_run');
    expect(summary.in_sync).toBeGreaterThan(10);
  });

  it('rejects an unknown direction as bad input, naming the flag', async () => {
    const run = await runCli(['--config', sandbox.configPath, 'sync', 'customers', '--direction', 'sideways']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--direction');
  });
});
