/**
 * The demo company's document traps (issue 16) through the MCP tools, each planned by an agent and executed by an
 * approver, against both sandbox emulators over real HTTP: a PO whose item items.csv does not map is held at plan
 * time (nothing sent for it); a taxed AR invoice lands with its tax entries and its full amount due; a prepayment
 * becomes an Intacct credit that Sage 300's later apply entry applies to that invoice; a bill carries its attachment
 * references as an Intacct attachment record named in its SUPDOCID. Each would fail on the code before issue 16.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { asList, emulatorCall } from '../helpers/intacct-test-client.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { SANDBOX_COMPANY as CO } from '../../src/sandbox/sandbox-data.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;
let agent: Client;
let approver: Client;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  const config = testConfig(sandbox, started.dir, {
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'auto' }, tools: {} },
    rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
  });
  app = testApp(config);
  agent = await connect(app, 'agent');
  approver = await connect(app, 'approver');
}, 60_000);
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

const traps = () => sandbox.prepared.truth.sage300.docTraps;
type Rec = Record<string, unknown>;
const records = (object: string, where: string, ...args: unknown[]): Rec[] =>
  (sandbox.intacct.db.prepare(`SELECT data FROM records WHERE object = ? AND ${where}`).all(object, ...args) as { data: string }[]).map(
    (r) => JSON.parse(r.data) as Rec,
  );
const billAccount = (bill: Rec): unknown => asList((bill.APBILLITEMS as { APBILLITEM: Rec[] }).APBILLITEM)[0]?.ACCOUNTNO;
const functionsSent = (name: string): number => sandbox.intacct.stats().byFunction[name] ?? 0;

/** An agent plans the tool call; an approver approves its exact digest; returns the plan and the approval. */
async function planAndApprove(tool: string, args: Record<string, unknown>): Promise<{ planned: Rec; approved: Rec }> {
  const planned = await ok(agent, tool, args);
  expect(planned.status).toBe('pending_approval');
  const approved = await ok(approver, 'approve_change_set', { change_set_id: planned.change_set_id, digest: planned.digest });
  expect(approved.status).toBe('executed');
  return { planned, approved };
}

/** One function on the Intacct emulator's gateway, as any Intacct client sends it; the result element. */
const intacctCall = (body: Record<string, unknown>): Promise<Rec> => emulatorCall(sandbox.intacct, body);

