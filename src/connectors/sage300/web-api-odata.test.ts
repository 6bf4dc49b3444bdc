import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.ts';
import { buildQueryString, f, keySegment, odataLiteral, odataString, pagingFromNextLink, renderFilter } from './web-api-odata.ts';

describe('OData literals', () => {
  it('doubles single quotes inside string literals', () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
    expect(odataString("''")).toBe("''''''");
    expect(odataString('')).toBe("''");
  });

  it('keeps a quote-injection attempt inside one literal', () => {
    const filter = renderFilter(f.eq('VendorName', "x' or VendorNumber ne '"));
    expect(filter).toBe("VendorName eq 'x'' or VendorNumber ne '''");
  });

  it('renders amounts exactly from Money and refuses float numbers', () => {
    expect(odataLiteral(new Money('1234.505'))).toBe('1234.505');
    expect(odataLiteral(new Money('0.1').plus(new Money('0.2')))).toBe('0.3');
    expect(() => odataLiteral(0.1)).toThrow(/Money/);
    expect(() => odataLiteral(Number.NaN)).toThrow();
    expect(odataLiteral(42)).toBe('42');
  });

  it('renders dates, booleans and null', () => {
    expect(odataLiteral(new Date(Date.UTC(2016, 11, 31, 12)))).toBe('2016-12-31T12:00:00Z');
    expect(odataLiteral(true)).toBe('true');
    expect(odataLiteral(null)).toBe('null');
  });

  it('parenthesises and/or groups and rejects property names that are not identifiers', () => {
    expect(
      renderFilter(f.and(f.eq('Status', 'Active'), f.or(f.startswith('VendorNumber', 'V1'), f.gt('CreditLimit', new Money('10'))))),
    ).toBe("(Status eq 'Active') and ((startswith(VendorNumber,'V1')) or (CreditLimit gt 10))");
    expect(() => renderFilter(f.eq('Status eq 1 or x', 'a'))).toThrow(/property name/);
  });
});

describe('query strings and keys', () => {
  it('percent-encodes option values but keeps the $ option names', () => {
    const qs = buildQueryString({
      filter: f.eq('VendorName', 'A & B'),
      select: ['VendorNumber', 'VendorName'],
      top: 5,
      skip: 10,
      orderBy: [{ field: 'VendorName', descending: true }],
    });
    expect(qs).toBe("$filter=VendorName%20eq%20'A%20%26%20B'&$select=VendorNumber%2CVendorName&$orderby=VendorName%20desc&$top=5&$skip=10");
    expect(new URLSearchParams(qs).get('$filter')).toBe("VendorName eq 'A & B'");
  });

  it('writes string, numeric and composite keys the way Sage expects', () => {
    expect(keySegment('1200')).toBe("('1200')");
    expect(keySegment("O'B 1")).toBe("('O''B%201')");
    expect(keySegment(66)).toBe('(66)');
    expect(keySegment({ BatchRecordType: 'CA', BatchNumber: 65 })).toBe("(BatchRecordType='CA',BatchNumber=65)");
  });

  it('reads $skip and $top from a nextLink', () => {
    expect(pagingFromNextLink('http://h/Sage300WebApi/v1.0/-/X/OE/OEInvoices?$skip=100')).toEqual({ skip: 100 });
    expect(pagingFromNextLink('http://h/x?$filter=a&$skip=200&$top=50')).toEqual({ skip: 200, top: 50 });
    expect(pagingFromNextLink('http://h/x?$skiptoken=abc')).toBeUndefined();
  });
});
