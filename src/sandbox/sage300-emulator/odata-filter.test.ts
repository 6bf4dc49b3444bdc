import { describe, expect, it } from 'vitest';
import { parseFilter } from './odata-filter.ts';
import { parseRoute } from './route.ts';

describe('$filter parser', () => {
  it('reads doubled quotes as one quote and keeps and/or precedence', () => {
    expect(parseFilter("VendorName eq 'O''Brien' or Status eq 'Active' and OnHold eq 'OnHold'")).toEqual({
      type: 'or',
      left: { type: 'cmp', op: 'eq', field: 'VendorName', value: { kind: 'string', value: "O'Brien" } },
      right: {
        type: 'and',
        left: { type: 'cmp', op: 'eq', field: 'Status', value: { kind: 'string', value: 'Active' } },
        right: { type: 'cmp', op: 'eq', field: 'OnHold', value: { kind: 'string', value: 'OnHold' } },
      },
    });
  });

  it('accepts functions, old and new literal forms, and literal-first comparisons', () => {
    expect(parseFilter("startswith(VendorNumber,'V1')")).toEqual({ type: 'fn', fn: 'startswith', field: 'VendorNumber', value: 'V1' });
    expect(parseFilter("substringof('ab',VendorName)")).toEqual({ type: 'fn', fn: 'contains', field: 'VendorName', value: 'ab' });
    expect(parseFilter('CreditLimit ge 99.99m')).toMatchObject({ value: { kind: 'number', text: '99.99' } });
    expect(parseFilter("InactiveDate lt datetime'2015-12-31T12:00'")).toMatchObject({ value: { kind: 'date', text: '2015-12-31T12:00' } });
    expect(parseFilter('InactiveDate le 2016-12-31T12:00:00Z')).toMatchObject({ value: { kind: 'date', text: '2016-12-31T12:00:00Z' } });
    expect(parseFilter('100 lt CreditLimit')).toEqual({
      type: 'cmp',
      op: 'gt',
      field: 'CreditLimit',
      value: { kind: 'number', text: '100' },
    });
    expect(parseFilter("not (Status eq 'Active')")).toMatchObject({ type: 'not' });
  });

  it('rejects malformed filters instead of guessing', () => {
    for (const bad of [
      "VendorName eq 'open",
      'VendorName eq',
      "VendorName like 'x'",
      "eq 'x'",
      "(Status eq 'Active'",
      "Status eq 'A' extra",
    ]) {
      expect(() => parseFilter(bad), bad).toThrow(SyntaxError);
    }
  });
});

describe('route parser', () => {
  it('reads quoted, numeric, named and action keys', () => {
    const r = (p: string) => parseRoute(`/Sage300WebApi/v1.0/-/SAMINC/${p}`);
    expect(r("AP/APVendors('O''B')")).toMatchObject({
      ok: true,
      value: { company: 'SAMINC', module: 'AP', resource: 'APVendors', key: { kind: 'value', value: "O'B" } },
    });
    expect(r('GL/GLJournalBatches(66)')).toMatchObject({ value: { key: { kind: 'value', value: 66 } } });
    expect(r("AR/ARCustomers(CustomerNumber='1200')")).toMatchObject({ value: { key: { kind: 'value', value: '1200' } } });
    expect(r('GL/GLPostJournal($process)')).toMatchObject({ value: { key: { kind: 'action', action: '$process' } } });
    expect(r("GL/GLPostJournal('$process')")).toMatchObject({ value: { key: { kind: 'action', action: '$process' } } });
    expect(r("AP/APVendors('a'b')")).toMatchObject({ value: { key: { kind: 'invalid' } } });
    expect(parseRoute('/other/path')).toEqual({ ok: false, error: 'outside_api' });
  });
});
