import { describe, expect, it } from 'vitest';
import { createMappingEngine } from './account-resolver.ts';
import { formatReport } from './format-report.ts';
import { parseMappings } from './load-mappings.ts';
import { csvOf, filesWith } from './tables.test-support.ts';
import { validateMappings, type ValidationInput } from './validate-mappings.ts';

const SEGMENTS = ['account', 'department', 'region'];

function engineWith(itemRows: readonly string[]) {
  const parsed = parseMappings(
    filesWith({ 'accounts.csv': csvOf('accounts.csv', '10,6000-*-*,6000,,,,,,,'), 'items.csv': csvOf('items.csv', ...itemRows) }),
  );
  if (!parsed.ok) throw new Error(`bad fixture:\n${parsed.error.map((e) => e.message).join('\n')}`);
  return createMappingEngine(parsed.value, { segmentNames: SEGMENTS });
}

const base: ValidationInput = {
  sage300Accounts: [{ formatted: '6000-ADM-EA', active: true }],
  intacct: { accounts: [{ id: '6000', active: true }], dimensions: { DEPARTMENT: [], LOCATION: [], CLASS: [], PROJECT: [] } },
  asOf: '2026-06-30',
};
const line = (poNumber: string, n: number, item: string) => ({ poNumber, line: n, item });
const codes = (entries: readonly { code: string; file?: string; line?: number; subject: string }[]) =>
  entries.map((e) => `${e.code} ${e.file ?? '-'}:${e.line ?? '-'} ${e.subject}`);

describe('validateMappings: items.csv against Intacct items and open purchase orders', () => {
  it('passes when every row names an active Intacct item and every open PO item has a row', () => {
    const report = validateMappings(engineWith(['SUP-1,I-1,', 'SUP-2,I-1,consolidated']), {
      ...base,
      items: { intacct: [{ id: 'I-1', active: true }], openPoLines: [line('PO1', 1, 'SUP-1'), line('PO2', 3, 'SUP-2')] },
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('names the items.csv line whose Intacct ITEMID does not exist, with the fix', () => {
    const report = validateMappings(engineWith(['SUP-1,I-1,', 'SUP-2,I-404,']), {
      ...base,
      items: { intacct: [{ id: 'I-1', active: true }], openPoLines: [line('PO1', 2, 'SUP-2')] },
    });
    expect(report.ok).toBe(false);
    expect(codes(report.errors)).toEqual(['item_target_missing items.csv:3 I-404']);
    expect(report.errors[0]?.message).toBe(
      'items.csv:3 intacct_item_id I-404 (for Sage 300 item SUP-2) is not an item in Intacct; open POs order it: PO1 line 2',
    );
    expect(report.errors[0]?.fix).toBe('correct intacct_item_id on line 3 or create item I-404 in Intacct');
    expect(formatReport(report)).toContain('items.csv:3');
  });

  it('lists each Sage 300 item open POs order with no items.csv row once, naming the orders and the row to add', () => {
    const many = Array.from({ length: 7 }, (_, k) => line(`PO${k + 10}`, 1, 'SUP-9'));
    const report = validateMappings(engineWith(['SUP-1,I-1,']), {
      ...base,
      items: { intacct: [{ id: 'I-1', active: true }], openPoLines: [line('PO1', 1, 'SUP-1'), line('PO1', 2, 'SUP-8'), ...many] },
    });
    expect(codes(report.errors)).toEqual(['item_unmapped items.csv:- SUP-8', 'item_unmapped items.csv:- SUP-9']);
    expect(report.errors[0]?.message).toContain('ordered on open POs (PO1 line 2)');
    expect(report.errors[0]?.fix).toBe('add the row "SUP-8,<Intacct ITEMID>," to items.csv');
    expect(report.errors[1]?.message).toContain('PO10 line 1, PO11 line 1, PO12 line 1, PO13 line 1, PO14 line 1 and 2 more');
  });

  it('makes an inactive Intacct item an error while an open PO orders through the row, else a warning', () => {
    const report = validateMappings(engineWith(['SUP-1,I-OLD,', 'SUP-2,I-OLD,']), {
      ...base,
      items: { intacct: [{ id: 'I-OLD', active: false }], openPoLines: [line('PO1', 1, 'SUP-1')] },
    });
    expect(codes(report.errors)).toEqual(['item_target_inactive items.csv:2 I-OLD']);
    expect(codes(report.warnings)).toEqual(['item_target_inactive items.csv:3 I-OLD']);
    expect(report.warnings[0]?.fix).toBe('activate item I-OLD in Intacct or point line 3 at an active item');
  });

  it('checks no items when the caller gives no item input', () => {
    const report = validateMappings(engineWith(['SUP-1,I-404,']), base);
    expect(report.errors).toEqual([]);
  });
});
