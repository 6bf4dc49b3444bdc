import { describe, expect, it } from 'vitest';
import { decimalAsText, limitClause, quoteIdent, renderSelect } from './sql-dialect.ts';
import { columns, key, select } from './sql-statement.ts';

const spec = select({
  name: 't',
  table: 'PMTRAN',
  alias: 't',
  select: columns('t', 'CONTRACT c, DESC c, EXTAMTHM a, TRANSNUM n'),
  where: [{ type: 'cmp', left: { alias: 't', col: 'FISCALYEAR' }, op: '=', param: 'year' }],
  key: key('t', 'CONTRACT c16, PROJECT c16, CATEGORY c16, RESOURCE c24, TRANSNUM dec0'),
  params: { year: { kind: 'char', width: 4 } },
});

describe('dialect rendering', () => {
  it('renders paging as LIMIT for SQLite and OFFSET/FETCH for T-SQL', () => {
    expect(limitClause('sqlite', 500)).toBe('LIMIT 500');
    expect(limitClause('mssql', 500)).toBe('OFFSET 0 ROWS FETCH NEXT 500 ROWS ONLY');
    expect(() => limitClause('mssql', 0)).toThrow();
  });

  it('quotes keyword column names per dialect and refuses odd identifiers', () => {
    expect(quoteIdent('mssql', 'DESC')).toBe('[DESC]');
    expect(quoteIdent('sqlite', 'DESC')).toBe('"DESC"');
    expect(() => quoteIdent('mssql', 'x]; DROP TABLE y')).toThrow();
  });

  it('casts decimals to text', () => {
    expect(decimalAsText('mssql', 'x')).toBe('CAST(x AS VARCHAR(40))');
    expect(decimalAsText('sqlite', 'x')).toBe('CAST(x AS TEXT)');
  });

  it('renders the T-SQL keyset predicate as an expanded OR chain with a seekable leading bound', () => {
    const first = renderSelect('mssql', spec, { after: false, limit: 100 });
    expect(first.text).not.toContain('__a0');
    const next = renderSelect('mssql', spec, { after: true, limit: 100 });
    expect(next.text).toContain(
      '[t].[CONTRACT] >= @__a0 AND ([t].[CONTRACT] > @__a0 OR ([t].[CONTRACT] = @__a0 AND [t].[PROJECT] > @__a1) OR',
    );
    expect(next.text).toContain('[t].[RESOURCE] = @__a3 AND [t].[TRANSNUM] > @__a4))');
    expect(next.text).toContain('RTRIM([t].[DESC]) AS [DESC]');
    expect(next.text).toContain('[t].[CONTRACT] AS [__k0]');
    expect(next.params).toMatchObject({ year: { kind: 'char', width: 4 }, __a0: { kind: 'char', width: 16 }, __a4: { kind: 'dec0' } });
    expect(next.text.split('\n').at(-2)).toBe(
      'ORDER BY [t].[CONTRACT] ASC, [t].[PROJECT] ASC, [t].[CATEGORY] ASC, [t].[RESOURCE] ASC, [t].[TRANSNUM] ASC',
    );
  });

  it('renders the SQLite keyset predicate as one row-value comparison the planner seeks on', () => {
    const next = renderSelect('sqlite', spec, { after: true, limit: 100 });
    expect(next.text).toContain(
      'WHERE "t"."FISCALYEAR" = @year AND ("t"."CONTRACT", "t"."PROJECT", "t"."CATEGORY", "t"."RESOURCE", "t"."TRANSNUM") > (@__a0, @__a1, @__a2, @__a3, @__a4)',
    );
  });

  it('drops a lower bound on the leading key part from later pages, so they seek from the page key, not the cursor', () => {
    const fromSpec = select({
      name: 'from',
      table: 'PMTRAN',
      alias: 't',
      select: columns('t', 'CONTRACT c'),
      where: [
        { type: 'cmp', left: { alias: 't', col: 'CONTRACT' }, op: '>=', param: 'from' },
        { type: 'cmp', left: { alias: 't', col: 'FISCALYEAR' }, op: '=', param: 'year' },
      ],
      key: key('t', 'CONTRACT c16, PROJECT c16, CATEGORY c16, RESOURCE c24, TRANSNUM dec0'),
      params: { from: { kind: 'char', width: 16 }, year: { kind: 'char', width: 4 } },
    });
    for (const d of ['sqlite', 'mssql'] as const) {
      expect(renderSelect(d, fromSpec, { after: false, limit: 10 }).text).toContain('@from');
      const next = renderSelect(d, fromSpec, { after: true, limit: 10 });
      expect(next.text).not.toContain('@from');
      expect(next.text).toContain('@year');
      expect(Object.keys(next.params)).not.toContain('from');
    }
  });

  it('refuses a keyset that does not end with a key Sage declares unique', () => {
    const glpost = (k: string) => () =>
      select({ name: 'glpost.bad', table: 'GLPOST', alias: 'p', select: columns('p', 'ACCTID c'), key: key('p', k) });
    // POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR allows duplicates in Sage 300 (AOM-GL GL0018 [D,M]).
    expect(glpost('POSTINGSEQ dec0, BATCHNBR c6, ENTRYNBR c5, TRANSNBR dec0')).toThrow(/does not end with a key Sage 300 declares unique/);
    expect(
      glpost('ACCTID c45, FISCALYR c4, FISCALPERD c2, SRCECURN c3, SRCELEDGER c2, SRCETYPE c2, POSTINGSEQ dec0, CNTDETAIL dec0'),
    ).not.toThrow();
    expect(() => select({ name: 'x', table: 'NOSUCH', alias: 'x', select: [], key: key('x', 'A c1') })).toThrow(/none declared/);
  });
});
