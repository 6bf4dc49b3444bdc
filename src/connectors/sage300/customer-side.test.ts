import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.ts';
import { canonicalIntacctCustomer } from '../intacct/customer-side.ts';
import { canonicalSage300Customer } from './customer-side.ts';
import type { Customer } from './types.ts';

const terms = { toIntacct: (c: string) => ({ NET30: 'N30' })[c], toSage300: (n: string) => ({ N30: 'NET30' })[n] };

describe('canonical customers', () => {
  it('reads ARCUS and CUSTOMER into the same canonical form (terms through payment-terms.csv, credit limit to 2 places)', () => {
    const sage = canonicalSage300Customer(
      {
        customerId: 'C1',
        name: 'Acme',
        active: true,
        termsCode: 'NET30',
        currency: 'USD',
        creditLimit: new Money('5000'),
        contact: { name: '', phone: '555', fax: '', contactEmail: '', email: 'ar@acme.example' },
        address: { lines: ['1 Main St'], city: 'Boston', state: 'MA', postalCode: '02110', country: 'USA' },
        audit: { user: 'clerk ', date: '2026-01-02', time: '10:11:12.00' },
      } as unknown as Customer,
      terms,
    );
    const intacct = canonicalIntacctCustomer({
      CUSTOMERID: 'C1',
      NAME: 'Acme',
      STATUS: 'active',
      TERMNAME: 'N30',
      CREDITLIMIT: '5000',
      CURRENCY: 'USD',
      DISPLAYCONTACT: {
        EMAIL1: 'ar@acme.example',
        PHONE1: '555',
        MAILADDRESS: { ADDRESS1: '1 Main St', CITY: 'Boston', STATE: 'MA', ZIP: '02110' },
      },
      WHENMODIFIED: '01/02/2026 10:11:12',
      MODIFIEDBY: 'jdoe',
    });
    expect(sage.fields).toEqual(intacct.fields);
    expect(sage.fields.CREDITLIMIT).toBe('5000.00');
    expect(sage.modifiedBy).toBe('CLERK');
    expect(intacct.modifiedAt).toBe('2026-01-02 10:11:12');
  });

  it('marks an unmapped Sage 300 terms code instead of guessing', () => {
    const c = canonicalSage300Customer(
      {
        customerId: 'C2',
        name: 'B',
        active: false,
        termsCode: 'NET60',
        currency: 'USD',
        creditLimit: new Money(0),
        contact: { phone: '', email: '' },
        address: { lines: [], city: '', state: '', postalCode: '' },
        audit: { user: 'X', date: '2026-01-01', time: '00:00:00' },
      } as unknown as Customer,
      terms,
    );
    expect(c.fields.TERMS).toBe('unmapped-terms:NET60');
    expect(c.fields.STATUS).toBe('inactive');
  });
});
