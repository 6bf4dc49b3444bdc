/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
   these tests walk loosely parsed XML answers; the assertions are the type checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntacctEmulator, type IntacctEmulator } from '../../src/sandbox/intacct-emulator/index.ts';
import { asList, buildRequestXml, parseResponseXml, postXml, type RawFunction } from '../helpers/intacct-test-client.ts';

/**
 * The Intacct emulator's AP payment rules (generic create APPYMT) over real HTTP: what it refuses is what a real
 * tenant could refuse, so the AP sync cannot pass by the emulator copying the client's assumptions.
 */

let emu: IntacctEmulator;
beforeAll(async () => {
  emu = await startIntacctEmulator({ seed: 16 });
});
afterAll(async () => {
  await emu.stop();
});

let seq = 0;
const fn = (body: Record<string, unknown>): RawFunction => ({ controlid: `f-${++seq}`, body });

async function call(functions: RawFunction[]): Promise<any[]> {
  const xml = buildRequestXml({
    senderId: emu.credentials.senderId,
    senderPassword: emu.credentials.senderPassword,
    auth: { login: { userid: emu.credentials.userId, companyid: emu.credentials.companyId, password: emu.credentials.userPassword } },
    functions,
  });
  const res = await postXml(emu.endpoint, xml);
  expect(res.status).toBe(200);
  return parseResponseXml(res.text).response.operation[0].result;
}

const errorsOf = (r: any): string =>
  asList<{ description?: string; description2?: string }>(r.errormessage?.error)
    .map((e) => `${e.description ?? ''} | ${e.description2 ?? ''}`)
    .join('\n');

/** Creates a bill of `vendor` in `currency` (rate `rate` when foreign) for `amount`; returns its RECORDNO. */
async function bill(vendor: string, amount: string, currency = 'EUR', rate = '1.085'): Promise<string> {
  const [r] = await call([
    fn({
      create: {
        APBILL: {
          VENDORID: vendor,
          WHENCREATED: '03/05/2026',
          WHENDUE: '04/04/2026',
          CURRENCY: currency,
          ...(currency === 'USD' ? {} : { EXCHANGE_RATE: rate, EXCH_RATE_DATE: '03/05/2026' }),
          APBILLITEMS: { APBILLITEM: { ACCOUNTNO: '6300', TRX_AMOUNT: amount } },
        },
      },
    }),
  ]);
  expect(r.status, errorsOf(r)).toBe('success');
  return String(r.data.apbill.RECORDNO);
}

const payment = (recordKey: string, amount: string, extra: Record<string, unknown> = {}) =>
  fn({
    create: {
      APPYMT: {
        FINANCIALENTITY: 'SVB-OPERATING',
        PAYMENTMETHOD: 'Record Transfer',
        VENDORID: 'V100',
        PAYMENTDATE: '03/26/2026',
        CURRENCY: 'EUR',
        EXCHANGE_RATE: '1.092',
        EXCH_RATE_DATE: '03/26/2026',
        EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
        ...extra,
        APPYMTDETAILS: { APPYMTDETAIL: { RECORDKEY: recordKey, TRX_PAYMENTAMOUNT: amount } },
      },
    },
  });

const read = async (object: string, key: string, fields: string): Promise<Record<string, string>> => {
  const [r] = await call([fn({ read: { object, keys: key, fields } })]);
  return r.data[object];
};

