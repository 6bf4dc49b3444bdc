import { describe, expect, it } from 'vitest';
import { evaluate } from './predicate.ts';
import { parseQueryText } from './query-language.ts';
import type { FieldObject } from './xml-node.ts';

const rows: FieldObject[] = [
  {
    RECORDNO: '1',
    VENDORID: 'V1',
    NAME: "Jane's Deli",
    STATUS: 'active',
    CREDITLIMIT: '900.50',
    WHENDUE: '01/31/2026',
    DISPLAYCONTACT: { EMAIL1: 'a@x.com' },
  },
  { RECORDNO: '2', VENDORID: 'V2', NAME: 'Acme', STATUS: 'inactive', CREDITLIMIT: '1000', WHENDUE: '12/01/2025' },
  { RECORDNO: '10', VENDORID: 'V10', NAME: 'acme lower', STATUS: 'active', CREDITLIMIT: '', WHENDUE: '02/01/2026' },
];

function select(query: string): string[] {
  const parsed = parseQueryText(query);
  if (!parsed.ok) throw new Error(parsed.error);
  return rows.filter((r) => evaluate(parsed.value, r)).map((r) => r.VENDORID as string);
}

describe('readByQuery query language', () => {
  it('selects everything for an empty query', () => {
    expect(select('')).toEqual(['V1', 'V2', 'V10']);
    expect(select('   ')).toEqual(['V1', 'V2', 'V10']);
  });

  it('compares numbers as decimals, not strings', () => {
    expect(select('RECORDNO > 2')).toEqual(['V10']);
    expect(select("CREDITLIMIT >= '950'")).toEqual(['V2']);
    expect(select('RECORDNO <> 1')).toEqual(['V2', 'V10']);
    expect(select('RECORDNO != 1')).toEqual(['V2', 'V10']);
  });

  it('compares mm/dd/yyyy dates chronologically', () => {
    expect(select("WHENDUE < '01/01/2026'")).toEqual(['V2']);
    expect(select("WHENDUE <= '01/31/2026'")).toEqual(['V1', 'V2']);
  });

  it('handles backslash-escaped quotes and case-sensitive strings', () => {
    expect(select("NAME = 'Jane\\'s Deli'")).toEqual(['V1']);
    expect(select("NAME = 'acme'")).toEqual([]);
  });

  it('supports LIKE, NOT LIKE, IN, NOT IN', () => {
    expect(select("NAME LIKE 'Ac%'")).toEqual(['V2']);
    expect(select("NAME like '%e'")).toEqual(['V2']);
    expect(select("NAME NOT LIKE 'Ac%'")).toEqual(['V1', 'V10']);
    expect(select("VENDORID IN ('V1','V10')")).toEqual(['V1', 'V10']);
    expect(select("VENDORID NOT IN ('V1')")).toEqual(['V2', 'V10']);
  });

  it('supports IS NULL / IS NOT NULL treating empty as null', () => {
    expect(select('CREDITLIMIT IS NULL')).toEqual(['V10']);
    expect(select('CREDITLIMIT is not null')).toEqual(['V1', 'V2']);
  });

  it('binds AND tighter than OR and honours parentheses and NOT', () => {
    expect(select("STATUS = 'active' AND RECORDNO > 5 OR VENDORID = 'V2'")).toEqual(['V2', 'V10']);
    expect(select("STATUS = 'active' AND (RECORDNO > 5 OR VENDORID = 'V1')")).toEqual(['V1', 'V10']);
    expect(select("NOT (STATUS = 'active')")).toEqual(['V2']);
  });

  it('reads dotted paths into nested groups', () => {
    expect(select("DISPLAYCONTACT.EMAIL1 = 'a@x.com'")).toEqual(['V1']);
  });

  it('rejects malformed queries with a message naming the problem', () => {
    for (const bad of ["NAME = 'open", 'NAME =', "NAME = 'a' AND", '(NAME = 1', 'NAME ~ 1', "= 'x'", 'NAME IN (1,', 'NAME IS NOT 1']) {
      const parsed = parseQueryText(bad);
      expect(parsed.ok, bad).toBe(false);
    }
    const unterminated = parseQueryText("NAME = 'open");
    expect(unterminated.ok || unterminated.error).toMatch(/unterminated string/);
  });
});
