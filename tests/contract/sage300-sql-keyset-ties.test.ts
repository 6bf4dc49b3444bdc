/**
 * Keyset paging never loses or repeats a row: for every production query, rows tied on every prefix of its keyset
 * (and, where the keyset leaves out a primary-key column, rows tied on the whole keyset) are written straight into a
 * sandbox SQLite company database and read back page by page at page sizes 1, 2 and 3.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createSage300Schema, insertRow, SAGE300_TABLES, tableDef } from '../../src/sandbox/sage300-db/schema.ts';
import { ALL_SELECT_SPECS } from '../../src/connectors/sage300/sql-queries.ts';
import { createSqliteBackend } from '../../src/connectors/sage300/sql-sqlite-backend.ts';
import { createSqlContext, groupKey, keysetPages } from '../../src/connectors/sage300/sql-keyset.ts';
import { uniqueKeysOf, uniqueSuffixOf } from '../../src/connectors/sage300/sql-unique-keys.ts';
import { createSage300Reader } from '../../src/connectors/sage300/reader.ts';
import type { ParamSpec, SelectSpec } from '../../src/connectors/sage300/sql-statement.ts';
import { silentLogger } from '../../src/platform/logger.ts';

type Value = string | number;

const specs = [...new Map(ALL_SELECT_SPECS.map((s) => [s.name, s])).values()];

/** Three ordered values of a column's kind. */
function domain(table: string, col: string): [Value, Value, Value] {
  const def = tableDef(table).columns.find((c) => c.name === col);
  if (!def) throw new Error(`${table}.${col} is not in the sandbox schema`);
  return def.kind === 'char' ? ['A', 'B', 'C'] : [1, 2, 3];
}

/** The lowest / highest value a bound parameter may take so that every generated row passes it. */
const lowest = (p: ParamSpec): Value => (p.kind === 'char' ? '' : 0);
const highest = (p: ParamSpec): Value => (p.kind === 'char' ? 'Z'.repeat(p.width) : 999_999_999);

/** Parameters that let every generated row through, and the columns an equality condition fixes. */
function paramsFor(spec: SelectSpec): { params: Record<string, Value>; fixed: Map<string, Value> } {
  const params: Record<string, Value> = {};
  const fixed = new Map<string, Value>();
  for (const c of spec.where) {
    if (c.type === 'cmp') {
      const p = spec.params[c.param]!;
      if (c.op === '=') {
        const v = domain(spec.table, c.left.col)[0];
        params[c.param] = v;
        if (c.left.alias === spec.alias) fixed.set(c.left.col, v);
      } else params[c.param] = c.op === '<' || c.op === '<=' ? highest(p) : lowest(p);
    } else {
      c.params.forEach((name) => (params[name] = c.op === '<=' ? highest(spec.params[name]!) : lowest(spec.params[name]!)));
    }
  }
  return { params, fixed };
}

/**
 * Rows of the spec's table: for each prefix length p+1 (1 .. n-1) of the keyset, three rows equal on it and different
 * after it; then, for each, twins equal on the whole keyset that differ only in a primary-key column the keyset omits.
 */
function tiedRows(spec: SelectSpec, fixed: Map<string, Value>): Record<string, Value>[] {
  const keyCols = spec.key.map((k) => k.ref.col);
  const pk = tableDef(spec.table).primaryKey;
  const rows: Record<string, Value>[] = [];
  // A one-column keyset has no prefix to tie on: three distinct rows.
  if (keyCols.length === 1) for (const v of domain(spec.table, keyCols[0]!)) rows.push({ [keyCols[0]!]: fixed.get(keyCols[0]!) ?? v });
  for (let p = 0; p < keyCols.length - 1; p++) {
    for (let v = 0; v < 3; v++) {
      const row: Record<string, Value> = {};
      keyCols.forEach((col, i) => {
        if (col in row) return; // a column repeated in the keyset (GLPOST's POSTINGSEQ) keeps its first value
        const d = domain(spec.table, col);
        row[col] = fixed.get(col) ?? (i < p ? d[0] : i === p ? d[1] : d[v]!);
      });
      rows.push(row);
    }
  }
  const omitted = pk.filter((c) => !keyCols.includes(c) && !fixed.has(c));
  for (const row of [...rows]) {
    for (const col of omitted) for (const v of domain(spec.table, col).slice(1)) rows.push({ ...row, [col]: v });
  }
  // Columns fixed by an equality filter hold its value; other keys Sage declares unique get a value per row.
  const uniqueElsewhere = (uniqueKeysOf(spec.table) ?? [])
    .filter((u) => !pk.every((c) => u.includes(c)))
    .flat()
    .filter((c) => !keyCols.includes(c) && !pk.includes(c) && !fixed.has(c) && tableDef(spec.table).columns.some((d) => d.name === c));
  return rows.map((row, n) => {
    const out = { ...row };
    for (const [col, v] of fixed) out[col] = v;
    for (const col of uniqueElsewhere) out[col] = domain(spec.table, col)[0] === 'A' ? String(n) : 1000 + n;
    return out;
  });
}

const keyText = (spec: SelectSpec, row: Record<string, Value>): string => JSON.stringify(spec.key.map((k) => row[k.ref.col]));

