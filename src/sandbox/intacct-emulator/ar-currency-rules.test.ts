import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyArPaymentFunction, createArPaymentFunction } from './ar-cash-functions.ts';
import { arPaymentRule } from './ar-payment-rules.ts';
import { INTACCT_BEHAVIOURS_SCHEMA, type IntacctBehaviours } from './behaviours.ts';
import type { CurrencySettings } from './currency-settings.ts';
import type { FunctionContext, FunctionResult } from './function-types.ts';
import { createInvoiceFunction } from './legacy-functions.ts';
import { seedIfEmpty } from './seed.ts';
import { EmulatorStore } from './store.ts';
import { parseXml, scalar, type FieldObject, type XNode } from './xml-node.ts';

const CURRENCY: CurrencySettings = {
  baseCurrency: 'USD',
  currencies: ['USD', 'EUR', 'CAD'],
  rateTypes: [
    { name: 'Intacct Daily Rate', rates: [] },
    { name: 'Average Rate', rates: [] },
  ],
};

let db: Database.Database;
let store: EmulatorStore;
const ctxWith = (behaviours: Partial<IntacctBehaviours> = {}): FunctionContext => ({
  store,
  now: new Date(2026, 5, 20),
  userId: 'tester',
  entityId: '',
  currency: CURRENCY,
  behaviours: INTACCT_BEHAVIOURS_SCHEMA.parse(behaviours),
  companyId: 'TEST',
  endpoint: '/ia/xml/xmlgw.phtml',
  functionsInRequest: 1,
  openSession: () => 's',
  newResultId: () => 'r',
});

beforeEach(() => {
  db = new Database(':memory:');
  store = new EmulatorStore(db);
  seedIfEmpty(store, new Date(2026, 0, 10));
});
afterEach(() => db.close());

