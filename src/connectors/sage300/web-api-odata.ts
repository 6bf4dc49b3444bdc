/**
 * OData v4 query text for the Sage 300 Web API, built from values and never from caller-supplied fragments, so a
 * vendor name with a quote cannot change the meaning of a filter (reference §8.3).
 */
import type { Money } from '../../domain/money.ts';

/** A value that can appear in a filter or a key. `Money` renders as an exact decimal, `Date` as UTC ISO. */
export type ODataValue = string | number | boolean | null | Date | Money;

type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type ODataFilter =
  | { op: ComparisonOperator; field: string; value: ODataValue }
  | { op: 'and' | 'or'; filters: ODataFilter[] }
  | { op: 'not'; filter: ODataFilter }
  | { op: 'startswith' | 'endswith' | 'contains'; field: string; value: string };

export interface ODataQuery {
  filter?: ODataFilter;
  select?: readonly string[];
  top?: number;
  skip?: number;
  orderBy?: readonly { field: string; descending?: boolean }[];
  count?: boolean;
}

/** Property paths: PascalCase names, optionally `Parent/Child`. Anything else is a bug in the caller. */
const FIELD_RE = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

function field(name: string): string {
  if (!FIELD_RE.test(name)) throw new TypeError(`not an OData property name: ${JSON.stringify(name)}`);
  return name;
}

/** `O'Brien` → `'O''Brien'` (OData doubles single quotes inside string literals). */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function isMoney(value: object): value is Money {
  return typeof (value as { toFixed?: unknown }).toFixed === 'function' && typeof (value as { isFinite?: unknown }).isFinite === 'function';
}

/** One literal. Numbers must be finite; use `Money` for amounts so no float ever reaches the wire. */
export function odataLiteral(value: ODataValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return odataString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    if (!Number.isSafeInteger(value)) throw new TypeError(`use Money for non-integer amounts, got ${value}`);
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('invalid Date');
    return value.toISOString().replace(/\.000Z$/, 'Z');
  }
  if (isMoney(value)) {
    if (!value.isFinite()) throw new TypeError('not a finite amount');
    return value.toFixed();
  }
  throw new TypeError('unsupported OData value');
}

/** Renders a filter tree; `and`/`or` groups are parenthesised so precedence never surprises. */
export function renderFilter(filter: ODataFilter): string {
  switch (filter.op) {
    case 'and':
    case 'or': {
      if (filter.filters.length === 0) throw new TypeError(`empty ${filter.op} group`);
      if (filter.filters.length === 1) return renderFilter(filter.filters[0]!);
      return filter.filters.map((f) => `(${renderFilter(f)})`).join(` ${filter.op} `);
    }
    case 'not':
      return `not (${renderFilter(filter.filter)})`;
    case 'startswith':
    case 'endswith':
    case 'contains':
      return `${filter.op}(${field(filter.field)},${odataString(filter.value)})`;
    default:
      return `${field(filter.field)} ${filter.op} ${odataLiteral(filter.value)}`;
  }
}

/** Small builders so call sites read like the filter: `f.and(f.eq('Status', 'Active'), f.startswith('VendorNumber', 'V'))`. */
export const f = {
  eq: (name: string, value: ODataValue): ODataFilter => ({ op: 'eq', field: name, value }),
  ne: (name: string, value: ODataValue): ODataFilter => ({ op: 'ne', field: name, value }),
  gt: (name: string, value: ODataValue): ODataFilter => ({ op: 'gt', field: name, value }),
  ge: (name: string, value: ODataValue): ODataFilter => ({ op: 'ge', field: name, value }),
  lt: (name: string, value: ODataValue): ODataFilter => ({ op: 'lt', field: name, value }),
  le: (name: string, value: ODataValue): ODataFilter => ({ op: 'le', field: name, value }),
  and: (...filters: ODataFilter[]): ODataFilter => ({ op: 'and', filters }),
  or: (...filters: ODataFilter[]): ODataFilter => ({ op: 'or', filters }),
  not: (filter: ODataFilter): ODataFilter => ({ op: 'not', filter }),
  startswith: (name: string, value: string): ODataFilter => ({ op: 'startswith', field: name, value }),
};

function nonNegativeInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** `$filter=…&$select=…` with values percent-encoded; empty string when there are no options. */
export function buildQueryString(query: ODataQuery): string {
  const parts: string[] = [];
  const add = (key: string, value: string) => parts.push(`${key}=${encodeURIComponent(value)}`);
  if (query.filter !== undefined) add('$filter', renderFilter(query.filter));
  if (query.select !== undefined && query.select.length > 0) add('$select', query.select.map(field).join(','));
  if (query.orderBy !== undefined && query.orderBy.length > 0) {
    add('$orderby', query.orderBy.map((o) => `${field(o.field)}${o.descending ? ' desc' : ''}`).join(','));
  }
  if (query.top !== undefined) add('$top', String(nonNegativeInt('top', query.top)));
  if (query.skip !== undefined && query.skip > 0) add('$skip', String(nonNegativeInt('skip', query.skip)));
  if (query.count) add('$count', 'true');
  return parts.join('&');
}

/** An entity key: one value (`('1200')`, `(66)`) or named parts (`(BatchRecordType='CA',BatchNumber=65)`). */
export type EntityKey = string | number | Readonly<Record<string, string | number>>;

/** The `(…)` path segment for a key, percent-encoded for use in a URL path. */
export function keySegment(key: EntityKey): string {
  const literal = (v: string | number): string => encodeURIComponent(odataLiteral(v));
  if (typeof key === 'string' || typeof key === 'number') return `(${literal(key)})`;
  const entries = Object.entries(key);
  if (entries.length === 0) throw new TypeError('empty composite key');
  return `(${entries.map(([name, value]) => `${field(name)}=${literal(value)}`).join(',')})`;
}

/** The `$skip` and `$top` a server put in its `@odata.nextLink`, or undefined when it has no `$skip`. */
export function pagingFromNextLink(nextLink: string): { skip: number; top?: number } | undefined {
  let url: URL;
  try {
    url = new URL(nextLink, 'http://relative.invalid/');
  } catch {
    return undefined;
  }
  const skipText = url.searchParams.get('$skip');
  if (skipText === null || !/^\d+$/.test(skipText)) return undefined;
  const topText = url.searchParams.get('$top');
  const out: { skip: number; top?: number } = { skip: Number(skipText) };
  if (topText !== null && /^\d+$/.test(topText)) out.top = Number(topText);
  return out;
}
