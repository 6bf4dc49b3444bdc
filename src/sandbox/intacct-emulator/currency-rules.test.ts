import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTACCT_BEHAVIOURS_SCHEMA, type IntacctBehaviours } from './behaviours.ts';
import type { CurrencySettings } from './currency-settings.ts';
import { apBillRule } from './ap-bill-rules.ts';
import { glBatchRule } from './gl-batch-rules.ts';
import type { RuleContext, RuleOutcome } from './rule-helpers.ts';
import { seedIfEmpty } from './seed.ts';
import { EmulatorStore } from './store.ts';
import { scalar, type FieldObject } from './xml-node.ts';

const CURRENCY: CurrencySettings = {
  baseCurrency: 'USD',
  currencies: ['USD', 'EUR', 'CAD'],
  rateTypes: [
    { name: 'Intacct Daily Rate', rates: [{ currency: 'EUR', date: '2026-01-10', rate: '1.1' }] },
    { name: 'Average Rate', rates: [] },
  ],
};

let db: Database.Database;
let store: EmulatorStore;
const ctxWith = (behaviours: Partial<IntacctBehaviours> = {}): RuleContext => ({
  store,
  now: new Date(2026, 0, 10),
  userId: 'tester',
  entityId: '',
  currency: CURRENCY,
  behaviours: INTACCT_BEHAVIOURS_SCHEMA.parse(behaviours),
});

beforeEach(() => {
  db = new Database(':memory:');
  store = new EmulatorStore(db);
  seedIfEmpty(store, new Date(2026, 0, 10));
});
afterEach(() => db.close());

/** A EUR debit against a USD credit of `usd`, dated 01/15/2026. */
const entry = (eur: FieldObject, usd: string): FieldObject => ({
  JOURNAL: 'GJ',
  BATCH_DATE: '01/15/2026',
  BATCH_TITLE: 'fx',
  ENTRIES: {
    GLENTRY: [
      { ACCOUNTNO: '6100', TR_TYPE: '1', TRX_AMOUNT: '100.00', CURRENCY: 'EUR', ...eur },
      { ACCOUNTNO: '1000', TR_TYPE: '-1', TRX_AMOUNT: usd },
    ],
  },
});
const text = (o: RuleOutcome): string => (o.ok ? '' : o.error.map((e) => `${e.description} | ${e.description2}`).join('\n'));
const storedLines = (o: RuleOutcome): FieldObject[] => {
  if (!o.ok) return [];
  const batch = store.insert('GLBATCH', undefined, o.value.fields);
  o.value.after?.(batch);
  return store.batchLines(batch.recordNo).map((l) => l.data);
};

