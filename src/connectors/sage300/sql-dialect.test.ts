import { describe, expect, it } from 'vitest';
import { decimalAsText, limitClause, quoteIdent, renderSelect } from './sql-dialect.ts';
import { columns, key, select } from './sql-statement.ts';

const spec = select({
  name: 't',
  table: 'PMTRAN',
  alias: 't',
  select: columns('t', 'CONTRACT c, DESC c, EXTAMTHM a, TRANSNUM n'),
  where: [{ type: 'cmp', left: { alias: 't', col: 'FISCALYEAR' }, op: '=', param: 'year' }],
  key: key('t', 'CONTRACT c16, TRANSNUM dec0'),
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

  it('renders the keyset predicate as an expanded OR chain with a seekable leading bound', () => {
    const first = renderSelect('mssql', spec, { after: false, limit: 100 });
    expect(first.text).not.toContain('__a0');
    const next = renderSelect('mssql', spec, { after: true, limit: 100 });
    expect(next.text).toContain(
      '[t].[CONTRACT] >= @__a0 AND ([t].[CONTRACT] > @__a0 OR ([t].[CONTRACT] = @__a0 AND [t].[TRANSNUM] > @__a1))',
    );
    expect(next.text).toContain('RTRIM([t].[DESC]) AS [DESC]');
    expect(next.text).toContain('[t].[CONTRACT] AS [__k0]');
    expect(next.params).toMatchObject({ year: { kind: 'char', width: 4 }, __a0: { kind: 'char', width: 16 }, __a1: { kind: 'dec0' } });
    expect(next.text.split('\n').at(-2)).toBe('ORDER BY [t].[CONTRACT] ASC, [t].[TRANSNUM] ASC');
  });
});