describe('Intacct emulator: AP payments (APPYMT)', () => {
  it('pays a EUR bill at the payment rate: base computed from what it receives, the bill partly then fully paid', async () => {
    const key = await bill('V100', '4000.00');
    const [first] = await call([payment(key, '1000.00')]);
    expect(first.status, errorsOf(first)).toBe('success');
    const pay = await read('APPYMT', String(first.data.appymt.RECORDNO), 'CURRENCY,BASECURR,EXCHANGE_RATE,TRX_TOTALENTERED,TOTALENTERED');
    expect(pay).toEqual({ CURRENCY: 'EUR', BASECURR: 'USD', EXCHANGE_RATE: '1.092', TRX_TOTALENTERED: '1000.00', TOTALENTERED: '1092.00' });
    // The bill's base moves at its own rate (1.085); the rest of the difference is Intacct's exchange gain or loss.
    expect(await read('APBILL', key, 'TRX_TOTALDUE,TOTALDUE,STATE')).toEqual({
      TRX_TOTALDUE: '3000.00',
      TOTALDUE: '3255.00',
      STATE: 'Partially Paid',
    });
    const [rest] = await call([payment(key, '3000.00')]);
    expect(rest.status, errorsOf(rest)).toBe('success');
    expect(await read('APBILL', key, 'TRX_TOTALDUE,TOTALDUE,STATE')).toEqual({ TRX_TOTALDUE: '0.00', TOTALDUE: '0.00', STATE: 'Paid' });
  });

  it('refuses more than is due on the bill, also summed over two details', async () => {
    const key = await bill('V100', '100.00');
    const [over] = await call([payment(key, '100.01')]);
    expect(over.status).toBe('failure');
    expect(errorsOf(over)).toContain('Overpayment');
    const [twice] = await call([
      fn({
        create: {
          APPYMT: {
            FINANCIALENTITY: 'SVB-OPERATING',
            PAYMENTMETHOD: 'Cash',
            VENDORID: 'V100',
            PAYMENTDATE: '03/26/2026',
            CURRENCY: 'EUR',
            EXCHANGE_RATE: '1.092',
            APPYMTDETAILS: {
              APPYMTDETAIL: [
                { RECORDKEY: key, TRX_PAYMENTAMOUNT: '60.00' },
                { RECORDKEY: key, TRX_PAYMENTAMOUNT: '40.01' },
              ],
            },
          },
        },
      }),
    ]);
    expect(twice.status).toBe('failure');
    expect(errorsOf(twice)).toContain('exceeds the amount due 100.00');
    expect(await read('APBILL', key, 'TRX_TOTALDUE')).toEqual({ TRX_TOTALDUE: '100.00' });
  });

  it("refuses a bill of another vendor, a bill that does not exist and a payment not in the bill's currency", async () => {
    const other = await bill('V200', '50.00');
    const [wrongVendor] = await call([payment(other, '10.00')]);
    expect(errorsOf(wrongVendor)).toContain("belongs to vendor 'V200', not 'V100'");
    const [missing] = await call([payment('999999', '10.00')]);
    expect(errorsOf(missing)).toContain("Bill with RECORDNO '999999' does not exist");
    const usdBill = await bill('V100', '50.00', 'USD');
    const [mismatch] = await call([payment(usdBill, '10.00')]);
    expect(errorsOf(mismatch)).toContain('is in USD; the payment is in EUR');
    const [unknownVendor] = await call([payment(other, '10.00', { VENDORID: 'NOPE' })]);
    expect(unknownVendor.status).toBe('failure');
  });

  it('refuses an unknown currency, an unknown rate type and a foreign payment with no rate', async () => {
    const key = await bill('V100', '80.00');
    const [currency] = await call([payment(key, '10.00', { CURRENCY: 'XYZ' })]);
    expect(errorsOf(currency)).toContain("Currency 'XYZ' is not set up for this company");
    const [rateType] = await call([payment(key, '10.00', { EXCH_RATE_TYPE_ID: 'Nightly Guess' })]);
    expect(errorsOf(rateType)).toContain("Exchange rate type 'Nightly Guess' does not exist");
    const [noRate] = await call([payment(key, '10.00', { EXCHANGE_RATE: '', EXCH_RATE_TYPE_ID: '' })]);
    expect(errorsOf(noRate)).toContain('No exchange rate for EUR to USD');
    expect(await read('APBILL', key, 'TRX_TOTALDUE')).toEqual({ TRX_TOTALDUE: '80.00' });
  });

  it('requires FINANCIALENTITY under apPaymentBankAccount: required, and accepts its absence under optional', async () => {
    const key = await bill('V100', '20.00');
    emu.setBehaviours({ apPaymentBankAccount: 'required' });
    const [refused] = await call([payment(key, '5.00', { FINANCIALENTITY: '' })]);
    expect(errorsOf(refused)).toContain('FINANCIALENTITY is required');
    emu.setBehaviours({ apPaymentBankAccount: 'optional' });
    try {
      const [accepted] = await call([payment(key, '5.00', { FINANCIALENTITY: '' })]);
      expect(accepted.status, errorsOf(accepted)).toBe('success');
    } finally {
      emu.setBehaviours({ apPaymentBankAccount: 'required' });
    }
  });

  it('gives the amounts back to the bill when a payment is deleted, and refuses an update', async () => {
    const key = await bill('V100', '70.00');
    const [paid] = await call([payment(key, '70.00')]);
    const recordNo = String(paid.data.appymt.RECORDNO);
    expect(await read('APBILL', key, 'STATE')).toEqual({ STATE: 'Paid' });
    const [update] = await call([fn({ update: { APPYMT: { RECORDNO: recordNo, PAYMENTMETHOD: 'Cash' } } })]);
    expect(errorsOf(update)).toContain('APPYMT: Update not supported');
    const [del] = await call([fn({ delete: { object: 'APPYMT', keys: recordNo } })]);
    expect(del.status).toBe('success');
    expect(await read('APBILL', key, 'TRX_TOTALDUE,TOTALDUE,STATE')).toEqual({ TRX_TOTALDUE: '70.00', TOTALDUE: '75.95', STATE: 'Posted' });
  });
});
