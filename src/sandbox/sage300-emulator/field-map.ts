/**
 * Web API property ↔ table column mapping and the value conversions between the wire (enum strings, ISO dates,
 * JSON numbers) and storage (codes, YYYYMMDD ints, padded CHAR, exact decimal text). Each resource declares its
 * map in one `map-*.ts` file; everything here is resource-agnostic.
 */
import { Money } from '../../domain/money.ts';
import { tableDef, type ColumnDef } from '../sage300-db/schema.ts';
import { JsonNumber, isJsonObject, type JsonValue } from './json-wire.ts';
import { badPayload, ok, type Handled } from './sage-errors.ts';

export type FieldKind =
  | { kind: 'text' }
  | { kind: 'int' }
  | { kind: 'decimal' }
  | { kind: 'date' }
  | { kind: 'bool' }
  | { kind: 'enum'; values: readonly (readonly [stored: string | number, wire: string])[] };

export interface FieldSpec {
  name: string;
  column: string;
  kind?: FieldKind;
  /** Computed or system-maintained: shown on GET, ignored on write. */
  readOnly?: boolean;
}

export interface FieldDef {
  name: string;
  column: string;
  col: ColumnDef;
  kind: FieldKind;
  readOnly: boolean;
}

export interface ResourceMap {
  /** Entity set name, e.g. `APVendors`. */
  entitySet: string;
  table: string;
  fields: readonly FieldDef[];
  byName: ReadonlyMap<string, FieldDef>;
}

const TEXT: FieldKind = { kind: 'text' };
export const BOOL: FieldKind = { kind: 'bool' };
export const enumOf = (values: readonly (readonly [string | number, string])[]): FieldKind => ({ kind: 'enum', values });
export const ACTIVE_STATUS = enumOf([
  [0, 'Inactive'],
  [1, 'Active'],
]);

function defaultKind(col: ColumnDef): FieldKind {
  switch (col.kind) {
    case 'char':
      return TEXT;
    case 'date':
      return { kind: 'date' };
    case 'decimal':
      return col.scale > 0 ? { kind: 'decimal' } : { kind: 'int' };
    default:
      return { kind: 'int' };
  }
}

/** Builds a map, checking every column against the schema so a typo fails at emulator start. */
export function defineResource(entitySet: string, table: string, specs: readonly FieldSpec[]): ResourceMap {
  const def = tableDef(table);
  const fields = specs.map((s): FieldDef => {
    const col = def.columns.find((c) => c.name === s.column);
    if (!col) throw new Error(`${entitySet}.${s.name}: ${table} has no column ${s.column}`);
    return { name: s.name, column: s.column, col, kind: s.kind ?? defaultKind(col), readOnly: s.readOnly ?? false };
  });
  return { entitySet, table, fields, byName: new Map(fields.map((f) => [f.name, f])) };
}

/** Text of a SQLite cell (CHAR, decimal text or integer); anything else is blank. */
export function cellText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';
}

export const trimCell = (v: unknown): string => cellText(v).trimEnd();