describe('Intacct emulator: currency fields', () => {
  it('computes the base amount itself from the rate it receives and stores both sides', () => {
    const o = glBatchRule(entry({ EXCHANGE_RATE: '1.0850', EXCH_RATE_DATE: '01/15/2026' }, '108.50'), ctxWith());
    expect(text(o)).toBe('');
    const [eur] = storedLines(o);
    expect(eur && [scalar(eur, 'TRX_AMOUNT'), scalar(eur, 'AMOUNT'), scalar(eur, 'CURRENCY'), scalar(eur, 'BASECURR')]).toEqual([
      '100.00',
      '108.50',
      'EUR',
      'USD',
    ]);
  });

  it('does not trust an amount: a credit that is not the computed base leaves the entry unbalanced', () => {
    expect(text(glBatchRule(entry({ EXCHANGE_RATE: '1.0850' }, '100.00'), ctxWith()))).toMatch(
      /Unbalanced entry.*debits 108.50 != credits 100.00/,
    );
  });

  it('refuses a currency the company has not enabled', () => {
    expect(text(glBatchRule(entry({ CURRENCY: 'JPY', EXCHANGE_RATE: '0.0067' }, '0.67'), ctxWith()))).toMatch(
      /ENTRIES.GLENTRY\[1\].CURRENCY: Invalid currency \| Currency 'JPY' is not set up/,
    );
  });

  it('refuses a rate type the company does not have', () => {
    expect(text(glBatchRule(entry({ EXCH_RATE_TYPE_ID: 'Sage Spot', EXCHANGE_RATE: '1.085' }, '108.50'), ctxWith()))).toMatch(
      /EXCH_RATE_TYPE_ID: Invalid exchange rate type \| Exchange rate type 'Sage Spot' does not exist/,
    );
  });

  it('takes the rate from the rate type table for the rate date when none is sent', () => {
    const o = glBatchRule(entry({ EXCH_RATE_DATE: '01/10/2026' }, '110.00'), ctxWith());
    expect(text(o)).toBe('');
  });

  it('missingRate=reject: a foreign line with no rate and no table rate for the date is refused', () => {
    expect(text(glBatchRule(entry({}, '110.00'), ctxWith({ missingRate: 'reject' })))).toMatch(
      /EXCHANGE_RATE: Exchange rate missing \| No exchange rate for EUR to USD on 01\/15\/2026/,
    );
  });

  it('missingRate=latest-earlier: the latest earlier table rate is used instead', () => {
    expect(text(glBatchRule(entry({}, '110.00'), ctxWith({ missingRate: 'latest-earlier' })))).toBe('');
    expect(text(glBatchRule(entry({ EXCH_RATE_DATE: '01/05/2026' }, '110.00'), ctxWith({ missingRate: 'latest-earlier' })))).toMatch(
      /Exchange rate missing/,
    );
  });

  it('rateTypeWithRate: rate-wins uses the sent rate with the type; either-or refuses both at once', () => {
    const both = { EXCH_RATE_TYPE_ID: 'Intacct Daily Rate', EXCHANGE_RATE: '1.0850' };
    const o = glBatchRule(entry(both, '108.50'), ctxWith({ rateTypeWithRate: 'rate-wins' }));
    expect(text(o)).toBe('');
    const [eur] = storedLines(o);
    expect(eur && [scalar(eur, 'EXCH_RATE_TYPE_ID'), scalar(eur, 'EXCHANGE_RATE'), scalar(eur, 'AMOUNT')]).toEqual([
      'Intacct Daily Rate',
      '1.085',
      '108.50',
    ]);
    expect(text(glBatchRule(entry(both, '108.50'), ctxWith({ rateTypeWithRate: 'either-or' })))).toMatch(
      /either EXCH_RATE_TYPE_ID or EXCHANGE_RATE, not both/,
    );
  });

  it('baseRounding: half-up and half-even differ on a half cent', () => {
    // 100.00 x 1.08505 = 108.505
    const halfUp = glBatchRule(entry({ EXCHANGE_RATE: '1.08505' }, '108.51'), ctxWith({ baseRounding: 'half-up' }));
    expect(text(halfUp)).toBe('');
    const halfEven = glBatchRule(entry({ EXCHANGE_RATE: '1.08505' }, '108.51'), ctxWith({ baseRounding: 'half-even' }));
    expect(text(halfEven)).toMatch(/debits 108.50 != credits 108.51/);
  });
});

describe('Intacct emulator: bill currency', () => {
  const bill = (extra: FieldObject): FieldObject => ({
    VENDORID: 'V100',
    WHENCREATED: '01/15/2026',
    WHENDUE: '02/15/2026',
    APBILLITEMS: {
      APBILLITEM: [
        { ACCOUNTNO: '6100', TRX_AMOUNT: '0.33' },
        { ACCOUNTNO: '6100', TRX_AMOUNT: '0.33' },
      ],
    },
    ...extra,
  });

  it('converts each line at the rate and totals the bill in base and in transaction currency', () => {
    // 0.33 x 1.5 = 0.495 -> 0.50 per line: the base total is 1.00, not 0.66 x 1.5 = 0.99.
    const o = apBillRule(bill({ CURRENCY: 'EUR', EXCHANGE_RATE: '1.5' }), ctxWith());
    expect(text(o)).toBe('');
    const fields = o.ok ? o.value.fields : {};
    expect([scalar(fields, 'TRX_TOTALENTERED'), scalar(fields, 'TOTALENTERED'), scalar(fields, 'CURRENCY')]).toEqual([
      '0.66',
      '1.00',
      'EUR',
    ]);
  });

  it('refuses an unknown currency and a rate type the company does not have', () => {
    expect(text(apBillRule(bill({ CURRENCY: 'JPY', EXCHANGE_RATE: '0.0067' }), ctxWith()))).toMatch(/CURRENCY: Invalid currency/);
    expect(text(apBillRule(bill({ CURRENCY: 'EUR', EXCH_RATE_TYPE_ID: 'Nope' }), ctxWith()))).toMatch(
      /EXCH_RATE_TYPE_ID: Invalid exchange rate type/,
    );
  });
});