/** Writes the rows, skipping any whose primary key an earlier one took (Sage could not hold both either). */
function load(db: Database.Database, spec: SelectSpec, rows: Record<string, Value>[]): string[] {
  const pk = tableDef(spec.table).primaryKey;
  const taken = new Set<string>();
  const written: string[] = [];
  for (const row of rows) {
    const id = JSON.stringify(pk.map((c) => row[c] ?? null));
    if (taken.has(id)) continue;
    taken.add(id);
    insertRow(db, spec.table, row);
    written.push(keyText(spec, row));
  }
  return written;
}

describe('keyset paging over ties', () => {
  it('pages every production query on a keyset that ends with a key Sage 300 declares unique', () => {
    for (const spec of specs) {
      const cols = spec.key.map((k) => k.ref.col);
      expect(uniqueSuffixOf(spec.table, cols), `${spec.name}: (${cols.join(', ')})`).toBeDefined();
      expect(
        spec.key.every((k) => k.ref.alias === spec.alias),
        spec.name,
      ).toBe(true);
    }
  });

  it('declares in the sandbox only unique indexes Sage 300 declares, and the primary key Sage declares', () => {
    for (const def of SAGE300_TABLES.map(tableDef)) {
      const unique = uniqueKeysOf(def.name);
      if (!unique) continue;
      // Sage's primary key, or (PMBWH, PMBWD: the sandbox has no SEQ column yet) another key Sage declares unique.
      expect(
        unique.some((u) => u.join() === def.primaryKey.join()),
        `${def.name} primary key (${def.primaryKey.join(', ')})`,
      ).toBe(true);
      if (!['PMBWH', 'PMBWD'].includes(def.name)) expect(def.primaryKey, `${def.name} primary key`).toEqual(unique[0]);
      for (const idx of def.indexes.filter((i) => i.unique === true)) {
        expect(
          unique.some((u) => u.join() === idx.columns.join()),
          `${def.name} UNIQUE (${idx.columns.join(', ')})`,
        ).toBe(true);
      }
    }
    // The one the issue names: consolidated posting puts several GLPOST rows on one posting-sequence key.
    const glpost = tableDef('GLPOST').indexes.find((i) => i.columns.join() === 'POSTINGSEQ,BATCHNBR,ENTRYNBR,TRANSNBR');
    expect(glpost?.unique).not.toBe(true);
  });

  it.each(specs.map((spec) => ({ name: spec.name, spec })))(
    '$name reads every tied row once at page sizes 1, 2 and 3',
    async ({ spec }) => {
      const db = new Database(':memory:');
      try {
        createSage300Schema(db);
        const { params, fixed } = paramsFor(spec);
        const written = load(db, spec, tiedRows(spec, fixed));
        expect(written.length).toBeGreaterThanOrEqual(3);
        for (const pageSize of [1, 2, 3]) {
          const ctx = createSqlContext(createSqliteBackend(db), pageSize, silentLogger());
          const read: string[] = [];
          for await (const page of keysetPages(ctx, spec, params)) {
            expect(page.length).toBeLessThanOrEqual(pageSize);
            for (const row of page) read.push(groupKey(row, spec.key.length));
          }
          expect(read.sort(), `${spec.name} at page size ${pageSize}`).toEqual([...written].sort());
        }
      } finally {
        db.close();
      }
    },
  );

  it('reads all three GLPOST lines of a consolidated posting tied on POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR at page size 2', async () => {
    const db = new Database(':memory:');
    try {
      createSage300Schema(db);
      insertRow(db, 'GLAMF', { ACCTID: '1000', ACCTFMTTD: '1000' });
      const line = { FISCALYR: '2026', FISCALPERD: '03', SRCECURN: 'USD', SRCELEDGER: 'GL', SRCETYPE: 'JE', POSTINGSEQ: 4 };
      const same = { ...line, BATCHNBR: '000010', ENTRYNBR: '00001', TRANSNBR: 20, JRNLDATE: 20260315 };
      insertRow(db, 'GLPOST', { ...same, ACCTID: '1000', CNTDETAIL: 1, TRANSAMT: '30.000' });
      insertRow(db, 'GLPOST', { ...same, ACCTID: '1000', CNTDETAIL: 2, TRANSAMT: '-10.000' });
      insertRow(db, 'GLPOST', { ...same, ACCTID: '1000', CNTDETAIL: 3, TRANSAMT: '-20.000' });
      for (const pageSize of [1, 2, 3]) {
        const reader = createSage300Reader(createSqliteBackend(db), { log: silentLogger(), companyId: 'X', pageSize });
        const amounts: string[] = [];
        for await (const r of reader.gl.postingsByPeriod('2026', 3)) if (r.ok) amounts.push(r.value.amount.toFixed(3));
        expect(amounts, `page size ${pageSize}`).toEqual(['30.000', '-10.000', '-20.000']);
        const incremental: string[] = [];
        for await (const r of reader.gl.postingsSince(null)) if (r.ok) incremental.push(r.value.amount.toFixed(3));
        expect(incremental, `page size ${pageSize}`).toEqual(['30.000', '-10.000', '-20.000']);
      }
    } finally {
      db.close();
    }
  });
});
