/**
 * Runs an OData collection query against one table: `$filter` compiled to SQL over the mapped columns (CHAR
 * compared after RTRIM, enums and dates turned into their stored codes), `$orderby`, `$top`, `$skip`, `$count`,
 * `$select`, with server paging at PAGE_SIZE like Sage's default.
 */
import type Database from 'better-sqlite3';
import type { FieldDef, ResourceMap } from './field-map.ts';
import { parseWireDate } from './field-map.ts';
import { parseFilter, type FilterNode, type Literal } from './odata-filter.ts';
import { badParameters, ok, type Handled } from './sage-errors.ts';

/** Sage's default `PageSize` (reference §8.1). */
const PAGE_SIZE = 100;

type Sql = { sql: string; params: (string | number)[] };

const OPS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
const q = (name: string) => `"${name}"`;

class FilterError extends Error {}

function literalFor(field: FieldDef, lit: Literal): string | number {
  const expect = (what: string): never => {
    throw new FilterError(`property '${field.name}' is compared with a value that is not ${what}`);
  };
  const k = field.kind;
  switch (k.kind) {
    case 'text':
      if (lit.kind === 'null') return '';
      return lit.kind === 'string' ? lit.value : expect('a string');
    case 'int':
      return lit.kind === 'number' && /^-?\d+$/.test(lit.text) ? Number(lit.text) : expect('an integer');
    case 'decimal':
      // Filtering only: SQLite compares the exact decimal text numerically as REAL. Stored values stay exact.
      return lit.kind === 'number' ? Number(lit.text) : expect('a number');
    case 'bool':
      return lit.kind === 'bool' ? (lit.value ? 1 : 0) : expect('true or false');
    case 'date': {
      if (lit.kind === 'null') return 0;
      const text = lit.kind === 'date' ? lit.text : lit.kind === 'string' ? lit.value : expect('a date');
      return parseWireDate(text) ?? expect('a valid date');
    }
    case 'enum': {
      if (lit.kind !== 'string') return expect('a string');
      const hit = k.values.find(([, w]) => w.toLowerCase() === lit.value.toLowerCase());
      if (!hit) return expect(`one of ${k.values.map(([, w]) => w).join(', ')}`);
      return hit[0];
    }
  }
}

function columnExpr(field: FieldDef): string {
  if (field.col.kind === 'char') return `RTRIM(${q(field.column)})`;
  if (field.kind.kind === 'decimal') return `CAST(${q(field.column)} AS REAL)`;
  return q(field.column);
}

function compile(map: ResourceMap, node: FilterNode): Sql {
  const fieldOf = (name: string): FieldDef => {
    const field = map.byName.get(name);
    if (!field) throw new FilterError(`the property '${name}' does not exist on type '${map.entitySet}'`);
    return field;
  };
  switch (node.type) {
    case 'and':
    case 'or': {
      const l = compile(map, node.left);
      const r = compile(map, node.right);
      return { sql: `(${l.sql} ${node.type.toUpperCase()} ${r.sql})`, params: [...l.params, ...r.params] };
    }
    case 'not': {
      const inner = compile(map, node.node);
      return { sql: `(NOT ${inner.sql})`, params: inner.params };
    }
    case 'fn': {
      const field = fieldOf(node.field);
      if (field.kind.kind !== 'text') throw new FilterError(`${node.fn} needs a text property, '${field.name}' is not`);
      const col = columnExpr(field);
      // substr/instr rather than LIKE: OData string functions are case-sensitive and have no wildcards.
      if (node.fn === 'startswith') return { sql: `substr(${col}, 1, ?) = ?`, params: [node.value.length, node.value] };
      if (node.fn === 'endswith')
        return { sql: `(length(${col}) >= ? AND substr(${col}, -?) = ?)`, params: [node.value.length, node.value.length, node.value] };
      return { sql: `instr(${col}, ?) > 0`, params: [node.value] };
    }
    case 'cmp': {
      const field = fieldOf(node.field);
      const value = literalFor(field, node.value);
      const stored = typeof value === 'string' && field.col.kind === 'char' ? value.trimEnd() : value;
      return { sql: `${columnExpr(field)} ${OPS[node.op]} ?`, params: [stored] };
    }
  }
}

