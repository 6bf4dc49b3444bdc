/**
 * Dialect-neutral description of one keyset-paged SELECT. Queries are declared once as data; the
 * dialect renderer (`sql-dialect.ts`) turns them into T-SQL or SQLite text.
 */
import { uniqueKeysOf, uniqueSuffixOf } from './sql-unique-keys.ts';

/** How a selected column comes back: CHAR (RTRIMmed), exact decimal text, or an integer-valued number. */
type ColKind = 'char' | 'amount' | 'num';

/** How a parameter is bound (mssql needs a declared type; `char` values are right-padded to `width`). */
export type ParamSpec = { kind: 'char'; width: number } | { kind: 'int' } | { kind: 'dec0' };

export interface ColumnRef {
  readonly alias: string;
  readonly col: string;
}

export interface SelectItem extends ColumnRef {
  readonly kind: ColKind;
  /** Output name in the row object. */
  readonly as: string;
}

type CmpOp = '=' | '<>' | '>' | '>=' | '<' | '<=';

export type Condition =
  | { readonly type: 'cmp'; readonly left: ColumnRef; readonly op: CmpOp; readonly param: string }
  /** Lexicographic tuple comparison, rendered as expanded OR/AND (no row-value syntax in T-SQL). */
  | { readonly type: 'tuple'; readonly left: readonly ColumnRef[]; readonly op: '>' | '>=' | '<='; readonly params: readonly string[] };

interface JoinSpec {
  readonly table: string;
  readonly alias: string;
  readonly on: readonly (readonly [ColumnRef, ColumnRef])[];
}

export interface KeyColumn {
  readonly ref: ColumnRef;
  readonly param: ParamSpec;
}

export interface SelectSpec {
  /** Stable name for logs and tests, e.g. `glpost.by-seq`. */
  readonly name: string;
  readonly table: string;
  readonly alias: string;
  readonly select: readonly SelectItem[];
  readonly joins: readonly JoinSpec[];
  readonly where: readonly Condition[];
  /** Ordering key for keyset paging, ending with a Sage 300 unique key (checked); raw values come back as `__k0..n`. */
  readonly key: readonly KeyColumn[];
  readonly params: Readonly<Record<string, ParamSpec>>;
}

/** Prefix of the per-row raw key values the pager reads back (never RTRIMmed: CHAR keys compare padded). */
export const KEY_PREFIX = '__k';
/** Prefix of the keyset parameters: `@__a0..n` hold the last key of the previous page. */
export const AFTER_PREFIX = '__a';

const CHAR_PARAM = /^c(\d+)$/;

/** Parses a compact param kind: `c12` (CHAR(12)), `int`, `dec0`. */
export function param(spec: string): ParamSpec {
  const m = CHAR_PARAM.exec(spec);
  if (m) return { kind: 'char', width: Number(m[1]) };
  if (spec === 'int') return { kind: 'int' };
  if (spec === 'dec0') return { kind: 'dec0' };
  throw new Error(`bad param spec ${spec}`);
}

function expand(name: string): string[] {
  const m = /^(\w+)\{(\d+)\.\.(\d+)\}$/.exec(name);
  if (!m) return [name];
  const [, head = '', from = '1', to = '1'] = m;
  const out: string[] = [];
  for (let i = Number(from); i <= Number(to); i++) out.push(`${head}${String(i).padStart(from.length, '0')}`);
  return out;
}

const KIND_LETTER: Record<string, ColKind> = { c: 'char', a: 'amount', n: 'num' };

/**
 * Parses `ACCTID c, OPENBAL a, NETPERD{1..15} a, g.ACCTFMTTD c` into select items; an `x.` prefix
 * picks a join alias, otherwise `alias` is used. Kind letters: c = CHAR, a = decimal amount, n = number.
 */
export function columns(alias: string, text: string): SelectItem[] {
  const items: SelectItem[] = [];
  for (const part of text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [ref, letter] = part.split(/\s+/);
    const kind = letter === undefined ? undefined : KIND_LETTER[letter];
    if (ref === undefined || kind === undefined) throw new Error(`bad column item '${part}'`);
    const prefixed = /^([a-z]\w*)\.(.+)$/.exec(ref);
    const a = prefixed?.[1] ?? alias;
    const name = prefixed?.[2] ?? ref;
    for (const col of expand(name)) items.push({ alias: a, col, kind, as: col });
  }
  return items;
}

/** Keyset key columns: `key('p', 'POSTINGSEQ dec0, BATCHNBR c6')`. */
export function key(alias: string, text: string): KeyColumn[] {
  return text.split(',').map((part) => {
    const [col, spec] = part.trim().split(/\s+/);
    if (col === undefined || spec === undefined) throw new Error(`bad key item '${part}'`);
    return { ref: { alias, col }, param: param(spec) };
  });
}

/** Equality conditions `col = @param` for each `[col, param]`. */
export function equals(alias: string, pairs: readonly (readonly [string, string])[]): Condition[] {
  return pairs.map(([col, p]) => ({ type: 'cmp', left: { alias, col }, op: '=', param: p }));
}

