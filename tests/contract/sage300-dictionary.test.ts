/**
 * The Sage 300 column dictionary (transcribed from Sage's AOM, src/connectors/sage300/dictionary) against what the
 * project assumes: every column a production statement touches, and every column and index of the sandbox schema.
 * The sandbox is checked against the dictionary, never the other way round.
 */
import { describe, expect, it } from 'vitest';
import sqlParser from 'node-sql-parser';
import { ALL_SELECT_SPECS } from '../../src/connectors/sage300/sql-queries.ts';
import { renderSelect } from '../../src/connectors/sage300/sql-dialect.ts';
import type { ParamSpec, SelectSpec } from '../../src/connectors/sage300/sql-statement.ts';
import {
  SAGE300_DICTIONARY,
  dictionaryTable,
  primaryKeyOf,
  uniqueKeysOf,
  type DictionaryField,
} from '../../src/connectors/sage300/dictionary/index.ts';
import { SAGE300_TABLES, tableDef } from '../../src/sandbox/sage300-db/schema.ts';

/**
 * Sandbox columns Sage 300 does not have, each with the reason the sandbox keeps it. Empty: the sandbox stores only
 * Sage's own columns.
 */
const SANDBOX_ONLY_COLUMNS: Readonly<Record<string, string>> = {};

type Use = 'char' | 'amount' | 'num';

/** How a statement may use a column of a given Sage type (select kinds of sql-statement.ts, param kinds). */
function fits(use: Use | ParamSpec, f: DictionaryField): boolean {
  const integral =
    f.kind === 'smallint' || f.kind === 'int' || f.kind === 'date' || f.kind === 'time' || (f.kind === 'decimal' && f.scale === 0);
  if (use === 'char') return f.kind === 'char';
  if (use === 'amount') return f.kind === 'decimal';
  if (use === 'num') return integral;
  switch (use.kind) {
    case 'char':
      // CHAR parameters are padded to their width: a different width never matches a padded key in the sandbox.
      return f.kind === 'char' && f.width === use.width;
    case 'int':
      return f.kind === 'smallint' || f.kind === 'int';
    case 'dec0':
      return integral;
  }
}

function describeUse(use: Use | ParamSpec): string {
  return typeof use === 'string' ? use : use.kind === 'char' ? `c${use.width}` : use.kind;
}

/** Every (table, column, use) a spec touches: select items, keyset key, conditions with their params, join columns. */
function columnUses(spec: SelectSpec): { table: string; col: string; use: Use | ParamSpec | 'join'; where: string }[] {
  const tables = new Map<string, string>([[spec.alias, spec.table], ...spec.joins.map((j) => [j.alias, j.table] as const)]);
  const tableOf = (alias: string): string => tables.get(alias) ?? `?${alias}`;
  const out: { table: string; col: string; use: Use | ParamSpec | 'join'; where: string }[] = [];
  for (const s of spec.select) out.push({ table: tableOf(s.alias), col: s.col, use: s.kind, where: 'select' });
  for (const k of spec.key) out.push({ table: tableOf(k.ref.alias), col: k.ref.col, use: k.param, where: 'keyset key' });
  for (const c of spec.where) {
    const refs = c.type === 'cmp' ? [[c.left, c.param] as const] : c.left.map((l, i) => [l, c.params[i] ?? ''] as const);
    for (const [ref, p] of refs) {
      const param = spec.params[p];
      out.push({ table: tableOf(ref.alias), col: ref.col, use: param ?? { kind: 'char', width: -1 }, where: `where @${p}` });
    }
  }
  for (const j of spec.joins) {
    for (const [a, b] of j.on) {
      out.push({ table: tableOf(a.alias), col: a.col, use: 'join', where: 'join' });
      out.push({ table: tableOf(b.alias), col: b.col, use: 'join', where: 'join' });
    }
  }
  return out;
}

