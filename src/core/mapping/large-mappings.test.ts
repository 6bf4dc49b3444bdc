import { describe, expect, it } from 'vitest';
import { createMappingEngine } from './account-resolver.ts';
import { formatReport } from './format-report.ts';
import { parseMappings } from './load-mappings.ts';
import { MAPPING_FILE_COLUMNS } from './mapping-files.ts';
import { filesWith } from './tables.test-support.ts';
import { validateMappings } from './validate-mappings.ts';

// 2,000 natural accounts × 100 departments: a chart mapped account by account, the size the issue reports.
const NATURALS = 2_000;
const DEPARTMENTS = 100;
const ROWS = NATURALS * DEPARTMENTS;
const natural = (n: number) => String(10_000 + n);
const dept = (d: number) => `D${String(d).padStart(2, '0')}`;

function bigAccounts(): string[] {
  const lines: string[] = [];
  for (let n = 0; n < NATURALS; n++) {
    for (let d = 0; d < DEPARTMENTS; d++) lines.push(`10,${natural(n)}-${dept(d)}-00,${natural(n)},,,,,,,"row ${n}, ${d}"`);
  }
  return lines;
}

/** accounts.csv text; built without spreading 200,000 lines into a call's arguments. */
const accountsCsv = (rows: readonly string[], eol = '\n') => [MAPPING_FILE_COLUMNS['accounts.csv'].join(','), ...rows].join(eol) + eol;

const SEGMENTS = { segmentNames: ['account', 'department', 'region'] };

describe('a 200,000-row accounts.csv', () => {
  const lines = bigAccounts();

  it('loads every row with its physical line number', () => {
    const parsed = parseMappings(filesWith({ 'accounts.csv': `\uFEFF${accountsCsv(lines, '\r\n')}` }), SEGMENTS);
    if (!parsed.ok)
      throw new Error(
        parsed.error
          .slice(0, 5)
          .map((e) => e.message)
          .join('\n'),
      );
    expect(parsed.value.accounts).toHaveLength(ROWS);
    expect(parsed.value.accounts[ROWS - 1]).toMatchObject({
      line: ROWS + 1,
      source: `${natural(NATURALS - 1)}-${dept(DEPARTMENTS - 1)}-00`,
      comment: `row ${NATURALS - 1}, ${DEPARTMENTS - 1}`,
    });
  });

  it('names the line and the field of a bad value near the end', () => {
    const bad = [...lines];
    bad[ROWS - 2] = bad[ROWS - 2]!.replace(/^10,/, 'ten,');
    const parsed = parseMappings(filesWith({ 'accounts.csv': accountsCsv(bad) }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((e) => e.message)).toEqual([`accounts.csv:${ROWS} priority: expected a whole number, got "ten"`]);
  });

  it('validates without overflowing the stack, reporting each rule no account uses', () => {
    const parsed = parseMappings(filesWith({ 'accounts.csv': accountsCsv(lines) }), SEGMENTS);
    if (!parsed.ok) throw new Error(parsed.error[0]?.message);
    const engine = createMappingEngine(parsed.value, SEGMENTS);
    // Only department D00 exists in the Sage 300 chart, so the other 198,000 rules never match an account.
    const sage300Accounts = Array.from({ length: NATURALS }, (_, n) => ({ formatted: `${natural(n)}-${dept(0)}-00`, active: true }));
    const intacct = {
      accounts: Array.from({ length: NATURALS }, (_, n) => ({ id: natural(n), active: true })),
      dimensions: { DEPARTMENT: [], LOCATION: [], CLASS: [], PROJECT: [] },
    };
    const report = validateMappings(engine, { sage300Accounts, intacct, asOf: '2026-06-30' });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toHaveLength(ROWS - NATURALS);
    expect(report.warnings.every((w) => w.code === 'rule_unused')).toBe(true);
    expect(report.warnings[0]?.message).toBe(`accounts.csv:3 (${natural(0)}-${dept(1)}-00) matches no Sage 300 account`);
    const text = formatReport(report);
    expect(text.split('\n')[0]).toBe(`Mappings OK as of 2026-06-30: 0 errors, ${ROWS - NATURALS} warnings`);
  });
});