/**
 * Range over a parent key, for reading the children of one page of parents:
 * `(cols) >= (@lo0..)` and `(cols) <= (@hi0..)`. Params are named `lo0..`/`hi0..`.
 */
function parentRange(alias: string, cols: readonly string[]): Condition[] {
  const left = cols.map((col) => ({ alias, col }));
  return [
    { type: 'tuple', left, op: '>=', params: cols.map((_, i) => `lo${i}`) },
    { type: 'tuple', left, op: '<=', params: cols.map((_, i) => `hi${i}`) },
  ];
}

/** The audit-stamp lower bound `(AUDTDATE, AUDTTIME) >= (@fromDate, @fromTime)`, plus a sargable `AUDTDATE >= @fromDate`. */
function audtFrom(alias: string): Condition[] {
  const d = { alias, col: 'AUDTDATE' };
  return [
    { type: 'cmp', left: d, op: '>=', param: 'fromDate' },
    { type: 'tuple', left: [d, { alias, col: 'AUDTTIME' }], op: '>=', params: ['fromDate', 'fromTime'] },
  ];
}

/** Params of `audtFrom`. */
const AUDT_PARAMS: Readonly<Record<string, ParamSpec>> = { fromDate: { kind: 'dec0' }, fromTime: { kind: 'dec0' } };

/**
 * Refuses a keyset that is not a total order in Sage 300: the key must be columns of the spec's own table and end
 * with a key Sage declares unique for it (`sql-unique-keys.ts`). Ties on a non-unique key lose rows at page edges.
 */
function assertUniqueKeyset(spec: Pick<SelectSpec, 'name' | 'table' | 'alias' | 'key'>): void {
  const foreign = spec.key.find((k) => k.ref.alias !== spec.alias);
  if (foreign) throw new Error(`${spec.name}: keyset column ${foreign.ref.alias}.${foreign.ref.col} is not a column of ${spec.table}`);
  const cols = spec.key.map((k) => k.ref.col);
  if (uniqueSuffixOf(spec.table, cols) === undefined) {
    throw new Error(
      `${spec.name}: keyset (${cols.join(', ')}) does not end with a key Sage 300 declares unique for ${spec.table} ` +
        `(${(uniqueKeysOf(spec.table) ?? []).map((u) => u.join('+')).join('; ') || 'none declared'}); ` +
        'append the primary key, or declare the key with its source in sql-unique-keys.ts',
    );
  }
}

/** Base for a spec: no joins, conditions or params unless given; the keyset must end with a Sage unique key. */
export function select(spec: Partial<SelectSpec> & Pick<SelectSpec, 'name' | 'table' | 'alias' | 'select' | 'key'>): SelectSpec {
  assertUniqueKeyset(spec);
  return { joins: [], where: [], params: {}, ...spec };
}

/** Output names of the audit stamp a `changesOf` spec selects for the change tracker. */
export const STAMP_DATE = '__audtDate';
export const STAMP_TIME = '__audtTime';

/**
 * The audit-stamp incremental variant of a full-table spec: the rows stamped at or after `@fromDate/@fromTime`, paged
 * on the table's own unique key. Sage declares no index on AUDTDATE/AUDTTIME, so the stamp is a filter over a
 * primary-key walk (each page continues from the last key; the whole read is one pass), never the paging order.
 */
export function changesOf(base: SelectSpec): SelectSpec {
  return {
    ...base,
    name: `${base.name}.changes`,
    select: [
      ...base.select,
      { alias: base.alias, col: 'AUDTDATE', kind: 'num', as: STAMP_DATE },
      { alias: base.alias, col: 'AUDTTIME', kind: 'num', as: STAMP_TIME },
    ],
    where: [...base.where, ...audtFrom(base.alias)],
    params: { ...base.params, ...AUDT_PARAMS },
  };
}

/**
 * The two ways to read children: `range` for a key-contiguous page of parents (params lo/hi) and
 * `exact` for one parent (params p0..). `parentCols` are the child's columns holding the parent key,
 * which must be the leading columns of the child's keyset key.
 */
export function childSpecs(base: SelectSpec, parentCols: readonly string[]): { range: SelectSpec; exact: SelectSpec } {
  const kinds = base.key.slice(0, parentCols.length).map((k, i) => {
    if (k.ref.col !== parentCols[i]) throw new Error(`${base.name}: parent column ${parentCols[i]} must lead the key`);
    return k.param;
  });
  const rangeParams: Record<string, ParamSpec> = { ...base.params };
  const exactParams: Record<string, ParamSpec> = { ...base.params };
  kinds.forEach((p, i) => {
    rangeParams[`lo${i}`] = p;
    rangeParams[`hi${i}`] = p;
    exactParams[`p${i}`] = p;
  });
  return {
    range: { ...base, name: `${base.name}.range`, where: [...base.where, ...parentRange(base.alias, parentCols)], params: rangeParams },
    exact: {
      ...base,
      name: `${base.name}.exact`,
      where: [
        ...base.where,
        ...equals(
          base.alias,
          parentCols.map((c, i) => [c, `p${i}`] as const),
        ),
      ],
      params: exactParams,
    },
  };
}