/** Problems of one statement against the dictionary; empty when every column exists, is confirmed and fits. */
function statementProblems(spec: SelectSpec): string[] {
  const problems: string[] = [];
  for (const u of columnUses(spec)) {
    const table = SAGE300_DICTIONARY.find((t) => t.table === u.table);
    if (!table) {
      problems.push(`${spec.name}: table ${u.table} is not in the dictionary`);
      continue;
    }
    const f = table.fields.find((x) => x.name === u.col);
    if (!f) {
      problems.push(`${spec.name}: ${u.table}.${u.col} (${u.where}) is not a column of AOM view ${table.view}`);
    } else if (f.unconfirmed !== undefined) {
      problems.push(`${spec.name}: ${u.table}.${u.col} (${u.where}) is unconfirmed: ${f.unconfirmed}`);
    } else if (u.use !== 'join' && !fits(u.use, f)) {
      problems.push(
        `${spec.name}: ${u.table}.${u.col} (${u.where}) is used as ${describeUse(u.use)} but Sage declares ${f.aomType} (${f.sqlServerType})`,
      );
    }
  }
  for (const j of spec.joins) {
    for (const [a, b] of j.on) {
      const fa = dictionaryTable(a.alias === spec.alias ? spec.table : j.table).fields.find((x) => x.name === a.col);
      const fb = dictionaryTable(b.alias === spec.alias ? spec.table : j.table).fields.find((x) => x.name === b.col);
      if (fa && fb && fa.sqlServerType !== fb.sqlServerType) {
        problems.push(`${spec.name}: join ${a.col} = ${b.col} compares ${fa.sqlServerType} with ${fb.sqlServerType}`);
      }
    }
  }
  return problems;
}

const parser = new sqlParser.Parser();

/** Columns the T-SQL text itself names, as node-sql-parser resolves them (`TABLE.COLUMN`), parameters left out. */
function parsedColumns(spec: SelectSpec): string[] {
  const cols = new Set<string>();
  for (const after of [false, true]) {
    const { columnList } = parser.parse(renderSelect('mssql', spec, { after, limit: 100 }).text, { database: 'TransactSQL' });
    for (const entry of columnList) {
      const [, table, col] = entry.split('::');
      if (table !== undefined && table !== 'null' && col !== undefined) cols.add(`${table}.${col}`);
    }
  }
  return [...cols];
}

describe('the Sage 300 column dictionary', () => {
  it('cites its AOM source for every table and keeps one entry per table', () => {
    const names = SAGE300_DICTIONARY.map((t) => t.table);
    expect(new Set(names).size).toBe(names.length);
    for (const t of SAGE300_DICTIONARY) {
      expect(t.view, t.table).toMatch(/^(CS|GL|AP|AR|PO|PM)\d{4}$/);
      expect(t.source, t.table).toMatch(/AOM/);
      expect(t.keys[0]?.unique, t.table).toBe(true);
    }
  });

  it('gives each table its primary key in key order and its unique keys', () => {
    expect(primaryKeyOf('GLPOST')).toEqual([
      'ACCTID',
      'FISCALYR',
      'FISCALPERD',
      'SRCECURN',
      'SRCELEDGER',
      'SRCETYPE',
      'POSTINGSEQ',
      'CNTDETAIL',
    ]);
    // The posting-sequence key allows duplicates (consolidated posting): it is not a unique key.
    expect(uniqueKeysOf('GLPOST')).toEqual([primaryKeyOf('GLPOST')]);
    expect(primaryKeyOf('PMBWH')).toEqual(['SEQ']);
    expect(uniqueKeysOf('PMBWH')).toEqual([['SEQ'], ['WORKID']]);
    expect(primaryKeyOf('PMBWD')).toEqual(['SEQ', 'LINENUM']);
    const glpost = dictionaryTable('GLPOST').fields;
    expect(glpost.filter((f) => f.primaryKeyOrder > 0).map((f) => [f.name, f.primaryKeyOrder])).toEqual(
      primaryKeyOf('GLPOST').map((c, i) => [c, i + 1]),
    );
    expect(() => primaryKeyOf('NOSUCH')).toThrow(/not in the column dictionary/);
  });

  it('maps AOM types to the SQL Server types Sage creates', () => {
    const f = (table: string, col: string): string | undefined => dictionaryTable(table).fields.find((x) => x.name === col)?.sqlServerType;
    expect(f('PMBWH', 'WORKID')).toBe('CHAR(30)');
    expect(f('PMBWH', 'RUNDATE')).toBe('DECIMAL(9,0)');
    expect(f('PMTRAN', 'FISCALPER')).toBe('SMALLINT');
    expect(f('PMTRAN', 'TRANSNUM')).toBe('INT');
    expect(f('GLPOST', 'TRANSAMT')).toBe('DECIMAL(19,3)');
    expect(f('APIBC', 'CNTBTCH')).toBe('DECIMAL(9,0)');
    expect(f('POPORH1', 'PORHSEQ')).toBe('DECIMAL(19,0)');
    expect(f('PMBWD', 'BILLPER')).toBe('DECIMAL(9,5)');
  });

  it('marks the columns no AOM view lists as unconfirmed, with their source', () => {
    const unconfirmed = SAGE300_DICTIONARY.flatMap((t) =>
      t.fields.filter((f) => f.unconfirmed !== undefined).map((f) => `${t.table}.${f.name}`),
    );
    expect(unconfirmed.sort()).toEqual(['GLJEH.DOCDATE', 'GLJEH.ENTEREDBY', 'POPORL.DETAILNUM']);
  });
});

