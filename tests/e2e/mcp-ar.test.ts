/**
 * sync_ar through the MCP tools against both sandbox emulators over real HTTP: an agent's plan parked for an
 * approver, an invoice Intacct rejects at execution (its payment waits, unsent), bad records (unmapped customer,
 * unmapped account) in the exceptions queue while the rest goes through, a full incremental run whose Intacct open
 * balances equal Sage 300's per customer, a re-run that writes nothing, and the open-balance comparison explaining
 * every planted difference with 0.00 unexplained.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntacctClient, fn, type IntacctClient } from '../../src/connectors/intacct/index.ts';
import type { Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let config: Config;
let app: App;
let s300: Database.Database;
let intacct: IntacctClient;

type Balances = {
  sage_open: string;
  intacct_open: string;
  unexplained: string;
  by_reason: Record<string, string>;
  customers: { customer: string; sage_open: string; intacct_open: string; unexplained: string }[];
  differences: { customer: string; key: string; reason: string; amount: string }[];
};

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  config = testConfig(sandbox, started.dir, {
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'auto' }, tools: {} },
  });
  app = testApp(config);
  s300 = new Database(sandbox.prepared.paths.sage300Db);
  const company = config.sage300.companies[0]!;
  intacct = createIntacctClient(
    { ...config.intacct.companies[0]!, ...(company.intacctEntityId ? { entityId: company.intacctEntityId } : {}) },
    { log: silentLogger() },
  );
});
afterAll(async () => {
  await intacct.close();
  s300.close();
  await app.close();
  await sandbox.stop();
});

const writes = (): number => {
  const by = sandbox.intacct.stats().byFunction;
  return (by.create_invoice ?? 0) + (by.create ?? 0);
};
const count = (object: string, where = '1=1'): number =>
  (sandbox.intacct.db.prepare(`SELECT COUNT(*) n FROM records WHERE object = ? AND ${where}`).get(object) as { n: number }).n;
const cents = (v: string): number => Math.round(Number(v) * 100);
const setCustomerStatus = async (id: string, status: string, key: string): Promise<void> => {
  const [r] = await intacct.execute([fn.update('CUSTOMER', { CUSTOMERID: id, STATUS: status }, { idempotencyKey: key })]);
  expect(r?.ok).toBe(true);
};

/** A posted Sage 300 invoice of a mapped customer in `period` with a receipt applied to it (in the same month if `sameMonth`). */
function invoiceWithReceipt(
  period: string,
  exclude: readonly string[],
  sameMonth = true,
): { customer: string; doc: string; batch: number; entry: number } {
  const row = s300
    .prepare(
      `SELECT trim(h.IDCUST) customer, trim(h.IDINVC) doc, h.CNTBTCH batch, h.CNTITEM entry FROM ARIBH h
       JOIN ARTCP p ON trim(p.IDINVC) = trim(h.IDINVC) AND trim(p.IDCUST) = trim(h.IDCUST)
       JOIN ARTCR r ON r.CODEPYMTYP = p.CODEPAYM AND r.CNTBTCH = p.CNTBTCH AND r.CNTITEM = p.CNTITEM
       WHERE h.FISCPER = ? AND h.TEXTTRX = 1 AND (? = 0 OR CAST(r.DATERMIT / 100 AS INTEGER) = ?) AND trim(h.IDCUST) NOT IN (${exclude.map(() => '?').join(',')})
       ORDER BY h.IDINVC LIMIT 1`,
    )
    .get(period, sameMonth ? 1 : 0, Number(`2026${period}`), ...exclude) as
    { customer: string; doc: string; batch: number; entry: number } | undefined;
  if (!row) throw new Error(`no invoice with a same-month receipt in period ${period}`);
  return row;
}

const UNMAPPED_CUSTOMERS = ['C20008', 'C20018', 'C20028'];
let rejected: { customer: string; doc: string };
let badAccount: { customer: string; doc: string; batch: number; entry: number };

