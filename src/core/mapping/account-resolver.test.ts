import { describe, expect, it } from 'vitest';
import { createMappingEngine } from './account-resolver.ts';
import { tablesOf } from './tables.test-support.ts';

const SEGMENTS = { segmentNames: ['account', 'department', 'region'] };
const DIMS = ['department,ADM,DEPARTMENT,D-ADM', 'department,SLS,DEPARTMENT,D-SLS', 'region,EA,LOCATION,L-EA', 'region,WE,LOCATION,L-WE'];
const engineOf = (rules: string[], dims: string[] = DIMS) => createMappingEngine(tablesOf(rules, dims), SEGMENTS);

const target = (engine: ReturnType<typeof engineOf>, account: string, date = '2026-03-15') => {
  const r = engine.resolveAccount(account, date);
  return r.ok ? `${r.value.targetAccount}@${r.value.rule.line}` : r.error.code;
};

describe('resolveAccount precedence', () => {
  it('lets the higher priority win even over a more specific rule', () => {
    const engine = engineOf(['10,6000-ADM-EA,SPECIFIC,,,,,,,', '20,6000-*-*,BROAD,,,,,,,']);
    expect(target(engine, '6000-ADM-EA')).toBe('BROAD@3');
  });

  it('lets the rule with fewer * win at equal priority, whatever the file order', () => {
    expect(target(engineOf(['10,6000-*-*,BROAD,,,,,,,', '10,6000-ADM-*,DEPT,,,,,,,', '10,6000-ADM-EA,EXACT,,,,,,,']), '6000-ADM-EA')).toBe(
      'EXACT@4',
    );
    expect(target(engineOf(['10,6000-ADM-EA,EXACT,,,,,,,', '10,6000-ADM-*,DEPT,,,,,,,', '10,6000-*-*,BROAD,,,,,,,']), '6000-ADM-WE')).toBe(
      'DEPT@3',
    );
  });

  it('matches a leading * segment as well as an exact first segment', () => {
    const engine = engineOf(['10,*-*-WE,WEST,,,,,,,', '5,6000-*-*,SIX,,,,,,,']);
    expect(target(engine, '6000-ADM-WE')).toBe('WEST@2');
    expect(target(engine, '6000-ADM-EA')).toBe('SIX@3');
    expect(target(engine, '7000-ADM-WE')).toBe('WEST@2');
  });

  it('refuses to pick between two rules of equal priority and specificity, naming both lines', () => {
    const engine = engineOf(['10,6000-ADM-*,A,,,,,,,', '10,6000-*-EA,B,,,,,,,', '5,*-*-*,LOW,,,,,,,']);
    const r = engine.resolveAccount('6000-ADM-EA', '2026-03-15');
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'mapping_ambiguous', subject: '6000-ADM-EA', file: 'accounts.csv', lines: [2, 3] });
    // The same two rules do not tie for an account only one of them matches.
    expect(target(engine, '6000-ADM-WE')).toBe('A@2');
  });

  it('reports mapping_missing when no rule matches, with the row to add', () => {
    const r = engineOf(['10,6000-*-*,6000,,,,,,,']).resolveAccount('6990-ADM-EA', '2026-03-15');
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'mapping_missing', subject: '6990-ADM-EA', file: 'accounts.csv' });
    expect(r.ok ? '' : r.error.fix).toContain('add a row to accounts.csv for 6990-ADM-EA');
  });
});

describe('resolveAccount messages', () => {
  it('names the posting date of each failing line, not the date of the first failure cached for the account', () => {
    const engine = engineOf(['10,6000-*-*,6000,,,,,,,', '10,7000-ADM-*,A,,,,,,,', '10,7000-*-EA,B,,,,,,,']);
    for (const date of ['2026-03-15', '2026-04-10', '2026-07-05']) {
      const missing = engine.resolveAccount('6990-ADM-EA', date);
      expect(missing.ok ? '' : missing.error.message).toContain(`on ${date}`);
      const ambiguous = engine.resolveAccount('7000-ADM-EA', date);
      expect(ambiguous.ok ? '' : ambiguous.error.message).toContain(`on ${date}`);
    }
  });
});

describe('resolveAccount effective dates', () => {
  const engine = engineOf(['10,6800-*-*,6600,,,,,2020-01-01,2025-12-31,before', '10,6800-*-*,6800,,,,,2026-01-01,,after']);

  it('applies each dated rule on its inclusive range only', () => {
    expect(target(engine, '6800-ADM-EA', '2025-12-31')).toBe('6600@2');
    expect(target(engine, '6800-ADM-EA', '2026-01-01')).toBe('6800@3');
    expect(target(engine, '6800-ADM-EA', '2020-01-01')).toBe('6600@2');
    expect(target(engine, '6800-ADM-EA', '2099-12-31')).toBe('6800@3');
  });

  it('is mapping_missing before the first rule starts, pointing at the rule that would apply later', () => {
    const r = engine.resolveAccount('6800-ADM-EA', '2019-12-31');
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'mapping_missing', lines: [2] });
    expect(r.ok ? '' : r.error.message).toContain('accounts.csv:2 matches it but applies only 2020-01-01 to 2025-12-31');
  });

  it('gives the same answers when asked in any order (the per-date cache never leaks across ranges)', () => {
    const dates = ['2026-06-01', '2019-01-01', '2025-12-31', '2026-01-01', '2025-06-30', '2026-01-01'];
    const first = dates.map((d) => target(engine, '6800-SLS-WE', d));
    const fresh = engineOf(['10,6800-*-*,6600,,,,,2020-01-01,2025-12-31,', '10,6800-*-*,6800,,,,,2026-01-01,,']);
    expect(
      [...dates]
        .reverse()
        .map((d) => target(fresh, '6800-SLS-WE', d))
        .reverse(),
    ).toEqual(first);
    expect(first).toEqual(['6800@3', 'mapping_missing', '6600@2', '6800@3', '6600@2', '6800@3']);
  });

  it('lets a dated higher-priority rule win only inside its range', () => {
    const e = engineOf(['10,6000-*-*,BASE,,,,,,,', '20,6000-*-*,Q1,,,,,2026-01-01,2026-03-31,']);
    expect([
      target(e, '6000-ADM-EA', '2025-12-31'),
      target(e, '6000-ADM-EA', '2026-03-31'),
      target(e, '6000-ADM-EA', '2026-04-01'),
    ]).toEqual(['BASE@2', 'Q1@3', 'BASE@2']);
  });
});

