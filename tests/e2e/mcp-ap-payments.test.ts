import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money.ts';
import { FX_AP_BILLS, FX_AP_PAYMENTS, FX_AP_VENDOR } from '../../src/sandbox/demo-data/sage300-fx-ap.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { agentThenApprover, connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

/**
 * Issue 16 for AP payments, through MCP with an approval and the real emulators: the EUR vendor's bills and payments
 * land with currency, rate, rate date, rate type and transaction amount, and Intacct's base equals Sage 300's home
 * amount to the cent; a payment whose bill is not in Intacct waits and goes once the bill lands; a re-run writes
 * nothing; Intacct's refusal of a payment is an exception with a fix.
 */

const APPROVALS = { approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} } };

interface Exception {
  source_key: string;
  class: string;
  message: string;
  fix: string;
}

const usDate = (d: number): string => `${String(d).slice(4, 6)}/${String(d).slice(6, 8)}/${String(d).slice(0, 4)}`;
const home = (eur: string, rate: string): string => new Money(eur).times(rate).toDecimalPlaces(2, Money.ROUND_HALF_UP).toFixed(2);
const eurOf = (lines: readonly string[]): string => lines.reduce((s, l) => s.plus(l), new Money(0)).toFixed(2);

describe('AP payments over MCP (the EUR vendor across a rate change)', () => {
  let sandbox: Sandbox;
  let app: App;
  let agent: Client;
  let approver: Client;

  /** Runs SQL against the sandbox's Sage 300 company. */
  const sage = (sql: string, ...params: unknown[]): void => {
    const db = new Database(sandbox.prepared.paths.sage300Db);
    db.prepare(sql).run(...params);
    db.close();
  };
  /** The Sage 300 source key of each trap payment, by check number. */
  const paymentKeys = (): Map<string, string> => {
    const db = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
    const rows = db.prepare('SELECT RTRIM(IDRMIT) c, CNTBTCH b, CNTENTR e FROM APTCR WHERE RTRIM(IDVEND) = ?').all(FX_AP_VENDOR) as {
      c: string;
      b: number;
      e: number;
    }[];
    db.close();
    return new Map(rows.map((r) => [r.c, `SAMINC:PY-${r.b}-${r.e}`]));
  };
  /** Records of an Intacct object as the emulator stored them, filtered by a field. */
  const intacct = (object: string, field: string, value: string): Record<string, unknown>[] =>
    (
      sandbox.intacct.db
        .prepare(`SELECT data FROM records WHERE object = ? AND json_extract(data, '$.${field}') = ?`)
        .all(object, value) as {
        data: string;
      }[]
    ).map((r) => JSON.parse(r.data) as Record<string, unknown>);
  const count = (object: string): number =>
    (sandbox.intacct.db.prepare('SELECT COUNT(*) n FROM records WHERE object = ?').get(object) as { n: number }).n;

  /** Agent asks, approver approves (the one door for a write); what the approval returned, or the plan when nothing was left. */
  const sync = (period: string): Promise<Record<string, unknown>> =>
    agentThenApprover(agent, () => Promise.resolve(approver), 'replicate_ap_invoices', { period });
  const openExceptions = async (): Promise<Exception[]> =>
    (await ok(await connect(app, 'analyst'), 'list_exceptions', { pipeline: 'ap', limit: 500 })).exceptions as Exception[];

  beforeAll(async () => {
    let dir: string;
    ({ sandbox, dir } = await startTestSandbox());
    app = testApp(testConfig(sandbox, dir, APPROVALS));
    agent = await connect(app, 'agent');
    approver = await connect(app, 'approver');
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await sandbox.stop();
  });

  it('holds the September payment while its July bill is not in Intacct: an exception that says why, nothing sent', async () => {
    const key = paymentKeys().get('EFT-EUR-0002')!;
    const out = await sync('2026-09');
    expect(intacct('APPYMT', 'DOCNUMBER', `S300:${key}`)).toEqual([]);
    const result = (out.result ?? out) as Record<string, unknown>;
    expect(result.payments_waiting).toBe(1);
    const waiting = (await openExceptions()).find((e) => e.source_key === key);
    expect(waiting).toMatchObject({ class: 'transient' });
    expect(waiting!.message).toContain(`bill SAMINC:${FX_AP_VENDOR}:RP-2026-0388 is not in Intacct`);
    expect(waiting!.fix).toMatch(/run replicate_ap_invoices again/);
  }, 120_000);

  it("turns Intacct's refusal of a payment (a currency it has not enabled) into an exception with a fix; the bills still land", async () => {
    const key = paymentKeys().get('EFT-EUR-0001')!;
    sage("UPDATE APTCR SET CODECURN = 'XYZ' WHERE RTRIM(IDRMIT) = 'EFT-EUR-0001'");
    try {
      await sync('2026-07');
    } finally {
      sage("UPDATE APTCR SET CODECURN = 'EUR' WHERE RTRIM(IDRMIT) = 'EFT-EUR-0001'");
    }
    for (const b of FX_AP_BILLS) expect(intacct('APBILL', 'DOCNUMBER', `S300:SAMINC:${FX_AP_VENDOR}:${b.doc}`)).toHaveLength(1);
    expect(intacct('APPYMT', 'DOCNUMBER', `S300:${key}`)).toEqual([]);
    const refused = (await openExceptions()).find((e) => e.source_key === key);
    expect(refused!.message).toMatch(/rejected by the target: .*Invalid currency.*'XYZ' is not set up/);
    expect(refused!.fix).toMatch(/correct the record or its mapping/);
  }, 120_000);

  it('lands the bills and the July payment with currency, rate, rate date, rate type and amount; bases equal Sage 300 to the cent', async () => {
    await sync('2026-07');
    for (const b of FX_AP_BILLS) {
      const [bill] = intacct('APBILL', 'DOCNUMBER', `S300:SAMINC:${FX_AP_VENDOR}:${b.doc}`);
      expect(bill).toMatchObject({
        CURRENCY: 'EUR',
        BASECURR: 'USD',
        EXCHANGE_RATE: new Money(b.rate).toFixed(),
        // Sage 300's own rate date (APIBH.DATERATE): for the second bill a day before its document date.
        EXCH_RATE_DATE: usDate(b.rateDate),
        EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
        TRX_TOTALENTERED: eurOf(b.lines),
        TOTALENTERED: b.lines.reduce((s, l) => s.plus(home(l, b.rate)), new Money(0)).toFixed(2),
      });
    }
    const july = FX_AP_PAYMENTS[0]!;
    const key = paymentKeys().get(july.check)!;
    const [payment] = intacct('APPYMT', 'DOCNUMBER', `S300:${key}`);
    const bill = FX_AP_BILLS.find((b) => b.doc === july.bill)!;
    const db = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
    const sageHome = db.prepare("SELECT AMTRMITHC h FROM APTCR WHERE RTRIM(IDRMIT) = 'EFT-EUR-0001'").get() as { h: string };
    db.close();
    expect(payment).toMatchObject({
      VENDORID: FX_AP_VENDOR,
      FINANCIALENTITY: 'SVB-OPERATING',
      CURRENCY: 'EUR',
      BASECURR: 'USD',
      EXCHANGE_RATE: new Money(july.rate).toFixed(),
      EXCH_RATE_DATE: usDate(july.date),
      EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
      PAYMENTDATE: usDate(july.date),
      TRX_TOTALENTERED: eurOf(bill.lines),
      // The emulator's base (EUR x the rate it received) is Sage 300's home amount of the payment, to the cent.
      TOTALENTERED: new Money(sageHome.h).toFixed(2),
    });
    const [paidBill] = intacct('APBILL', 'DOCNUMBER', `S300:SAMINC:${FX_AP_VENDOR}:${july.bill}`);
    expect(paidBill).toMatchObject({ STATE: 'Paid', TRX_TOTALDUE: '0.00' });
    // The refusal's exception resolved itself when the payment landed.
    expect((await openExceptions()).find((e) => e.source_key === key)).toBeUndefined();
  }, 120_000);

  it('sends the waiting September payment once its bill is in Intacct, at its own later rate', async () => {
    const sept = FX_AP_PAYMENTS[1]!;
    const key = paymentKeys().get(sept.check)!;
    await sync('2026-09');
    const [payment] = intacct('APPYMT', 'DOCNUMBER', `S300:${key}`);
    const bill = FX_AP_BILLS.find((b) => b.doc === sept.bill)!;
    expect(payment).toMatchObject({
      CURRENCY: 'EUR',
      EXCHANGE_RATE: new Money(sept.rate).toFixed(),
      EXCH_RATE_DATE: usDate(sept.date),
      TRX_TOTALENTERED: eurOf(bill.lines),
      TOTALENTERED: home(eurOf(bill.lines), sept.rate),
    });
    expect(intacct('APBILL', 'DOCNUMBER', `S300:SAMINC:${FX_AP_VENDOR}:${sept.bill}`)[0]).toMatchObject({ STATE: 'Paid' });
    expect((await openExceptions()).find((e) => e.source_key === key)).toBeUndefined();
  }, 120_000);

  it('writes nothing on a re-run of either period', async () => {
    const before = { bills: count('APBILL'), payments: count('APPYMT') };
    for (const period of ['2026-07', '2026-09']) {
      const again = await ok(agent, 'replicate_ap_invoices', { period });
      expect(again.change_set_id ?? null).toBeNull();
      expect(again.payments).toBe(0);
    }
    expect({ bills: count('APBILL'), payments: count('APPYMT') }).toEqual(before);
    expect(before.payments).toBe(FX_AP_PAYMENTS.length);
  }, 120_000);
});