describe('issue 16 document traps over MCP, with an approval each', () => {
  it('holds a PO whose item items.csv does not map at plan time, naming the item and the row to add; the rest go with mapped ITEMIDs', async () => {
    const { item, poNumber } = traps().unmappedItemPo;
    const { planned, approved } = await planAndApprove('sync_purchase_orders', {});
    const problem = (planned.problems as { source_key: string; class: string; message: string }[]).find(
      (p) => p.source_key === `${CO}:${poNumber}`,
    );
    expect(problem?.class).toBe('mapping');
    expect(problem?.message).toContain(`item "${item}"`);
    const exceptions = (await ok(approver, 'list_exceptions', { pipeline: 'po' })).exceptions as { source_key: string; fix: string }[];
    expect(exceptions.find((e) => e.source_key === `${CO}:${poNumber}`)?.fix).toContain(
      `add the row "${item},<Intacct ITEMID>," to items.csv`,
    );
    // Nothing was sent for it, and every line that was sent names an item Intacct holds.
    expect(records('PODOCUMENT', "json_extract(data, '$.EXTERNALID') = ?", `S300:${CO}:${poNumber}`)).toEqual([]);
    expect((approved.result as Rec).written).toBe(planned.to_create);
    const catalog = new Set(records('ITEM', '1=1').map((i) => i.ITEMID));
    const sentItems = records('PODOCUMENT', "json_extract(data, '$.EXTERNALID') LIKE 'S300:%'").flatMap((d) =>
      asList((d.PODOCUMENTENTRIES as { PODOCUMENTENTRY: Rec[] }).PODOCUMENTENTRY).map((l) => l.ITEMID),
    );
    expect(sentItems.length).toBeGreaterThan(10);
    expect(sentItems.filter((i) => !catalog.has(i))).toEqual([]);
  });

  it('posts the taxed AR invoice with its tax entry, so Intacct owes the gross amount; the apply entry of its prepayment waits', async () => {
    const inv = traps().taxedInvoice;
    const { planned } = await planAndApprove('sync_ar', { period: '2026-03' });
    const problems = planned.problems as { source_key: string; class: string; message: string }[];
    expect(problems.find((p) => p.message.includes(inv.documentNumber) && p.message.includes('tax'))).toBeUndefined();
    const [created] = records('ARINVOICE', "json_extract(data, '$.RECORDID') = ?", inv.documentNumber);
    expect(created).toBeDefined();
    expect(created!.TOTALDUE).toBe(inv.total);
    const lines = asList((created!.ARINVOICEITEMS as { ARINVOICEITEM: Rec[] }).ARINVOICEITEM);
    expect(lines.map((l) => [l.AMOUNT, l.TAXENTRIES])).toEqual([[inv.net, { taxentry: { detailid: 'Sales Tax 8.25', trx_tax: inv.tax } }]]);
    // Its prepayment (period 2) is not in Intacct yet: the apply entry waits with the reason, and nothing is applied.
    const exceptions = (await ok(approver, 'list_exceptions', { pipeline: 'ar' })).exceptions as { class: string; message: string }[];
    expect(exceptions.find((e) => e.message.includes(traps().prepayment.documentNumber))?.class).toBe('transient');
    expect(functionsSent('apply_arpayment')).toBe(0);
  });

  it('refuses the prepayment clearly when Intacct will not keep an unapplied payment (switch refused), and applies it later when it does', async () => {
    const pre = traps().prepayment;
    const inv = traps().taxedInvoice;
    sandbox.intacct.setBehaviours({ arPaymentWithoutItems: 'refused' });
    try {
      const { approved } = await planAndApprove('sync_ar', { period: '2026-02' });
      expect(Number((approved.result as Rec).exceptions)).toBeGreaterThan(0);
      expect(
        records('ARPYMT', "json_extract(data, '$.DOCNUMBER') LIKE ? AND json_extract(data, '$.UNAPPLIED') IS NOT NULL", 'S300:%'),
      ).toEqual([]);
      const exceptions = (await ok(approver, 'list_exceptions', { pipeline: 'ar' })).exceptions as {
        source_key: string;
        message: string;
      }[];
      expect(exceptions.some((e) => e.message.includes('arpaymentitem'))).toBe(true);
    } finally {
      sandbox.intacct.setBehaviours({ arPaymentWithoutItems: 'credit' });
    }
    // Retried under the default: the prepayment becomes a credit of the customer in Intacct, nothing applied yet.
    const exceptions = (await ok(approver, 'list_exceptions', { pipeline: 'ar' })).exceptions as { id: number; message: string }[];
    const refusedOne = exceptions.find((e) => e.message.includes('arpaymentitem'));
    await ok(agent, 'retry_exceptions', { exception_ids: [refusedOne!.id] });
    await planAndApprove('sync_ar', { period: '2026-02' });
    const credits = records('ARPYMT', "json_extract(data, '$.UNAPPLIED') IS NOT NULL");
    expect(credits.map((c) => [c.CUSTOMERID, c.TOTALENTERED, c.UNAPPLIED])).toEqual([[pre.customerId, pre.amount, pre.amount]]);

    // Period 3 again: Sage 300's apply entry applies the credit to the taxed invoice, in full.
    const { planned } = await planAndApprove('sync_ar', { period: '2026-03' });
    expect(Number(planned.payments_planned)).toBeGreaterThanOrEqual(1); // with March receipts of February invoices, now in Intacct
    expect(functionsSent('apply_arpayment')).toBe(1);
    const [invoice] = records('ARINVOICE', "json_extract(data, '$.RECORDID') = ?", inv.documentNumber);
    expect([invoice!.TOTALDUE, invoice!.TOTALPAID]).toEqual(['0.00', inv.total]);
    expect(records('ARPYMT', "json_extract(data, '$.UNAPPLIED') IS NOT NULL").map((c) => c.UNAPPLIED)).toEqual(['0.00']);
    // A re-run plans nothing for them, and the open balances of the customer agree with Sage 300.
    const again = await ok(agent, 'sync_ar', { period: '2026-03', dry_run: true });
    expect(again.payments_planned).toBe(0);
    const balances = again.open_balances as { customers: { customer: string; unexplained: string }[]; unexplained: string };
    expect(balances.unexplained).toBe('0.00');
  });

  it('carries the bill’s attachment references to an Intacct attachment record its SUPDOCID names, without copying files', async () => {
    const bill = traps().billWithAttachments;
    const planned = await ok(agent, 'replicate_ap_invoices', { period: '2026-04' });
    // The approver sees the references in the exact payload before approving.
    const cs = await ok(approver, 'get_change_set', { change_set_id: planned.change_set_id, items_limit: 500 });
    const item = (cs.items as { source_key: string; payload: Rec }[]).find((i) => i.source_key.endsWith(`:${bill.documentNumber}`));
    const supdoc = item?.payload.SAGE300_SUPDOC as Rec | undefined;
    for (const ref of bill.references) expect(supdoc?.supdocdescription).toContain(ref);
    const approved = await ok(approver, 'approve_change_set', { change_set_id: planned.change_set_id, digest: planned.digest });
    expect(approved.status).toBe('executed');
    const [created] = records('APBILL', "json_extract(data, '$.RECORDID') = ?", bill.documentNumber);
    expect(created?.SUPDOCID).toBe(supdoc?.supdocid);
    expect(created?.SAGE300_SUPDOC).toBeUndefined();
    const [attachment] = records('SUPDOC', "json_extract(data, '$.SUPDOCID') = ?", created!.SUPDOCID);
    expect(attachment?.FOLDERNAME).toBe('Sage 300');
    for (const ref of bill.references) expect(attachment?.DESCRIPTION).toContain(ref);
    expect(asList((attachment?.FILES as { FILE?: Rec[] } | undefined)?.FILE ?? [])).toEqual([]);
    // Only the one bill with references got an attachment record (the taxed AR invoice has its own, S3AR…).
    expect(records('SUPDOC', "json_extract(data, '$.SUPDOCID') LIKE 'S3AP%'")).toHaveLength(1);
    expect(records('APBILL', "json_extract(data, '$.SUPDOCID') IS NOT NULL")).toHaveLength(1);
    // Intacct refuses a bill naming an attachment record that does not exist.
    const refused = await intacctCall({
      create: {
        APBILL: {
          VENDORID: bill.vendorId,
          WHENCREATED: '04/12/2026',
          WHENDUE: '05/12/2026',
          SUPDOCID: 'NO-SUCH-SUPDOC',
          APBILLITEMS: { APBILLITEM: { ACCOUNTNO: billAccount(created!), TRX_AMOUNT: '1.00' } },
        },
      },
    });
    expect(refused.status).toBe('failure');
    expect(JSON.stringify(refused.errormessage)).toContain('SUPDOCID');
  });
});
