import { describe, expect, it } from 'vitest';
import { createCodeLookups } from './lookups.ts';
import { parseMappings } from './load-mappings.ts';
import { csvOf, filesWith } from './tables.test-support.ts';

const parsed = parseMappings(
  filesWith({
    'vendors.csv': csvOf('vendors.csv', 'V10001,IV-1', 'V10002,IV-2'),
    'customers.csv': csvOf('customers.csv', 'C20001,IC-1'),
    'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax'),
    'payment-terms.csv': csvOf('payment-terms.csv', 'NET30,N30'),
  }),
);
if (!parsed.ok) throw new Error('bad fixture');
const lookups = createCodeLookups(parsed.value);

describe('code lookups', () => {
  it('maps parties both ways, tax groups and terms', () => {
    expect(lookups.vendorId('V10002')).toEqual({ ok: true, value: 'IV-2' });
    expect(lookups.s300VendorId('IV-1')).toEqual({ ok: true, value: 'V10001' });
    expect(lookups.customerId('C20001')).toEqual({ ok: true, value: 'IC-1' });
    expect(lookups.s300CustomerId('IC-1')).toEqual({ ok: true, value: 'C20001' });
    expect(lookups.taxDetail('EXEMPT')).toEqual({ ok: true, value: 'Exempt' });
    expect(lookups.termName('NET30')).toEqual({ ok: true, value: 'N30' });
  });

  it('drops trailing CHAR padding but matches case-sensitively', () => {
    expect(lookups.vendorId('V10001      ').ok).toBe(true);
    expect(lookups.termName('net30').ok).toBe(false);
  });

  it('answers mapping_missing naming the file to edit and the row to add', () => {
    const cases = [
      [lookups.vendorId('V99999'), 'vendors.csv', 'V99999,<Intacct VENDORID>'],
      [lookups.customerId('C99999'), 'customers.csv', 'C99999,<Intacct CUSTOMERID>'],
      [lookups.s300VendorId('IV-9'), 'vendors.csv', '<Sage 300 VENDORID>,IV-9'],
      [lookups.s300CustomerId('IC-9'), 'customers.csv', '<Sage 300 IDCUST>,IC-9'],
      [lookups.taxDetail('GST'), 'tax-codes.csv', 'GST,<Intacct tax detail id>,'],
      [lookups.termName('NET60'), 'payment-terms.csv', 'NET60,<Intacct TERMNAME>'],
    ] as const;
    for (const [result, file, row] of cases) {
      expect(result.ok ? 'ok' : result.error).toMatchObject({ code: 'mapping_missing', file });
      expect(result.ok ? '' : result.error.fix).toContain(`"${row}"`);
    }
  });
});