describe('every production statement against the dictionary', () => {
  it('covers every table a statement reads', () => {
    const tables = new Set(ALL_SELECT_SPECS.flatMap((s) => [s.table, ...s.joins.map((j) => j.table)]));
    for (const t of tables) expect(() => dictionaryTable(t), t).not.toThrow();
  });

  it.each(ALL_SELECT_SPECS.map((spec) => ({ spec, name: spec.name })))(
    '$name uses only Sage columns, with compatible types',
    ({ spec }) => {
      expect(statementProblems(spec).join('\n')).toBe('');
    },
  );

  it.each(ALL_SELECT_SPECS.map((spec) => ({ spec, name: spec.name })))(
    '$name: every column its T-SQL names is a confirmed Sage column',
    ({ spec }) => {
      const missing = parsedColumns(spec).filter((tc) => {
        const [table = '', col = ''] = tc.split('.');
        const f = SAGE300_DICTIONARY.find((t) => t.table === table)?.fields.find((x) => x.name === col);
        return f === undefined || f.unconfirmed !== undefined;
      });
      expect(missing.join(', ')).toBe('');
    },
  );

  it('reports a column Sage does not have, a wrong width and a wrong type, naming each', () => {
    // The PM billing-worksheet statement as it was before the AOM was consulted.
    const pmbwh = ALL_SELECT_SPECS.find((s) => s.name === 'pmbwh');
    expect(pmbwh).toBeDefined();
    const invented: SelectSpec = {
      ...(pmbwh as SelectSpec),
      select: [
        { alias: 'w', col: 'DATE', kind: 'num', as: 'DATE' },
        { alias: 'w', col: 'DESC', kind: 'num', as: 'DESC' },
      ],
      key: [{ ref: { alias: 'w', col: 'WORKID' }, param: { kind: 'char', width: 16 } }],
    };
    expect(statementProblems(invented)).toEqual([
      'pmbwh: PMBWH.DATE (select) is not a column of AOM view PM0081',
      'pmbwh: PMBWH.DESC (select) is used as num but Sage declares String*60 (CHAR(60))',
      'pmbwh: PMBWH.WORKID (keyset key) is used as c16 but Sage declares String*30 (CHAR(30))',
    ]);
  });
});

describe('the sandbox schema against the dictionary', () => {
  it('lists every sandbox-only column with a reason', () => {
    for (const [col, reason] of Object.entries(SANDBOX_ONLY_COLUMNS)) expect(reason.length, col).toBeGreaterThan(10);
  });

  it.each(SAGE300_TABLES.map((name) => ({ name })))('$name: every column is a Sage column of the same SQL Server type', ({ name }) => {
    const def = tableDef(name);
    const dict = dictionaryTable(name);
    const problems: string[] = [];
    for (const c of def.columns) {
      const f = dict.fields.find((x) => x.name === c.name);
      if (!f) {
        if (SANDBOX_ONLY_COLUMNS[`${name}.${c.name}`] === undefined)
          problems.push(`${name}.${c.name} is not a column of AOM view ${dict.view}`);
      } else if (f.sqlServerType !== c.sqlServerType) {
        problems.push(`${name}.${c.name} is ${c.sqlServerType} in the sandbox, ${f.sqlServerType} (${f.aomType}) in Sage`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it.each(SAGE300_TABLES.map((name) => ({ name })))(
    '$name: Sage primary key, and indexes only on Sage columns and unique only where Sage is',
    ({ name }) => {
      const def = tableDef(name);
      expect(def.primaryKey).toEqual(primaryKeyOf(name));
      const fields = new Set(dictionaryTable(name).fields.map((f) => f.name));
      const unique = uniqueKeysOf(name).map((k) => k.join('+'));
      for (const idx of def.indexes) {
        for (const c of idx.columns) expect(fields.has(c), `${name} index column ${c}`).toBe(true);
        if (idx.unique === true) expect(unique, `${name} unique index ${idx.columns.join('+')}`).toContain(idx.columns.join('+'));
      }
    },
  );
});