const node = (xml: string): XNode => {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const date = (name: string, iso: string) =>
  `<${name}><year>${iso.slice(0, 4)}</year><month>${iso.slice(5, 7)}</month><day>${iso.slice(8, 10)}</day></${name}>`;
const errors = (r: FunctionResult): string => (r.errors ?? []).map((e) => `${e.description} | ${e.description2}`).join('\n');

/** A create_invoice of C100 with `currency` elements (already XML) and lines of `amounts`. */
const invoice = (currency: string, amounts: string[]): XNode =>
  node(
    `<create_invoice><customerid>C100</customerid>${date('datecreated', '2026-06-15')}<invoiceno>IN-1</invoiceno>${currency}` +
      `<invoiceitems>${amounts.map((a) => `<lineitem><glaccountno>4000</glaccountno><amount>${a}</amount></lineitem>`).join('')}</invoiceitems></create_invoice>`,
  );
const CAD = `<currency>CAD</currency>${date('exchratedate', '2026-06-12')}<exchratetype>Average Rate</exchratetype><exchrate>0.735</exchrate>`;
const stored = (object: string, key: string | undefined): FieldObject => store.get(object, Number(key))!.data;

describe('Intacct emulator: AR invoices and payments in a foreign currency', () => {
  it('create_invoice converts each line itself and keeps transaction and base totals', () => {
    const r = createInvoiceFunction(invoice(CAD, ['7500.00', '4500.00']), ctxWith());
    expect(errors(r)).toBe('');
    const inv = stored('ARINVOICE', r.key);
    expect(inv).toMatchObject({
      CURRENCY: 'CAD',
      BASECURR: 'USD',
      EXCHANGE_RATE: '0.735',
      EXCH_RATE_DATE: '06/12/2026',
      EXCH_RATE_TYPE_ID: 'Average Rate',
      TRX_TOTALDUE: '12000.00',
      TOTALENTERED: '8820.00',
      TOTALDUE: '8820.00',
    });
  });

  it('a home-currency invoice stores what it stored before (no TRX_ totals, no rate)', () => {
    const r = createInvoiceFunction(invoice('<currency>USD</currency>', ['10.00']), ctxWith());
    const inv = stored('ARINVOICE', r.key);
    expect(Object.keys(inv).filter((k) => k.startsWith('TRX_') || k.startsWith('EXCH'))).toEqual([]);
    expect(inv.TOTALDUE).toBe('10.00');
  });

  it('refuses an unknown currency, an unknown rate type, and (missingRate=reject) a foreign invoice with no rate', () => {
    expect(errors(createInvoiceFunction(invoice('<currency>JPY</currency><exchrate>0.0067</exchrate>', ['1']), ctxWith()))).toMatch(
      /Currency 'JPY' is not set up/,
    );
    expect(errors(createInvoiceFunction(invoice('<currency>CAD</currency><exchratetype>Spot</exchratetype>', ['1']), ctxWith()))).toMatch(
      /Exchange rate type 'Spot' does not exist/,
    );
    expect(errors(createInvoiceFunction(invoice('<currency>CAD</currency>', ['1']), ctxWith()))).toMatch(/No exchange rate for CAD to USD/);
    expect(errors(createInvoiceFunction(invoice(CAD, ['1']), ctxWith({ rateTypeWithRate: 'either-or' })))).toMatch(
      /Provide either exchratetype or exchrate, not both/,
    );
  });

  it('an ARPYMT at a later rate pays the invoice off in its currency and relieves the whole base', () => {
    const inv = createInvoiceFunction(invoice(CAD, ['12000.00']), ctxWith()).key!;
    const payment = (currency: string): FieldObject => ({
      CUSTOMERID: 'C100',
      PAYMENTMETHOD: 'Printed Check',
      RECEIPTDATE: '07/15/2026',
      CURRENCY: currency,
      EXCHANGE_RATE: '0.741',
      ARPYMTDETAILS: { ARPYMTDETAIL: [{ RECORDKEY: inv, TRX_PAYMENTAMOUNT: '12000.00' }] },
    });
    const usd = arPaymentRule({ ...payment('USD'), EXCHANGE_RATE: '' }, ctxWith());
    expect(!usd.ok && usd.error.map((e) => e.description2).join()).toMatch(/Invoice \d+ is in CAD; a payment in USD cannot be applied/);
    const o = arPaymentRule(payment('CAD'), ctxWith());
    if (!o.ok) throw new Error(o.error.map((e) => e.description2).join());
    expect(o.value.fields).toMatchObject({ TRX_TOTALENTERED: '12000.00', TOTALENTERED: '8892.00', EXCHANGE_RATE: '0.741' });
    o.value.after?.(store.insert('ARPYMT', undefined, o.value.fields));
    expect(stored('ARINVOICE', inv)).toMatchObject({ TRX_TOTALDUE: '0.00', TOTALDUE: '0.00', TOTALPAID: '8820.00', STATE: 'Paid' });
  });

  it('arPaymentCurrency=any applies a payment in another currency amount for amount', () => {
    const inv = createInvoiceFunction(invoice(CAD, ['100.00']), ctxWith()).key!;
    const o = arPaymentRule(
      {
        CUSTOMERID: 'C100',
        PAYMENTMETHOD: 'Cash',
        RECEIPTDATE: '07/15/2026',
        CURRENCY: 'USD',
        ARPYMTDETAILS: { ARPYMTDETAIL: { RECORDKEY: inv, TRX_PAYMENTAMOUNT: '40.00' } },
      },
      ctxWith({ arPaymentCurrency: 'any' }),
    );
    expect(o.ok).toBe(true);
  });

  it('a foreign prepayment (create_arpayment) keeps its credit in its currency; apply_arpayment refuses another currency', () => {
    const cad = createInvoiceFunction(invoice(CAD, ['3000.00']), ctxWith()).key!;
    const eur = createInvoiceFunction(invoice('<currency>EUR</currency><exchrate>1.09</exchrate>', ['50.00']), ctxWith()).key!;
    const prepay = createArPaymentFunction(
      node(
        `<create_arpayment><customerid>C100</customerid><paymentamount>3000.00</paymentamount>${date('datereceived', '2026-07-20')}` +
          `<paymentmethod>Printed Check</paymentmethod><currency>CAD</currency><exchrate>0.741</exchrate></create_arpayment>`,
      ),
      ctxWith(),
    );
    expect(errors(prepay)).toBe('');
    expect(stored('ARPYMT', prepay.key)).toMatchObject({ TRX_TOTALENTERED: '3000.00', TOTALENTERED: '2223.00', UNAPPLIED: '3000.00' });
    const apply = (invoiceKey: string, amount: string) =>
      applyArPaymentFunction(
        node(
          `<apply_arpayment><arpaymentkey>${prepay.key}</arpaymentkey>${date('paymentdate', '2026-08-14')}` +
            `<arpaymentitems><arpaymentitem><invoicekey>${invoiceKey}</invoicekey><amount>${amount}</amount></arpaymentitem></arpaymentitems></apply_arpayment>`,
        ),
        ctxWith(),
      );
    expect(errors(apply(eur, '50.00'))).toMatch(/Invoice \d+ is in EUR; a payment in CAD cannot be applied/);
    expect(errors(apply(cad, '3000.00'))).toBe('');
    expect(stored('ARINVOICE', cad)).toMatchObject({ TRX_TOTALDUE: '0.00', TOTALDUE: '0.00', STATE: 'Paid' });
    expect(scalar(stored('ARPYMT', prepay.key), 'UNAPPLIED')).toBe('0.00');
  });
});
