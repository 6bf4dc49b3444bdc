import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMappings, parseMappings } from './load-mappings.ts';
import type { MappingFileError } from './mapping-files.ts';
import { csvOf, filesWith } from './tables.test-support.ts';

function problems(overrides: Parameters<typeof filesWith>[0], segmentNames?: string[]): MappingFileError[] {
  const parsed = parseMappings(filesWith(overrides), segmentNames ? { segmentNames } : {});
  if (parsed.ok) throw new Error('expected problems, got none');
  return parsed.error;
}
const messages = (errors: readonly MappingFileError[]) => errors.map((e) => e.message);
const accounts = (...lines: string[]) => ({ 'accounts.csv': csvOf('accounts.csv', ...lines) });

describe('parseMappings', () => {
  it('parses a good set into typed tables with line numbers', () => {
    const parsed = parseMappings(
      filesWith({
        ...accounts('10,6000-*-*,6000,=department,=region,PROJECT,, 2026-01-01 ,,"salaries, all"'),
        'dimensions.csv': csvOf('dimensions.csv', 'department,ADM,DEPARTMENT,ADM'),
        'vendors.csv': csvOf('vendors.csv', 'V1,IV1'),
        'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,'),
        'payment-terms.csv': csvOf('payment-terms.csv', '2N30,2% 10 Net 30'),
      }),
    );
    if (!parsed.ok) throw new Error(messages(parsed.error).join('\n'));
    expect(parsed.value.accounts).toEqual([
      {
        line: 2,
        priority: 10,
        source: '6000-*-*',
        pattern: ['6000', '*', '*'],
        wildcards: 2,
        targetAccount: '6000',
        dimensions: {
          DEPARTMENT: { kind: 'segment', segment: 'department' },
          LOCATION: { kind: 'segment', segment: 'region' },
          CLASSID: { kind: 'literal', value: 'PROJECT' },
        },
        effectiveFrom: '2026-01-01',
        comment: 'salaries, all',
      },
    ]);
    expect(parsed.value.dimensions).toEqual([
      { line: 2, segment: 'department', sourceValue: 'ADM', dimension: 'DEPARTMENT', targetValue: 'ADM' },
    ]);
    expect(parsed.value.vendors).toEqual([{ line: 2, s300Id: 'V1', intacctId: 'IV1' }]);
    expect(parsed.value.paymentTerms).toEqual([{ line: 2, termsCode: '2N30', termName: '2% 10 Net 30' }]);
    expect(parsed.value.taxCodes).toEqual([{ line: 2, taxGroup: 'EXEMPT', taxDetailId: 'Exempt' }]);
  });

  it('reports a priority that is not a whole number with file, line, column and fix', () => {
    const [e, ...rest] = problems(
      accounts('10,1000-000-00,1000,,,,,,,', 'ten,1000-000-00,1000,,,,,,,', '-1,1000-000-00,1000,,,,,,,', '2.5,1000-000-00,1000,,,,,,,'),
    );
    expect(e).toEqual({
      code: 'bad_value',
      file: 'accounts.csv',
      line: 3,
      column: 'priority',
      message: 'accounts.csv:3 priority: expected a whole number, got "ten"',
      fix: 'write a whole number such as 10 (the highest priority wins)',
    });
    expect(rest.map((x) => x.line)).toEqual([4, 5]);
  });

  it('reports empty required cells, one error per column', () => {
    expect(messages(problems(accounts(',,,,,,,,,note')))).toEqual([
      'accounts.csv:2 priority: is required but empty',
      'accounts.csv:2 source_account: is required but empty',
      'accounts.csv:2 target_account: is required but empty',
    ]);
  });

  it('checks source_account segments: empty, spaced and partial wildcards', () => {
    expect(messages(problems(accounts('10,6000--EA,6000,,,,,,,', '10,60 0-*-*,6000,,,,,,,', '10,60*-*-*,6000,,,,,,,')))).toEqual([
      'accounts.csv:2 source_account: segment 2 of "6000--EA" is empty',
      'accounts.csv:3 source_account: segment 1 of "60 0-*-*" contains a space',
      'accounts.csv:4 source_account: segment 1 of "60*-*-*" mixes * with other characters (a segment is either * or an exact value)',
    ]);
  });

  it('rejects a segment reference that is not =lowercase-name and suggests the fix', () => {
    const [e] = problems(accounts('10,6000-*-*,6000,=Department,,,,,,'));
    expect(e).toMatchObject({
      line: 2,
      column: 'department',
      message: 'accounts.csv:2 department: "=Department" is not a segment reference',
    });
    expect(e?.fix).toContain('(=department)');
  });

  it('rejects dates that are not real ISO dates and a range that ends before it starts', () => {
    expect(
      messages(
        problems(
          accounts('10,6000-*-*,6000,,,,,2026/01/01,,', '10,6000-*-*,6000,,,,,,2026-02-30,', '10,6000-*-*,6000,,,,,2026-02-01,2026-01-31,'),
        ),
      ),
    ).toEqual([
      'accounts.csv:2 effective_from: expected a date YYYY-MM-DD, got "2026/01/01"',
      'accounts.csv:3 effective_to: expected a date YYYY-MM-DD, got "2026-02-30"',
      'accounts.csv:4 effective_to: 2026-01-31 is before effective_from 2026-02-01',
    ]);
  });

  it('accepts a one-day range (both dates inclusive)', () => {
    expect(parseMappings(filesWith(accounts('10,6000-*-*,6000,,,,,2026-01-31,2026-01-31,'))).ok).toBe(true);
  });

  it('rejects a duplicate on either side of a party map, naming both lines', () => {
    const errors = problems({ 'vendors.csv': csvOf('vendors.csv', 'V1,A', 'V2,B', 'V1,C', 'V3,B') });
    expect(errors.map((e) => [e.code, e.file, e.line, e.column])).toEqual([
      ['duplicate', 'vendors.csv', 4, 's300_vendor_id'],
      ['duplicate', 'vendors.csv', 5, 'intacct_vendor_id'],
    ]);
    expect(errors[0]?.message).toBe('vendors.csv:4 s300_vendor_id: Sage 300 id "V1" is already mapped on line 2');
    expect(errors[1]?.message).toBe('vendors.csv:5 intacct_vendor_id: Intacct id "B" is already mapped on line 3');
  });

  it('rejects duplicates in customers, dimensions, tax codes and payment terms', () => {
    const errors = problems({
      'customers.csv': csvOf('customers.csv', 'C1,C1', 'C1,C2'),
      'dimensions.csv': csvOf('dimensions.csv', 'region,EA,LOCATION,EA', 'region,EA,CLASS,EAST', 'region,EA,LOCATION,E2'),
      'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,', 'EXEMPT,Other,'),
      'payment-terms.csv': csvOf('payment-terms.csv', 'NET30,N30', 'NET30,N31'),
    });
    expect(errors.map((e) => `${e.file}:${e.line}`)).toEqual([
      'dimensions.csv:4',
      'customers.csv:3',
      'tax-codes.csv:3',
      'payment-terms.csv:3',
    ]);
    expect(errors[0]?.message).toBe('dimensions.csv:4 source_value: region EA → LOCATION is already mapped on line 2');
  });

  it('checks dimensions.csv segment names and dimension names', () => {
    expect(messages(problems({ 'dimensions.csv': csvOf('dimensions.csv', 'Region,EA,LOCATION,EA', 'region,EA,location,EA') }))).toEqual([
      'dimensions.csv:2 segment: "Region" is not a segment name',
      'dimensions.csv:3 dimension: "location" is not an Intacct dimension',
    ]);
  });

  it('collects problems from every file in one pass, in file then line order', () => {
    const errors = problems({
      ...accounts('x,1000-000-00,1000,,,,,,,'),
      'customers.csv': 'wrong,header\n',
      'payment-terms.csv': csvOf('payment-terms.csv', 'NET30'),
    });
    expect(errors.map((e) => `${e.code} ${e.file}:${e.line ?? ''}`)).toEqual([
      'bad_value accounts.csv:2',
      'header_mismatch customers.csv:1',
      'column_count payment-terms.csv:2',
    ]);
  });

  it('reports a file absent from the set', () => {
    const files = filesWith({});
    delete files['tax-codes.csv'];
    const parsed = parseMappings(files);
    expect(parsed.ok ? [] : parsed.error.map((e) => [e.code, e.file, e.message])).toEqual([
      ['file_missing', 'tax-codes.csv', 'tax-codes.csv: the file is missing'],
    ]);
  });

  it('checks segment counts and =segment names against the account structure when given', () => {
    const errors = problems(
      {
        ...accounts('10,6000-*,6000,,,,,,,', '10,6000-*-*,6000,=dept,,,,,,'),
        'dimensions.csv': csvOf('dimensions.csv', 'dept,ADM,DEPARTMENT,ADM'),
      },
      ['Account', 'Department', 'Region'],
    );
    expect(messages(errors)).toEqual([
      'accounts.csv:2 source_account: "6000-*" has 2 segment(s); the account structure has 3 (account-department-region)',
      'accounts.csv:3 department: =dept is not a segment of the account structure (account, department, region)',
      'dimensions.csv:2 segment: "dept" is not a segment of the account structure (account, department, region)',
    ]);
    expect(errors.every((e) => e.code === 'structure')).toBe(true);
  });
});