describe('sync_ar over MCP', () => {
  it('is offered to analyst, agent and admin, not to approvers, and names the bad selection field', async () => {
    const agent = await connect(app, 'agent');
    const tool = (await agent.listTools()).tools.find((t) => t.name === 'sync_ar');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect((await (await connect(app, 'approver')).listTools()).tools.map((t) => t.name)).not.toContain('sync_ar');
    const refused = errorOf(await call(agent, 'sync_ar', { period: '2026-02', incremental: true }));
    expect(refused.code).toBe('invalid_arguments');
    expect(refused.message).toContain('period');
  });

  it("parks an agent's plan for an approver; an invoice Intacct rejects lands nowhere and its payment waits unsent", async () => {
    rejected = invoiceWithReceipt('02', UNMAPPED_CUSTOMERS);
    const agent = await connect(app, 'agent');
    const before = writes();
    const dry = await ok(agent, 'sync_ar', { period: '2026-02', dry_run: true });
    expect(dry.status).toBe('dry_run');
    const planned = await ok(agent, 'sync_ar', { period: '2026-02' });
    expect(planned.status).toBe('pending_approval');
    expect(planned.invoices_planned).toBe(dry.invoices_planned);
    expect(Number(planned.invoices_planned)).toBeGreaterThan(5);
    expect(Number(planned.payments_planned)).toBeGreaterThan(0);
    // While it waits, the comparison shows the plan's documents as awaiting approval and nothing unexplained.
    const pending = planned.open_balances as Balances;
    expect(cents(pending.by_reason.awaiting_approval ?? '0')).toBeGreaterThan(0);
    expect(pending.unexplained).toBe('0.00');
    expect(writes()).toBe(before);
    const again = await ok(agent, 'sync_ar', { period: '2026-02' });
    expect(again.change_set_id).toBe(planned.change_set_id);

    // Between plan and approval the customer is deactivated in Intacct: its invoice create will be refused.
    await setCustomerStatus(rejected.customer, 'inactive', 'test-deactivate');
    const approver = await connect(app, 'approver');
    const approved = await ok(approver, 'approve_change_set', { change_set_id: planned.change_set_id, digest: planned.digest });
    expect(approved.status).toBe('executed');
    const result = approved.result as Record<string, number | string | Balances>;
    expect(Number(result.waiting)).toBeGreaterThan(0);
    expect(Number(result.written)).toBeGreaterThan(0);
    expect(Number(result.written)).toBeLessThan(Number(planned.invoices_planned) + Number(planned.payments_planned));
    expect(count('ARINVOICE', `json_extract(data, '$.RECORDID') = '${rejected.doc}'`)).toBe(0);
    expect(count('ARPYMT', `json_extract(data, '$.CUSTOMERID') = '${rejected.customer}'`)).toBe(0);
    const exceptions = await ok(await connect(app, 'analyst'), 'list_exceptions', { pipeline: 'ar' });
    const waits = (exceptions.exceptions as { class: string; message: string }[]).filter(
      (e) => e.class === 'transient' && e.message.includes(rejected.doc),
    );
    expect(waits.length).toBeGreaterThan(0);
    // Receipts of March that pay February invoices are not in Intacct yet: explained as payments not applied.
    const after = result.open_balances as Balances;
    expect(cents(after.by_reason.payment_not_applied ?? '0')).toBeLessThan(0);
    expect(after.unexplained).toBe('0.00');
    await setCustomerStatus(rejected.customer, 'active', 'test-reactivate');
  });

  it('runs everything once: bad records wait in exceptions, the rest lands, and per-customer balances match Sage 300', async () => {
    badAccount = invoiceWithReceipt('05', [...UNMAPPED_CUSTOMERS, rejected.customer], false);
    s300.prepare("UPDATE ARIBD SET IDACCTREV = '4999-000-00' WHERE CNTBTCH = ? AND CNTITEM = ?").run(badAccount.batch, badAccount.entry);
    const analyst = await connect(app, 'analyst');
    const run = await ok(analyst, 'sync_ar', { incremental: true });
    expect(run.status).toBe('partial');
    expect(Number(run.written)).toBe(Number(run.invoices_planned) + Number(run.payments_planned));
    // The invoice refused earlier and its waiting payment land now, once.
    expect(count('ARINVOICE', `json_extract(data, '$.RECORDID') = '${rejected.doc}'`)).toBe(1);
    const problems = run.problems as { source_key: string; class: string; message: string }[];
    expect(
      problems.some(
        (p) =>
          p.class === 'mapping' && p.source_key.endsWith(`:${badAccount.customer}:${badAccount.doc}`) && p.message.includes('4999-000-00'),
      ),
    ).toBe(true);
    expect(problems.some((p) => p.class === 'transient' && p.message.includes(badAccount.doc))).toBe(true);
    for (const c of UNMAPPED_CUSTOMERS)
      expect(problems.some((p) => p.class === 'mapping' && p.message.includes(`customer ${c}`))).toBe(true);
    expect(count('ARINVOICE', `json_extract(data, '$.RECORDID') = '${badAccount.doc}'`)).toBe(0);

    const balances = run.open_balances as Balances;
    expect(balances.unexplained).toBe('0.00');
    expect(Object.keys(balances.by_reason)).toEqual(['in_exceptions']);
    // Independently of the tool: Σ AROBL.AMTDUEHC per customer in Sage 300 = Σ TOTALDUE per customer in Intacct.
    const sage = new Map(
      (s300.prepare('SELECT trim(IDCUST) c, SUM(AMTDUEHC) due FROM AROBL GROUP BY trim(IDCUST)').all() as { c: string; due: number }[]).map(
        (r) => [r.c, Math.round(r.due * 100)],
      ),
    );
    const ia = new Map(
      (
        sandbox.intacct.db
          .prepare(
            "SELECT json_extract(data, '$.CUSTOMERID') c, SUM(CAST(json_extract(data, '$.TOTALDUE') AS REAL)) due FROM records WHERE object = 'ARINVOICE' GROUP BY 1",
          )
          .all() as { c: string; due: number }[]
      ).map((r) => [r.c, Math.round(r.due * 100)]),
    );
    const clean = [...sage.keys()].filter((c) => !UNMAPPED_CUSTOMERS.includes(c) && c !== badAccount.customer);
    expect(clean.length).toBeGreaterThan(10);
    for (const c of clean) expect([c, ia.get(c) ?? 0]).toEqual([c, sage.get(c)]);
  });

  it('writes nothing on a re-run', async () => {
    const before = writes();
    const invoices = count('ARINVOICE');
    const payments = count('ARPYMT');
    const rerun = await ok(await connect(app, 'analyst'), 'sync_ar', { incremental: true });
    expect(['nothing_to_do', 'partial']).toContain(rerun.status);
    expect(rerun.invoices_planned).toBe(0);
    expect(rerun.payments_planned).toBe(0);
    expect(writes()).toBe(before);
    expect([count('ARINVOICE'), count('ARPYMT')]).toEqual([invoices, payments]);
  });

  it('explains differences planted in Intacct: an invoice entered directly, a payment applied directly', async () => {
    const customer = (
      sandbox.intacct.db
        .prepare("SELECT json_extract(data, '$.CUSTOMERID') c FROM records WHERE object = 'ARINVOICE' ORDER BY recordno LIMIT 1")
        .get() as { c: string }
    ).c;
    const [direct] = await intacct.execute([
      fn.createInvoice(
        {
          customerid: customer,
          datecreated: '2026-06-15',
          invoiceno: 'MANUAL-1',
          invoiceitems: { lineitem: [{ glaccountno: '4000', amount: '123.45' }] },
        },
        { idempotencyKey: 'test-direct-invoice' },
      ),
    ]);
    expect(direct?.ok).toBe(true);
    const open = sandbox.intacct.db
      .prepare(
        "SELECT recordno r, json_extract(data, '$.CUSTOMERID') c FROM records WHERE object = 'ARINVOICE' AND CAST(json_extract(data, '$.TOTALDUE') AS REAL) > 100 AND json_extract(data, '$.RECORDID') != 'MANUAL-1' ORDER BY recordno LIMIT 1",
      )
      .get() as { r: number; c: string };
    const [paid] = await intacct.execute([
      fn.create(
        'ARPYMT',
        {
          CUSTOMERID: open.c,
          PAYMENTMETHOD: 'Cash',
          RECEIPTDATE: '06/20/2026',
          ARPYMTDETAILS: { ARPYMTDETAIL: [{ RECORDKEY: String(open.r), TRX_PAYMENTAMOUNT: '50.00' }] },
        },
        { idempotencyKey: 'test-direct-payment' },
      ),
    ]);
    expect(paid?.ok).toBe(true);
    const dry = await ok(await connect(app, 'analyst'), 'sync_ar', { incremental: true, dry_run: true });
    const b = dry.open_balances as Balances;
    expect(b.unexplained).toBe('0.00');
    expect(b.by_reason.intacct_only).toBe('-123.45');
    expect(b.by_reason.amount_differs).toBe('50.00');
    expect(cents(b.by_reason.in_exceptions ?? '0')).toBeGreaterThan(0);
    for (const c of b.customers) expect(c.unexplained).toBe('0.00');
  });
});
