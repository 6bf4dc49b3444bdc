import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money.ts';
import type { Config } from '../../src/platform/config.ts';
import { FX_AR_APPLY, FX_AR_CUSTOMER, FX_AR_INVOICES, FX_AR_PREPAYMENT, FX_AR_RECEIPT } from '../../src/sandbox/demo-data/sage300-fx-ar.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { agentThenApprover, connect, demoMappingsWith, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

/**
 * Issue 16 acceptance for AR, through MCP with an approval and the real emulators: the CAD customer's invoices,
 * receipt and prepayment land with currency, rate, rate date, rate type and transaction amount; the base the
 * emulator computes equals Sage 300's home amount to the cent; what cannot land right is an exception with a fix,
 * caught before sending or from the emulator's refusal; the periods reconcile with nothing unexplained.
 */

const APPROVALS = { approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} } };
const PERIODS = ['2026-06', '2026-07', '2026-08'] as const;

interface Exception {
  source_key: string;
  class: string;
  message: string;
  fix: string;
}

type Row = Record<string, string>;

function sage(sandbox: Sandbox, sql: string, ...params: unknown[]): void {
  const db = new Database(sandbox.prepared.paths.sage300Db);
  db.prepare(sql).run(...params);
  db.close();
}

function sageRows(sandbox: Sandbox, sql: string, ...params: unknown[]): Row[] {
  const db = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
  const rows = db.prepare(sql).all(...params) as Row[];
  db.close();
  return rows;
}

/** Agent asks, approver approves: the engine's one door for a write. */
const syncAr = async (app: App, period: string): Promise<Record<string, unknown>> =>
  agentThenApprover(await connect(app, 'agent'), () => connect(app, 'approver'), 'sync_ar', { period });

const openExceptions = async (client: Client): Promise<Exception[]> =>
  (await ok(client, 'list_exceptions', { pipeline: 'ar', limit: 500 })).exceptions as Exception[];

/** Intacct records of an object for the CAD customer, as the emulator stored them. */
function intacct(sandbox: Sandbox, object: string): Row[] {
  return (
    sandbox.intacct.db
      .prepare("SELECT data FROM records WHERE object = ? AND json_extract(data, '$.CUSTOMERID') = ? ORDER BY recordno")
      .all(object, FX_AR_CUSTOMER) as { data: string }[]
  ).map((r) => JSON.parse(r.data) as Row);
}

const invoiceKey = (doc: string): string => `SAMINC:${FX_AR_CUSTOMER}:${doc}`;
/** The receipt key (ARTCR primary key) of a CAD check. */
function receiptKey(sandbox: Sandbox, check: string, type: number): string {
  const [r] = sageRows(
    sandbox,
    'SELECT CNTBTCH b, CNTITEM e FROM ARTCR WHERE RTRIM(IDRMIT) = ? AND RMITTYPE = ? AND RTRIM(IDCUST) = ?',
    check,
    type,
    FX_AR_CUSTOMER,
  );
  return `SAMINC:CA-${r!.b}-${r!.e}`;
}
const usDate = (d: number): string => `${String(d).slice(4, 6)}/${String(d).slice(6, 8)}/${String(d).slice(0, 4)}`;