describe('loadMappings', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const folder = (files: Record<string, string | Buffer>) => {
    dir = mkdtempSync(join(tmpdir(), 'sagebridge-mappings-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  it('reads the six files from a folder', () => {
    const loaded = loadMappings(folder(filesWith(accounts('10,1000-000-00,1000,,,,,,,'))));
    expect(loaded.ok && loaded.value.accounts.map((r) => r.targetAccount)).toEqual(['1000']);
  });

  it('loads a folder without items.csv as an empty item map, and one with it as its rows', () => {
    const without = filesWith({});
    delete without['items.csv'];
    const loaded = loadMappings(folder(without));
    expect(loaded.ok && loaded.value.items).toEqual([]);
    rmSync(dir!, { recursive: true, force: true });
    const withItems = loadMappings(folder(filesWith({ 'items.csv': csvOf('items.csv', 'SUP-1,ITM-1,paper', 'SUP-2,ITM-1,') })));
    expect(withItems.ok && withItems.value.items).toEqual([
      { line: 2, s300Item: 'SUP-1', intacctItemId: 'ITM-1', comment: 'paper' },
      { line: 3, s300Item: 'SUP-2', intacctItemId: 'ITM-1' },
    ]);
  });

  it('refuses items.csv with a Sage 300 item twice or a row without its Intacct ITEMID, naming file and line', () => {
    const loaded = loadMappings(folder(filesWith({ 'items.csv': csvOf('items.csv', 'SUP-1,ITM-1,', 'SUP-1,ITM-2,', 'SUP-3,,') })));
    const errors = loaded.ok ? [] : loaded.error.map((e) => `${e.code} ${e.message}`);
    expect(errors).toHaveLength(2);
    expect(errors.some((e) => e.startsWith('duplicate items.csv:3'))).toBe(true);
    expect(errors.some((e) => e.startsWith('required items.csv:4 intacct_item_id'))).toBe(true);
  });

  it('names each missing file once, with the header to create it with', () => {
    const files = filesWith({});
    delete files['vendors.csv'];
    const loaded = loadMappings(folder(files));
    const errors = loaded.ok ? [] : loaded.error;
    expect(errors.map((e) => [e.code, e.file])).toEqual([['file_missing', 'vendors.csv']]);
    expect(errors[0]?.fix).toContain('s300_vendor_id,intacct_vendor_id');
  });

  it('rejects a file that is not UTF-8 (an Excel "CSV" save), naming the line of the first bad byte', () => {
    const latin1 = Buffer.concat([Buffer.from(`${csvOf('vendors.csv', 'V1,A')}V2,`), Buffer.from([0x4d, 0xfc, 0x6c]), Buffer.from('\n')]);
    const loaded = loadMappings(folder({ ...filesWith({}), 'vendors.csv': latin1 }));
    expect(loaded.ok ? [] : loaded.error.map((e) => e.message)).toEqual(['vendors.csv:3: is not valid UTF-8']);
  });
});
