import { describe, expect, it } from 'vitest';
import { decideParties, type DecideInput } from '../parties/party-decide.ts';
import { highlightsOf } from '../parties/party-preview.ts';
import { partyHash } from '../parties/party-spec.ts';
import { UNMAPPED_TERMS_PREFIX, type CustomerField, type CustomerRecord } from '../ports/customer-ports.ts';
import { CUSTOMER_SPEC } from './customer-spec.ts';

const base: Record<CustomerField, string> = {
  NAME: 'Northwind Traders Inc.',
  STATUS: 'active',
  EMAIL: 'ar@nw.example',
  PHONE: '555-0100',
  ADDRESS1: '1 Main St',
  ADDRESS2: '',
  CITY: 'Boston',
  STATE: 'MA',
  ZIP: '02110',
  CURRENCY: 'USD',
  TERMS: 'N30',
  CREDITLIMIT: '10000.00',
};
const rec = (id: string, fields: Partial<Record<CustomerField, string>> = {}, by = 'CLERK'): CustomerRecord => ({
  id,
  fields: { ...base, ...fields },
  modifiedBy: by,
  modifiedAt: '2026-01-01 00:00:00',
});

function input(
  s: CustomerRecord[],
  i: CustomerRecord[],
  opts: { changedI?: CustomerRecord[]; baseline?: string; sor?: DecideInput<CustomerField>['sor'] } = {},
): DecideInput<CustomerField> {
  return {
    changed: { sage300: s, intacct: opts.changedI ?? i },
    all: { sage300: new Map(s.map((r) => [r.id, r])), intacct: new Map(i.map((r) => [r.id, r])) },
    linked: (_system, id) => (opts.baseline === undefined ? undefined : { otherId: id, hash: opts.baseline }),
    mapped: () => undefined,
    sor: opts.sor ?? { default: 'sage300', fields: {} },
    integrationUser: { sage300: 'ADMIN', intacct: 'sync_user' },
  };
}
const decide = (i: DecideInput<CustomerField>) => decideParties(CUSTOMER_SPEC, i);

describe('customer sync rules', () => {
  const baseline = partyHash(CUSTOMER_SPEC, base);

  it('sends a credit-limit change from its system of record and lists it before -> after', () => {
    const d = decide(input([rec('C1', { CREDITLIMIT: '25000.00' })], [rec('C1')], { baseline }));
    expect(d.writes).toMatchObject([{ target: 'intacct', op: 'update', fields: { CREDITLIMIT: '25000.00' }, sensitive: false }]);
    expect(highlightsOf(CUSTOMER_SPEC, d.writes)).toEqual([
      { target: 'intacct', id: 'C1', field: 'CREDITLIMIT', before: '10000.00', after: '25000.00' },
    ]);
  });

  it('refuses a credit-limit change made on the side that does not own it', () => {
    const d = decide(input([rec('C1')], [rec('C1', { CREDITLIMIT: '99999.00' }, 'jdoe')], { baseline }));
    expect(d.writes).toEqual([]);
    expect(d.problems[0]!.message).toMatch(/CREDITLIMIT in Intacct, but Sage 300 is the system of record/);
    expect(d.problems[0]!.fix).toContain('sync.customers.systemOfRecord');
  });

  it('flags a probable duplicate by name alone (case and punctuation ignored), never by a different legal suffix', () => {
    const dup = decide(input([rec('C20001')], [rec('C9', { NAME: 'NORTHWIND TRADERS, INC' })], { changedI: [] }));
    expect(dup.problems).toMatchObject([{ class: 'duplicate', key: 'C20001' }]);
    const other = decide(input([rec('C20001')], [rec('C9', { NAME: 'Northwind Traders LLC' })], { changedI: [] }));
    expect(other.writes).toMatchObject([{ target: 'intacct', op: 'create', id: 'C20001' }]);
  });

  it('refuses records the target cannot hold, naming the field and the fix', () => {
    const long = decide(input([], [rec('CUSTOMER-ID-TOO-LONG', { NAME: 'Long' })]));
    expect(long.writes).toEqual([]);
    expect(long.problems[0]!.message).toContain('IDCUST');
    const terms = decide(input([rec('C2', { NAME: 'Terms Co', TERMS: `${UNMAPPED_TERMS_PREFIX}NET60` })], [], { changedI: [] }));
    expect(terms.writes).toEqual([]);
    expect(terms.problems[0]!.fix).toContain('NET60,<Intacct TERMNAME>');
    const amount = decide(input([], [rec('C3', { NAME: 'Amount Co', CREDITLIMIT: 'lots' })]));
    expect(amount.problems[0]!.message).toContain('CREDITLIMIT "lots" is not an amount');
  });
});