export interface CollectionResult {
  rows: Record<string, unknown>[];
  select?: string[];
  count?: number;
  /** Present when more rows follow: the `$skip` (and remaining `$top`) of the next page. */
  next?: { skip: number; top?: number };
}

function nonNegative(name: string, text: string | null): number | undefined | FilterError {
  if (text === null) return undefined;
  if (!/^\d+$/.test(text)) return new FilterError(`${name} must be a non-negative integer`);
  return Number(text);
}

/**
 * Plans and runs the query. `scope` adds a fixed condition (e.g. a parent key); `pageSize` is Sage's PageSize.
 */
export function queryCollection(
  db: Database.Database,
  map: ResourceMap,
  search: URLSearchParams,
  scope?: Sql,
  pageSize = PAGE_SIZE,
): Handled<CollectionResult> {
  try {
    for (const key of search.keys()) {
      if (key.startsWith('$') && !['$filter', '$select', '$orderby', '$top', '$skip', '$count', '$format'].includes(key)) {
        throw new FilterError(`the query option ${key} is not supported`);
      }
    }
    const where: Sql[] = scope ? [scope] : [];
    const filterText = search.get('$filter');
    if (filterText !== null && filterText.trim() !== '') {
      try {
        where.push(compile(map, parseFilter(filterText)));
      } catch (error) {
        if (error instanceof SyntaxError) throw new FilterError(`$filter: ${error.message}`);
        throw error;
      }
    }
    const select = search
      .get('$select')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const name of select ?? [])
      if (!map.byName.has(name)) throw new FilterError(`$select: the property '${name}' does not exist on type '${map.entitySet}'`);
    const order = (search.get('$orderby') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((part) => {
        const [name = '', dir = 'asc', extra] = part.split(/\s+/);
        const field = map.byName.get(name);
        if (!field || extra !== undefined || !['asc', 'desc'].includes(dir)) throw new FilterError(`$orderby: cannot order by '${part}'`);
        return `${columnExpr(field)} ${dir.toUpperCase()}`;
      });
    const top = nonNegative('$top', search.get('$top'));
    const skip = nonNegative('$skip', search.get('$skip'));
    if (top instanceof FilterError) throw top;
    if (skip instanceof FilterError) throw skip;

    const whereSql = where.length > 0 ? `WHERE ${where.map((w) => w.sql).join(' AND ')}` : '';
    const params = where.flatMap((w) => w.params);
    const pk = map.fields.length > 0 ? tablePk(db, map.table) : [];
    const orderSql = `ORDER BY ${[...order, ...pk.map(q)].join(', ')}`;
    const start = skip ?? 0;
    const pageLen = Math.min(pageSize, top ?? Number.MAX_SAFE_INTEGER);
    const fetched = db
      .prepare(`SELECT * FROM ${q(map.table)} ${whereSql} ${orderSql} LIMIT ? OFFSET ?`)
      .all(...params, pageLen + 1, start) as Record<string, unknown>[];
    const rows = fetched.slice(0, pageLen);
    const result: CollectionResult = { rows };
    if (select !== undefined && select.length > 0) result.select = select;
    const more = fetched.length > pageLen && (top === undefined || top > pageLen);
    if (more) result.next = { skip: start + rows.length, ...(top === undefined ? {} : { top: top - rows.length }) };
    if (search.get('$count') === 'true') {
      const row = db.prepare(`SELECT COUNT(*) AS n FROM ${q(map.table)} ${whereSql}`).get(...params) as { n: number };
      result.count = row.n;
    }
    return ok(result);
  } catch (error) {
    if (error instanceof FilterError) return badParameters(error.message);
    throw error;
  }
}

const pkCache = new WeakMap<Database.Database, Map<string, string[]>>();

function tablePk(db: Database.Database, table: string): string[] {
  let perDb = pkCache.get(db);
  if (!perDb) {
    perDb = new Map<string, string[]>();
    pkCache.set(db, perDb);
  }
  let pk = perDb.get(table);
  if (!pk) {
    const info = db.prepare(`PRAGMA table_info(${q(table)})`).all() as { name: string; pk: number }[];
    pk = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    perDb.set(table, pk);
  }
  return pk;
}