describe('multi-currency AR over MCP (default emulator positions)', () => {
  let sandbox: Sandbox;
  let dir: string;
  const apps: App[] = [];
  const appWith = (overrides: Record<string, unknown> = {}): App => {
    const app = testApp(testConfig(sandbox, dir, { ...APPROVALS, ...overrides }));
    apps.push(app);
    return app;
  };
  const strict = (): Record<string, unknown> => ({
    sage300: {
      companies: (sandbox.config as unknown as Config).sage300.companies.map((c) => ({
        ...c,
        currency: { baseTolerance: '0.00', rateFields: 'type-and-rate' },
      })),
    },
  });

  beforeAll(async () => {
    ({ sandbox, dir } = await startTestSandbox());
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await sandbox.stop();
  });

  it('catches before sending: an unmapped rate type, a prepayment without a rate, a base Intacct would book differently', async () => {
    const [june, august] = FX_AR_INVOICES;
    // August at 0.7380077: 1333.33 → 984.01 and 1666.67 → 1230.02 (2214.03 line by line); 3000 x 0.7380077 → 2214.02.
    sage(sandbox, "UPDATE ARIBH SET EXCHRATEHC = '0.7380077' WHERE RTRIM(IDINVC) = ?", august!.number);
    sage(sandbox, "UPDATE ARTCR SET RATEEXCHHC = '0.0000000' WHERE RTRIM(IDRMIT) = ? AND RMITTYPE = 2", FX_AR_PREPAYMENT.check);
    const app = appWith({
      ...strict(),
      mappingsDir: demoMappingsWith(dir, 'rate-types.csv', 's300_rate_type,intacct_rate_type\nSP,Intacct Daily Rate\n'),
    });
    for (const p of PERIODS) await syncAr(app, p);
    expect(intacct(sandbox, 'ARINVOICE')).toEqual([]);
    expect(intacct(sandbox, 'ARPYMT')).toEqual([]);

    const open = await openExceptions(await connect(app, 'analyst'));
    const of = (k: string) => open.find((e) => e.source_key === k);
    expect(of(invoiceKey(june!.number))).toMatchObject({ class: 'mapping' });
    expect(of(invoiceKey(june!.number))!.message).toMatch(/rate type "AV" in rate-types.csv/);
    expect(of(invoiceKey(june!.number))!.fix).toMatch(/add the row "AV,<Intacct exchange rate type/);
    const prepay = of(receiptKey(sandbox, FX_AR_PREPAYMENT.check, 2))!;
    expect(prepay).toMatchObject({ class: 'validation' });
    expect(prepay.message).toMatch(/CAD amount has no exchange rate/);
    expect(prepay.fix).toMatch(/enter the CAD rate/);
    const drift = of(invoiceKey(august!.number))!;
    expect(drift).toMatchObject({ class: 'validation' });
    expect(drift.message).toMatch(/as USD 2214.03 \(line by line\), Sage 300's home total is 2214.02 \(difference 0.01, tolerance 0.00\)/);
    expect(drift.fix).toMatch(/baseTolerance/);
    // The receipt waits for its invoice; the apply for its invoice and credit.
    expect(of(receiptKey(sandbox, FX_AR_RECEIPT.check, 1))).toMatchObject({ class: 'transient' });

    sage(sandbox, 'UPDATE ARIBH SET EXCHRATEHC = ? WHERE RTRIM(IDINVC) = ?', august!.rate, august!.number);
    sage(
      sandbox,
      'UPDATE ARTCR SET RATEEXCHHC = ? WHERE RTRIM(IDRMIT) = ? AND RMITTYPE = 2',
      FX_AR_PREPAYMENT.rate,
      FX_AR_PREPAYMENT.check,
    );
  }, 180_000);

  it("turns the emulator's refusals into exceptions with a fix: a currency it has not enabled, a rate type it does not know", async () => {
    const [june, august] = FX_AR_INVOICES;
    sage(sandbox, "UPDATE ARIBH SET CODECURN = 'JPY' WHERE RTRIM(IDINVC) = ?", august!.number);
    const app = appWith({
      mappingsDir: demoMappingsWith(dir, 'rate-types.csv', 's300_rate_type,intacct_rate_type\nAV,Sage Average\nSP,Intacct Daily Rate\n'),
    });
    await syncAr(app, '2026-06');
    await syncAr(app, '2026-08');
    const open = await openExceptions(await connect(app, 'analyst'));
    const of = (k: string) => open.find((e) => e.source_key === k)!;
    expect(of(invoiceKey(june!.number)).message).toMatch(
      /rejected by the target: .*Invalid exchange rate type.*'Sage Average' does not exist/,
    );
    expect(of(invoiceKey(august!.number)).message).toMatch(/rejected by the target: .*Invalid currency.*'JPY' is not set up/);
    for (const doc of [june!, august!]) expect(of(invoiceKey(doc.number)).fix).toMatch(/correct the record or its mapping/);
    expect(intacct(sandbox, 'ARINVOICE')).toEqual([]);
    sage(sandbox, "UPDATE ARIBH SET CODECURN = 'CAD' WHERE RTRIM(IDINVC) = ?", august!.number);
  }, 180_000);

  let posted: App;
  it('lands every CAD invoice, receipt and prepayment with currency, rate, rate date, type and amount; the base equals Sage 300', async () => {
    const app = (posted = appWith());
    for (const p of PERIODS) await syncAr(app, p);
    const invoices = intacct(sandbox, 'ARINVOICE');
    expect(invoices.map((i) => i.RECORDID)).toEqual(FX_AR_INVOICES.map((i) => i.number));
    for (const inv of FX_AR_INVOICES) {
      const landed = invoices.find((i) => i.RECORDID === inv.number)!;
      const [obl] = sageRows(sandbox, 'SELECT AMTINVCHC home, AMTINVCTC source FROM AROBL WHERE RTRIM(IDINVC) = ?', inv.number);
      expect(landed).toMatchObject({
        CURRENCY: 'CAD',
        BASECURR: 'USD',
        EXCH_RATE_DATE: usDate(inv.rateDate),
        EXCH_RATE_TYPE_ID: inv.rateType === 'AV' ? 'Average Rate' : 'Intacct Daily Rate',
        TRX_TOTALENTERED: new Money(obl!.source!).toFixed(2),
        // The emulator's own base (each line x the rate it received) is Sage 300's home amount, to the cent.
        TOTALENTERED: new Money(obl!.home!).toFixed(2),
        // Both paid off, in CAD and in USD.
        TRX_TOTALDUE: '0.00',
        TOTALDUE: '0.00',
      });
      expect(new Money(landed.EXCHANGE_RATE!).equals(new Money(inv.rate))).toBe(true);
    }
    const payments = intacct(sandbox, 'ARPYMT');
    for (const [cash, type] of [
      [FX_AR_RECEIPT, 1],
      [FX_AR_PREPAYMENT, 2],
    ] as const) {
      const doc = type === 1 ? cash.check : cash.document;
      const landed = payments.find((p) => p.DOCNUMBER === `S300:${receiptKey(sandbox, cash.check, type)}`)!;
      const [obl] = sageRows(sandbox, 'SELECT AMTINVCHC home, AMTINVCTC source FROM AROBL WHERE RTRIM(IDINVC) = ?', doc);
      expect(landed).toMatchObject({
        CURRENCY: 'CAD',
        BASECURR: 'USD',
        EXCH_RATE_DATE: usDate(cash.date),
        EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
        TRX_TOTALENTERED: new Money(obl!.source!).negated().toFixed(2),
        TOTALENTERED: new Money(obl!.home!).negated().toFixed(2),
      });
      expect(new Money(landed.EXCHANGE_RATE!).equals(new Money(cash.rate))).toBe(true);
    }
    // The prepayment's credit was used up by the apply document (apply_arpayment in CAD to the CAD invoice).
    const prepayment = payments.find((p) => p.DOCNUMBER === `S300:${receiptKey(sandbox, FX_AR_PREPAYMENT.check, 2)}`)!;
    expect(prepayment.UNAPPLIED).toBe('0.00');
    expect(FX_AR_APPLY.invoice).toBe(FX_AR_INVOICES[1]!.number);
    // The exceptions of the earlier runs resolved themselves when the records landed.
    const open = await openExceptions(await connect(app, 'analyst'));
    const mine = new Set([
      ...FX_AR_INVOICES.map((i) => invoiceKey(i.number)),
      receiptKey(sandbox, FX_AR_RECEIPT.check, 1),
      receiptKey(sandbox, FX_AR_PREPAYMENT.check, 2),
      receiptKey(sandbox, FX_AR_PREPAYMENT.check, 4),
    ]);
    expect(open.filter((e) => mine.has(e.source_key))).toEqual([]);
  }, 180_000);

  it('reconciles each period with nothing unexplained and compares the CAD customer open balance to the cent', async () => {
    for (const period of PERIODS) {
      const out = await ok(await connect(posted, 'auditor'), 'reconcile_trial_balance', { period });
      expect((out.totals as Record<string, string>).unexplained, period).toBe('0.00');
    }
    // The open-balance comparison: Sage 300's home open balance (AROBL AMTDUEHC) against Intacct's base TOTALDUE.
    const again = await ok(await connect(posted, 'agent'), 'sync_ar', { period: '2026-08', dry_run: true });
    const balances = again.open_balances as { customers: { customer: string }[]; differences: { customer: string }[] };
    expect(balances.customers.find((c) => c.customer === FX_AR_CUSTOMER)).toEqual({
      customer: FX_AR_CUSTOMER,
      sage_open: '0.00',
      intacct_open: '0.00',
      difference: '0.00',
      explained: '0.00',
      unexplained: '0.00',
    });
    expect(balances.differences.filter((d) => d.customer === FX_AR_CUSTOMER)).toEqual([]);
    const due = sageRows(sandbox, 'SELECT AMTDUEHC d FROM AROBL WHERE RTRIM(IDCUST) = ?', FX_AR_CUSTOMER);
    expect(due).toHaveLength(4);
    expect(due.filter((r) => !new Money(r.d!).isZero())).toEqual([]);
  }, 180_000);
});

/**
 * A payment in another currency than its invoice: Sage 300 never holds one (a customer pays in its currency), so a
 * planted USD receipt for the CAD invoice shows what the sync does under each position of the UNCONFIRMED switch.
 */
describe.each(['must-match', 'any'] as const)('an AR payment in another currency than its invoice (arPaymentCurrency=%s)', (position) => {
  let sandbox: Sandbox;
  let dir: string;
  let app: App;
  beforeAll(async () => {
    ({ sandbox, dir } = await startTestSandbox({ intacct: { arPaymentCurrency: position } }));
    app = testApp(testConfig(sandbox, dir, APPROVALS));
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await sandbox.stop();
  });

  it(
    position === 'must-match' ? 'is refused by Intacct and queued with a fix' : 'is applied amount for amount',
    async () => {
      sage(
        sandbox,
        "UPDATE ARTCR SET CODECURN = 'USD', RATEEXCHHC = '1.0000000' WHERE RTRIM(IDRMIT) = ? AND RMITTYPE = 1",
        FX_AR_RECEIPT.check,
      );
      await syncAr(app, '2026-06');
      await syncAr(app, '2026-07');
      const key = receiptKey(sandbox, FX_AR_RECEIPT.check, 1);
      const payment = intacct(sandbox, 'ARPYMT').find((p) => p.DOCNUMBER === `S300:${key}`);
      const june = intacct(sandbox, 'ARINVOICE').find((i) => i.RECORDID === FX_AR_RECEIPT.document)!;
      const exception = (await openExceptions(await connect(app, 'analyst'))).find((e) => e.source_key === key);
      if (position === 'must-match') {
        expect(payment).toBeUndefined();
        expect(exception!.message).toMatch(/rejected by the target: .*Currency mismatch.*is in CAD; a payment in USD cannot be applied/);
        expect(exception!.fix).toMatch(/correct the record or its mapping/);
        expect(june.TRX_TOTALDUE).toBe('12000.00');
      } else {
        expect(exception).toBeUndefined();
        expect(payment).toMatchObject({ CURRENCY: 'USD', TOTALENTERED: '12000.00' });
        expect(june.TRX_TOTALDUE).toBe('0.00');
      }
    },
    180_000,
  );
});
