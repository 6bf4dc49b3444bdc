import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import sqlParser from 'node-sql-parser';
import { createSage300Schema } from '../../src/sandbox/sage300-db/schema.ts';
import { ALL_SELECT_SPECS } from '../../src/connectors/sage300/sql-queries.ts';
import { renderSelect } from '../../src/connectors/sage300/sql-dialect.ts';

const parser = new sqlParser.Parser();
const db = new Database(':memory:');
createSage300Schema(db);
afterAll(() => db.close());

const variants = ALL_SELECT_SPECS.flatMap((spec) =>
  [false, true].map((after) => ({ spec, after, label: `${spec.name}${after ? ' (next page)' : ''}` })),
);

describe('every reader query', () => {
  it('covers every table family the reader promises', () => {
    const tables = new Set(ALL_SELECT_SPECS.map((s) => s.table));
    for (const t of [
      'GLAMF',
      'GLBCTL',
      'GLJEH',
      'GLJED',
      'GLPOST',
      'GLAFS',
      'APVEN',
      'APIBC',
      'APIBH',
      'APIBD',
      'APOBL',
      'ARCUS',
      'ARIBH',
      'ARIBD',
      'AROBL',
      'ARTCR',
      'POPORH1',
      'POPORL',
      'PORCPH1',
      'PORCPL',
      'PMCONTS',
      'PMPROJS',
      'PMTRAN',
      'PMBWH',
      'PMBWD',
    ]) {
      expect(tables, t).toContain(t);
    }
  });

  it.each(variants)('$label parses as T-SQL', ({ spec, after }) => {
    const sql = renderSelect('mssql', spec, { after, limit: 1000 });
    expect(sql.text).not.toMatch(/\bTOP\b/);
    expect(sql.text).toMatch(/ORDER BY [^\n]+\nOFFSET 0 ROWS FETCH NEXT 1000 ROWS ONLY$/);
    expect(() => parser.astify(sql.text, { database: 'TransactSQL' })).not.toThrow();
    // Every @param in the text is declared with a bind type, and every declared one is used.
    const used = new Set([...sql.text.matchAll(/@(\w+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(sql.params).sort());
  });

  it.each(variants)('$label prepares against the SQLite company schema', ({ spec, after }) => {
    const sql = renderSelect('sqlite', spec, { after, limit: 1000 });
    expect(sql.text).toMatch(/LIMIT 1000$/);
    expect(sql.text).not.toMatch(/\bOFFSET\b/);
    expect(() => db.prepare(sql.text)).not.toThrow();
  });

  it('reads decimals as text in both dialects and never selects a raw amount', () => {
    const spec = ALL_SELECT_SPECS.find((s) => s.name === 'glafs.by-year')!;
    expect(renderSelect('mssql', spec, { after: false, limit: 10 }).text).toContain('CAST([f].[OPENBAL] AS VARCHAR(40)) AS [OPENBAL]');
    expect(renderSelect('sqlite', spec, { after: false, limit: 10 }).text).toContain('CAST("f"."OPENBAL" AS TEXT) AS "OPENBAL"');
  });
});
