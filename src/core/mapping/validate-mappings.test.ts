import { describe, expect, it } from 'vitest';
import { createMappingEngine } from './account-resolver.ts';
import { formatReport } from './format-report.ts';
import { tablesOf } from './tables.test-support.ts';
import { validateMappings, type ValidationInput } from './validate-mappings.ts';

const active = (...ids: string[]) => ids.map((id) => ({ id, active: true }));
const DIMS = ['department,ADM,DEPARTMENT,ADM', 'region,EA,LOCATION,EA', 'region,WE,LOCATION,WE'];

function inputWith(overrides: Partial<ValidationInput> = {}): ValidationInput {
  return {
    sage300Accounts: [
      { formatted: '1000-000-00', active: true },
      { formatted: '6000-ADM-EA', active: true },
      { formatted: '6000-ADM-WE', active: true },
      { formatted: '6950-ADM-EA', active: false },
    ],
    intacct: {
      accounts: [...active('1000', '6000', '6100'), { id: '6950', active: false }],
      dimensions: {
        DEPARTMENT: active('ADM'),
        LOCATION: active('EA', 'WE'),
        CLASS: [...active('PROJECT'), { id: 'OLD', active: false }],
        PROJECT: [],
      },
    },
    asOf: '2026-06-30',
    ...overrides,
  };
}

const GOOD = ['10,1000-000-00,1000,,,,,,,', '10,6000-*-*,6000,=department,=region,,,,,', '10,6950-*-*,6950,=department,=region,,,,,'];
const validate = (rules: string[], input = inputWith(), dims = DIMS) =>
  validateMappings(createMappingEngine(tablesOf(rules, dims), { segmentNames: ['account', 'department', 'region'] }), input);
const codes = (entries: readonly { code: string; file?: string; line?: number; subject: string }[]) =>
  entries.map((e) => `${e.code} ${e.file ?? '-'}:${e.line ?? '-'} ${e.subject}`);