function sageDateToWire(n: number): string | null {
  if (!n) return null;
  const s = String(n).padStart(8, '0');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T00:00:00Z`;
}

/** `2020-01-15`, `2020-01-15T00:00:00Z` or `…T12:00:00.000Z` → 20200115; undefined when not a real date. */
export function parseWireDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return y * 10000 + mo * 100 + d;
}

/** Stored column value → wire value. */
function columnToWire(field: FieldDef, stored: unknown): unknown {
  const k = field.kind;
  switch (k.kind) {
    case 'text':
      return trimCell(stored);
    case 'int':
      return typeof stored === 'bigint' ? Number(stored) : Number(stored ?? 0);
    case 'decimal':
      return new JsonNumber(cellText(stored) || '0');
    case 'date':
      return sageDateToWire(Number(stored ?? 0));
    case 'bool':
      return Number(stored) !== 0;
    case 'enum': {
      const raw = typeof stored === 'string' ? stored.trimEnd() : Number(stored);
      const hit = k.values.find(([s]) => s === raw);
      return hit ? hit[1] : String(raw);
    }
  }
}

export function rowToWire(map: ResourceMap, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of map.fields) out[field.name] = columnToWire(field, row[field.column]);
  return out;
}

const typeName = (f: FieldDef): string =>
  f.kind.kind === 'enum'
    ? `one of ${f.kind.values.map(([, w]) => w).join(', ')}`
    : f.kind.kind === 'text'
      ? 'a string'
      : f.kind.kind === 'date'
        ? 'a date (YYYY-MM-DD)'
        : f.kind.kind === 'bool'
          ? 'true or false'
          : 'a number';

/** A stored-form value ready for SQLite (CHAR padded, decimals as exact text). */
export type StoredValue = string | number;

/** Wire value → stored column value, or a 400 naming the property and what it expects. */
export function wireToColumn(map: ResourceMap, field: FieldDef, value: JsonValue): Handled<StoredValue> {
  const bad = () => badPayload(`Invalid value for property '${field.name}' of '${map.entitySet}': expected ${typeName(field)}.`);
  const k = field.kind;
  switch (k.kind) {
    case 'text': {
      if (typeof value !== 'string') return bad();
      if (value.length > field.col.width)
        return badPayload(`Property '${field.name}' of '${map.entitySet}' is longer than ${field.col.width} characters.`);
      return ok(value.padEnd(field.col.width, ' '));
    }
    case 'int':
      if (!(value instanceof JsonNumber) || !value.isInteger || !Number.isSafeInteger(Number(value.text))) return bad();
      return ok(Number(value.text));
    case 'decimal': {
      if (!(value instanceof JsonNumber)) return bad();
      const amount = new Money(value.text);
      const text = amount.toFixed(field.col.scale, Money.ROUND_HALF_UP);
      if (
        text
          .replace(/^-/, '')
          .replace('.', '')
          .replace(/^0+(?=\d)/, '').length > field.col.width
      )
        return badPayload(`Property '${field.name}' of '${map.entitySet}' is out of range.`);
      return ok(text === `-${(0).toFixed(field.col.scale)}` ? text.slice(1) : text);
    }
    case 'date': {
      if (value === null) return ok(0);
      if (typeof value !== 'string') return bad();
      const n = parseWireDate(value);
      return n === undefined ? bad() : ok(n);
    }
    case 'bool':
      return typeof value === 'boolean' ? ok(value ? 1 : 0) : bad();
    case 'enum': {
      if (typeof value !== 'string') return bad();
      const hit = k.values.find(([, w]) => w.toLowerCase() === value.toLowerCase());
      if (!hit) return bad();
      const stored = hit[0];
      return ok(typeof stored === 'string' ? stored.padEnd(field.col.width, ' ') : stored);
    }
  }
}

export interface ParsedBody {
  /** Column → stored value, for the writable properties present in the body. */
  columns: Map<string, StoredValue>;
  /** Properties present in the body (writable or not), by wire name. */
  present: Set<string>;
}

/**
 * Converts a JSON object body to column values. Unknown properties are a 400 (names the property); read-only
 * ones are accepted and ignored, because Sage recommends trimmed GET responses as create bodies.
 * `nested` names the child-collection properties the caller handles itself.
 */
export function bodyToColumns(map: ResourceMap, body: JsonValue, nested: readonly string[] = []): Handled<ParsedBody> {
  if (!isJsonObject(body)) return badPayload(`The request body for '${map.entitySet}' must be a JSON object.`);
  const columns = new Map<string, StoredValue>();
  const present = new Set<string>();
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || nested.includes(name)) continue;
    const field = map.byName.get(name);
    if (!field) return badPayload(`The property '${name}' does not exist on type '${map.entitySet}'.`);
    present.add(name);
    if (field.readOnly || name === 'UpdateOperation') continue;
    const stored = wireToColumn(map, field, value);
    if (!stored.ok) return stored;
    columns.set(field.column, stored.value);
  }
  return ok({ columns, present });
}

/** The stored form of a key given in the URL (CHAR keys padded). */
export function keyToStored(field: FieldDef, key: string | number): StoredValue | undefined {
  if (field.col.kind === 'char') {
    const text = String(key);
    return text.length > field.col.width ? undefined : text.padEnd(field.col.width, ' ');
  }
  return typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : undefined;
}

/** Address and contact fields: APVEN and ARCUS share the same columns for them, and the Web API the same names. */
export const ADDRESS_AND_CONTACT: readonly FieldSpec[] = [
  { name: 'AddressLine1', column: 'TEXTSTRE1' },
  { name: 'AddressLine2', column: 'TEXTSTRE2' },
  { name: 'AddressLine3', column: 'TEXTSTRE3' },
  { name: 'AddressLine4', column: 'TEXTSTRE4' },
  { name: 'City', column: 'NAMECITY' },
  { name: 'StateProvince', column: 'CODESTTE' },
  { name: 'ZipPostalCode', column: 'CODEPSTL' },
  { name: 'Country', column: 'CODECTRY' },
  { name: 'ContactName', column: 'NAMECTAC' },
  { name: 'PhoneNumber', column: 'TEXTPHON1' },
  { name: 'FaxNumber', column: 'TEXTPHON2' },
  { name: 'ContactsEmail', column: 'EMAIL1' },
  { name: 'Email', column: 'EMAIL2' },
  { name: 'WebSite', column: 'WEBSITE' },
];