describe('resolveAccount dimensions', () => {
  it('translates =segment references through dimensions.csv', () => {
    const r = engineOf(['10,6000-*-*,6000,=department,=region,,,,,']).resolveAccount('6000-ADM-EA', '2026-03-15');
    expect(r).toEqual({
      ok: true,
      value: {
        targetAccount: '6000',
        dimensions: { DEPARTMENT: 'D-ADM', LOCATION: 'L-EA' },
        rule: { file: 'accounts.csv', line: 2 },
        dimensionLines: [2, 4],
      },
    });
  });

  it('passes literal dimension values through untouched', () => {
    const r = engineOf(['10,4200-*-*,4200,OPS,=region,PROJECT,P-1,,,']).resolveAccount('4200-SLS-WE', '2026-03-15');
    expect(r.ok && r.value.dimensions).toEqual({ DEPARTMENT: 'OPS', LOCATION: 'L-WE', CLASSID: 'PROJECT', PROJECTID: 'P-1' });
  });

  it('translates the same segment into different dimensions by the dimension column', () => {
    const r = engineOf(['10,4000-*-*,4000,,=region,=region,,,,'], ['region,EA,LOCATION,L-EA', 'region,EA,CLASS,C-EAST']).resolveAccount(
      '4000-SLS-EA',
      '2026-03-15',
    );
    expect(r.ok && r.value.dimensions).toEqual({ LOCATION: 'L-EA', CLASSID: 'C-EAST' });
  });

  it('reports dimension_missing naming the segment, its value and the row to add', () => {
    const r = engineOf(['10,6000-*-*,6000,=department,=region,,,,,']).resolveAccount('6000-ADM-CE', '2026-03-15');
    expect(r.ok ? 'ok' : r.error).toMatchObject({
      code: 'dimension_missing',
      subject: '6000-ADM-CE',
      file: 'dimensions.csv',
      segment: 'region',
      value: 'CE',
      lines: [2],
    });
    expect(r.ok ? '' : r.error.fix).toBe('add the row "region,CE,LOCATION,<Intacct LOCATION id>" to dimensions.csv');
  });

  it('reports dimension_missing when the row exists only for another dimension', () => {
    const r = engineOf(['10,6000-*-*,6000,,,=region,,,,'], ['region,EA,LOCATION,L-EA']).resolveAccount('6000-ADM-EA', '2026-03-15');
    expect(r.ok ? 'ok' : r.error.code).toBe('dimension_missing');
  });

  it('reports a =segment the structure lacks as dimension_missing on accounts.csv', () => {
    const r = engineOf(['10,6000-*-*,6000,=dept,,,,,,']).resolveAccount('6000-ADM-EA', '2026-03-15');
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'dimension_missing', file: 'accounts.csv', segment: 'dept' });
  });
});

describe('resolveAccount input checks', () => {
  const engine = engineOf(['10,6000-*-*,6000,,,,,,,']);

  it('rejects an account with the wrong number of segments or an empty segment', () => {
    for (const account of ['6000-ADM', '6000ADMEA', '6000-ADM-EA-X', '6000--EA', '']) {
      expect(
        engine.resolveAccount(account, '2026-03-15').ok
          ? 'ok'
          : (engine.resolveAccount(account, '2026-03-15') as { error: { code: string } }).error.code,
        account,
      ).toBe('bad_account_format');
    }
  });

  it('drops trailing CHAR padding but never leading spaces', () => {
    expect(target(engine, '6000-ADM-EA      ')).toBe('6000@2');
    expect(target(engine, ' 6000-ADM-EA')).toBe('mapping_missing');
  });

  it('rejects a posting date that is not ISO', () => {
    for (const date of ['2026/03/15', '20260315', '2026-13-01', ''])
      expect(target(engine, '6000-ADM-EA', date), date).toBe('bad_posting_date');
  });

  it('splits on the configured delimiter', () => {
    const dotted = createMappingEngine(tablesOf(['10,6000-*-EA,6000,,,,,,,']), { ...SEGMENTS, delimiter: '.' });
    const r = dotted.resolveAccount('6000.ADM.EA', '2026-03-15');
    expect(r.ok && r.value.targetAccount).toBe('6000');
    expect(dotted.resolveAccount('6000-ADM-EA', '2026-03-15').ok).toBe(false);
  });

  it('returns frozen results, so a cached answer cannot be altered by a caller', () => {
    const r = engineOf(['10,6000-*-*,6000,=department,,,,,,']).resolveAccount('6000-ADM-EA', '2026-03-15');
    expect(r.ok && Object.isFrozen(r.value.dimensions)).toBe(true);
  });

  it('ignores rules whose segment count does not fit the structure (validation reports them)', () => {
    expect(target(engineOf(['99,6000-*,WRONG,,,,,,,', '10,6000-*-*,6000,,,,,,,']), '6000-ADM-EA')).toBe('6000@3');
  });
});