describe('validateMappings', () => {
  it('passes a complete set, warning only about a rule that targets an inactive account no active account uses', () => {
    const report = validate(GOOD);
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(codes(report.warnings)).toEqual(['target_account_inactive accounts.csv:4 6950']);
  });

  it('names every active Sage 300 account that does not resolve, and not the inactive ones', () => {
    const report = validate(['10,6000-*-EA,6000,=department,=region,,,,,']);
    expect(report.ok).toBe(false);
    expect(codes(report.errors.filter((e) => e.code === 'account_unmapped'))).toEqual([
      'account_unmapped accounts.csv:- 1000-000-00',
      'account_unmapped accounts.csv:- 6000-ADM-WE',
    ]);
    expect(report.errors[0]?.fix).toContain('add a row to accounts.csv for 1000-000-00');
  });

  it('reports an active account whose segment value has no dimensions.csv row', () => {
    const report = validate(GOOD, inputWith(), ['department,ADM,DEPARTMENT,ADM', 'region,EA,LOCATION,EA']);
    expect(codes(report.errors)).toEqual(['dimension_unmapped dimensions.csv:3 6000-ADM-WE']);
    expect(report.errors[0]?.message).toContain('no row for region WE → LOCATION');
  });

  it('reports overlapping rules with both lines, and only real overlaps', () => {
    const report = validate([
      ...GOOD,
      '10,6000-ADM-*,X,,,,,,,', // line 5
      '10,6000-*-EA,X,,,,,,,', // line 6: overlaps 5 on 6000-ADM-EA
      '10,6000-*-WE,X,,,,,2020-01-01,2020-12-31,', // line 7: overlaps 5 only in 2020
      '10,6000-SLS-*,X,,,,,2021-01-01,,', // line 8: overlaps 6 on 6000-SLS-EA; never 5 (ADM vs SLS) nor 7 (dates)
      '11,6000-*-EA,X,,,,,,,', // line 9: different priority, no overlap
      '10,6100-*-EA,X,,,,,,,', // line 10: different account
    ]);
    const overlaps = report.errors.filter((e) => e.code === 'rule_overlap');
    expect(overlaps.map((e) => [e.line, ...(e.relatedLines ?? [])])).toEqual([
      [6, 5],
      [7, 5],
      [8, 6],
    ]);
    expect(overlaps[0]?.message).toBe(
      'accounts.csv:5 and accounts.csv:6 both apply to 6000-ADM-EA on every date at priority 10 with 1 * segment(s); the engine will refuse to pick one',
    );
    expect(overlaps[1]?.message).toContain('from 2020-01-01 to 2020-12-31');
    expect(overlaps[2]?.message).toContain('6000-SLS-EA from 2021-01-01 to open-ended');
  });

  it('does not call rules overlapping when their date ranges only touch', () => {
    const report = validate([...GOOD, '10,6100-*-*,6100,,,,,2020-01-01,2025-12-31,', '10,6100-*-*,6100,,,,,2026-01-01,,']);
    expect(report.errors.filter((e) => e.code === 'rule_overlap')).toEqual([]);
    const touching = validate([...GOOD, '10,6100-*-*,6100,,,,,2020-01-01,2026-01-01,', '10,6100-*-*,6100,,,,,2026-01-01,,']);
    expect(touching.errors.filter((e) => e.code === 'rule_overlap').map((e) => e.line)).toEqual([6]);
  });

  it('reports a target account missing or inactive in Intacct, with the line', () => {
    const report = validate(['10,1000-000-00,1001,,,,,,,', '10,6000-*-*,6950,=department,=region,,,,,']);
    expect(codes(report.errors)).toEqual(['target_account_missing accounts.csv:2 1001', 'target_account_inactive accounts.csv:3 6950']);
  });

  it('reports literal dimension values and dimensions.csv targets missing or inactive in Intacct', () => {
    const report = validate(['10,1000-000-00,1000,,,NOPE,,,,', '10,6000-*-*,6000,=department,=region,OLD,,,,'], inputWith(), [
      ...DIMS,
      'department,SLS,DEPARTMENT,SALES',
    ]);
    expect(codes(report.errors)).toEqual([
      'dimension_value_missing accounts.csv:2 CLASS NOPE',
      'dimension_value_inactive accounts.csv:3 CLASS OLD',
      'dimension_value_missing dimensions.csv:5 DEPARTMENT SALES',
    ]);
  });

  it('warns about a rule that matches no account and one that always loses to a higher-ranked rule', () => {
    const report = validate([...GOOD, '10,7000-*-*,6000,,,,,,,', '5,6000-ADM-*,6000,,,,,,,']);
    const unused = report.warnings.filter((w) => w.code === 'rule_unused');
    expect(codes(unused)).toEqual(['rule_unused accounts.csv:5 7000-*-*', 'rule_unused accounts.csv:6 6000-ADM-*']);
    expect(unused[0]?.message).toContain('matches no Sage 300 account');
    expect(unused[1]?.message).toContain('e.g. 6000-ADM-EA → accounts.csv:3');
  });

  it('counts a dated rule as used when it wins on some date, even one before asOf', () => {
    const report = validate([
      ...GOOD.slice(0, 1),
      '10,6000-*-*,6100,=department,=region,,,2020-01-01,2025-12-31,',
      '10,6000-*-*,6000,=department,=region,,,2026-01-01,,',
    ]);
    expect(report.warnings.filter((w) => w.code === 'rule_unused')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('warns when an active account resolves on asOf but stops resolving at a later rule end', () => {
    const report = validate(['10,1000-000-00,1000,,,,,,,', '10,6000-*-*,6000,=department,=region,,,,2026-12-31,']);
    expect(codes(report.warnings.filter((w) => w.code === 'account_unmapped_later'))).toEqual([
      'account_unmapped_later accounts.csv:- 6000-ADM-EA',
      'account_unmapped_later accounts.csv:- 6000-ADM-WE',
    ]);
    expect(report.warnings[0]?.message).toContain('not from 2027-01-01');
  });

  it('reports rules that do not fit the account structure', () => {
    const report = validate([...GOOD, '10,6000-*,6000,,,,,,,', '10,6100-*-*,6100,=dept,,,,,,']);
    expect(codes(report.errors)).toEqual(['rule_structure accounts.csv:5 source_account', 'rule_structure accounts.csv:6 department']);
  });

  it('reports a Sage 300 account that is not in the structure format', () => {
    const report = validate(GOOD, inputWith({ sage300Accounts: [{ formatted: '6000ADMEA', active: true }] }));
    expect(codes(report.errors.filter((e) => e.code === 'account_bad_format'))).toEqual(['account_bad_format -:- 6000ADMEA']);
  });

  it('treats a malformed asOf as a caller bug', () => {
    expect(() => validate(GOOD, inputWith({ asOf: '30/06/2026' }))).toThrow(/asOf must be an ISO date/);
  });

  it('formats the report for people: verdict, counts, each entry with its fix', () => {
    const text = formatReport(validate(['10,6000-*-*,6000,=department,=region,,,,,']));
    expect(text.split('\n')[0]).toBe('Mappings have problems as of 2026-06-30: 1 error, 0 warnings');
    expect(text).toContain('[account_unmapped] active Sage 300 account 1000-000-00 has no rule in accounts.csv on 2026-06-30');
    expect(text).toContain('      fix: add a row to accounts.csv for 1000-000-00');
    expect(formatReport(validate(GOOD))).toMatch(/^Mappings OK as of 2026-06-30: 0 errors, 1 warning\n/);
  });
});
