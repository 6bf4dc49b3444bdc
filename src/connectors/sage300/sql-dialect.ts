/**
 * The ONLY place where T-SQL and SQLite differ: identifier quoting, decimal-to-text casts and the
 * paging clause. Parameters are `@name` in both (better-sqlite3 accepts `@name` named parameters).
 */
import { AFTER_PREFIX, KEY_PREFIX, type ColumnRef, type Condition, type SelectItem, type SelectSpec } from './sql-statement.ts';

export type SqlDialect = 'mssql' | 'sqlite';

/** A rendered statement: text plus the declared parameter types the backend binds. */
export interface RenderedSql {
  readonly name: string;
  readonly text: string;
  readonly dialect: SqlDialect;
  readonly params: SelectSpec['params'];
}

export interface RenderOptions {
  /** Include the keyset predicate `(key) > (@__a0..)` (every page after the first). */
  readonly after: boolean;
  /** Page size; rendered as a literal because T-SQL `FETCH NEXT @n` is not in our test grammar. */
  readonly limit: number;
}

/** Quotes an identifier: Sage uses SQL keywords as column names (DESC, DATE, VALUES, COMMENT). */
export function quoteIdent(dialect: SqlDialect, name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing to quote identifier '${name}'`);
  return dialect === 'mssql' ? `[${name}]` : `"${name}"`;
}

function colRef(d: SqlDialect, r: ColumnRef): string {
  return `${quoteIdent(d, r.alias)}.${quoteIdent(d, r.col)}`;
}

/** Decimals leave the database as exact text: never through a JS float. */
export function decimalAsText(dialect: SqlDialect, expr: string): string {
  return dialect === 'mssql' ? `CAST(${expr} AS VARCHAR(40))` : `CAST(${expr} AS TEXT)`;
}

/** Paging clause appended after ORDER BY. */
export function limitClause(dialect: SqlDialect, limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`bad page size ${limit}`);
  return dialect === 'mssql' ? `OFFSET 0 ROWS FETCH NEXT ${limit} ROWS ONLY` : `LIMIT ${limit}`;
}

function selectItem(d: SqlDialect, item: SelectItem): string {
  const c = colRef(d, item);
  const expr = item.kind === 'char' ? `RTRIM(${c})` : item.kind === 'amount' ? decimalAsText(d, c) : c;
  return `${expr} AS ${quoteIdent(d, item.as)}`;
}

/**
 * A lexicographic tuple comparison. SQLite gets a row value `(a, b) > (@x, @y)`, which its planner turns into one index
 * seek; T-SQL has no row values, so there it is expanded to `a > @x OR (a = @x AND b > @y)` (`>=`/`<=` make the last
 * step inclusive).
 */
function tuple(d: SqlDialect, left: readonly ColumnRef[], op: '>' | '>=' | '<=', params: readonly string[]): string {
  if (left.length === 0 || left.length !== params.length) throw new Error('tuple arity mismatch');
  if (d === 'sqlite') {
    if (left.length === 1) return `${colRef(d, left[0]!)} ${op} @${params[0]!}`;
    return `(${left.map((c) => colRef(d, c)).join(', ')}) ${op} (${params.map((p) => `@${p}`).join(', ')})`;
  }
  const strict = op === '<=' ? '<' : '>';
  const ors: string[] = [];
  for (let i = 0; i < left.length; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) parts.push(`${colRef(d, left[j]!)} = @${params[j]!}`);
    const last = i === left.length - 1 && op !== '>' ? op : strict;
    parts.push(`${colRef(d, left[i]!)} ${last} @${params[i]!}`);
    ors.push(parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`);
  }
  return ors.length === 1 ? ors[0]! : `(${ors.join(' OR ')})`;
}

const sameCol = (a: ColumnRef, b: ColumnRef): boolean => a.alias === b.alias && a.col === b.col;

/**
 * True for a lower bound on a leading part of the keyset (`k0 > @x`, `(k0, k1) >= (@x, @y)`): on every page after the
 * first it is implied by `key > last key` (the last row satisfied it), and keeping it would let a planner seek from
 * that bound (the cursor) instead of from the page key and re-walk the index on every page.
 */
function impliedByKeyset(c: Condition, key: SelectSpec['key']): boolean {
  if (c.type === 'cmp') return (c.op === '>' || c.op === '>=') && key[0] !== undefined && sameCol(c.left, key[0].ref);
  return c.op !== '<=' && c.left.length <= key.length && c.left.every((l, i) => sameCol(l, key[i]!.ref));
}

const paramsOf = (c: Condition): readonly string[] => (c.type === 'cmp' ? [c.param] : c.params);

function condition(d: SqlDialect, c: Condition): string {
  return c.type === 'cmp' ? `${colRef(d, c.left)} ${c.op} @${c.param}` : tuple(d, c.left, c.op, c.params);
}

/** Renders one page query of a keyset-paged SELECT. */
export function renderSelect(dialect: SqlDialect, spec: SelectSpec, options: RenderOptions): RenderedSql {
  const d = dialect;
  const items = spec.select.map((i) => selectItem(d, i));
  spec.key.forEach((k, i) => items.push(`${colRef(d, k.ref)} AS ${quoteIdent(d, `${KEY_PREFIX}${i}`)}`));
  const from = [`FROM ${quoteIdent(d, spec.table)} ${quoteIdent(d, spec.alias)}`];
  for (const j of spec.joins) {
    const on = j.on.map(([l, r]) => `${colRef(d, l)} = ${colRef(d, r)}`).join(' AND ');
    from.push(`LEFT JOIN ${quoteIdent(d, j.table)} ${quoteIdent(d, j.alias)} ON ${on}`);
  }
  const kept = options.after ? spec.where.filter((c) => !impliedByKeyset(c, spec.key)) : spec.where;
  const where = kept.map((c) => condition(d, c));
  const params: Record<string, SelectSpec['params'][string]> = { ...spec.params };
  // A parameter only a dropped bound used is not bound on later pages (bindParams binds what the statement declares).
  const used = new Set(kept.flatMap(paramsOf));
  for (const c of spec.where) for (const p of paramsOf(c)) if (!used.has(p)) delete params[p];
  if (options.after) {
    const names = spec.key.map((_, i) => `${AFTER_PREFIX}${i}`);
    // T-SQL: the redundant leading `k0 >= @__a0` gives the planner a seekable range; the OR chain alone may scan.
    if (spec.key.length > 1 && d === 'mssql') where.push(`${colRef(d, spec.key[0]!.ref)} >= @${names[0]!}`);
    where.push(
      tuple(
        d,
        spec.key.map((k) => k.ref),
        '>',
        names,
      ),
    );
    spec.key.forEach((k, i) => (params[names[i]!] = k.param));
  }
  const order = spec.key.map((k) => `${colRef(d, k.ref)} ASC`).join(', ');
  const text = [
    `SELECT ${items.join(', ')}`,
    ...from,
    ...(where.length > 0 ? [`WHERE ${where.join(' AND ')}`] : []),
    `ORDER BY ${order}`,
    limitClause(d, options.limit),
  ].join('\n');
  return { name: spec.name, text, dialect, params };
}
