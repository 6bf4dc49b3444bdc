import { describe, expect, it } from 'vitest';
import { evaluate } from './predicate.ts';
import { parseFilter } from './query-filter.ts';
import { parseXml, type FieldObject, type XNode } from './xml-node.ts';

const bills: FieldObject[] = [
  { RECORDNO: '1', VENDORID: 'Acme', STATE: 'Posted', TOTALDUE: '100.00', WHENDUE: '10/15/2019' },
  { RECORDNO: '2', VENDORID: 'Acme', STATE: 'Draft', TOTALDUE: '600.00', WHENDUE: '11/15/2019' },
  { RECORDNO: '3', VENDORID: 'Globex', STATE: 'Selected', TOTALDUE: '750.25', WHENDUE: '01/15/2020' },
];

function filterNode(xml: string): XNode {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function select(xml: string, caseInsensitive = false): string[] {
  const parsed = parseFilter(filterNode(xml));
  if (!parsed.ok) throw new Error(parsed.error);
  return bills.filter((b) => evaluate(parsed.value, b, { caseInsensitive })).map((b) => b.RECORDNO as string);
}

describe('query <filter>', () => {
  it('combines nested and/or with comparison operators', () => {
    const xml = `<filter><and><equalto><field>VENDORID</field><value>Acme</value></equalto>
      <or><in><field>STATE</field><value>Selected</value><value>Posted</value></in><greaterthan><field>TOTALDUE</field><value>500</value></greaterthan></or></and></filter>`;
    expect(select(xml)).toEqual(['1', '2']);
  });

  it('supports between on dates, notin, isnull, like and notlike', () => {
    expect(select('<filter><between><field>WHENDUE</field><value>10/01/2019</value><value>12/31/2019</value></between></filter>')).toEqual([
      '1',
      '2',
    ]);
    expect(select('<filter><notin><field>STATE</field><value>Draft</value></notin></filter>')).toEqual(['1', '3']);
    expect(select('<filter><isnull><field>MEMO</field></isnull></filter>')).toEqual(['1', '2', '3']);
    expect(select('<filter><like><field>VENDORID</field><value>G%</value></like></filter>')).toEqual(['3']);
    expect(select('<filter><notlike><field>VENDORID</field><value>G%</value></notlike></filter>')).toEqual(['1', '2']);
    expect(select('<filter><lessthanorequalto><field>TOTALDUE</field><value>600</value></lessthanorequalto></filter>')).toEqual(['1', '2']);
  });

  it('is case-sensitive unless caseinsensitive is set', () => {
    const xml = '<filter><equalto><field>VENDORID</field><value>acme</value></equalto></filter>';
    expect(select(xml)).toEqual([]);
    expect(select(xml, true)).toEqual(['1', '2']);
  });

  it('rejects unknown operators and malformed conditions', () => {
    expect(parseFilter(filterNode('<filter><approx><field>A</field><value>1</value></approx></filter>')).ok).toBe(false);
    expect(parseFilter(filterNode('<filter><equalto><value>1</value></equalto></filter>')).ok).toBe(false);
    expect(parseFilter(filterNode('<filter><between><field>A</field><value>1</value></between></filter>')).ok).toBe(false);
    expect(parseFilter(filterNode('<filter><and><isnull><field>A</field></isnull></and></filter>')).ok).toBe(false);
  });
});
