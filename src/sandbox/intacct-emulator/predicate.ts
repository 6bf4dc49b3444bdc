import { Money } from '../../domain/money.ts';
import { parseUsDate, dateKey } from './dates.ts';
import { pathValue, type FieldObject } from './xml-node.ts';

/** Filter tree shared by readByQuery's SQL-like text and query's <filter> XML. */
export type Predicate =
  | { kind: 'and' | 'or'; items: Predicate[] }
  | { kind: 'not'; item: Predicate }
  | { kind: 'cmp'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string }
  | { kind: 'in'; field: string; values: string[]; negate: boolean }
  | { kind: 'like'; field: string; pattern: string; negate: boolean }
  | { kind: 'null'; field: string; negate: boolean }
  | { kind: 'true' };

export interface EvalOptions {
  caseInsensitive?: boolean;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * Compares two field texts the way a typed column would: numbers as decimals, mm/dd/yyyy as dates,
 * everything else as strings (case-sensitive unless asked otherwise, like the real query engines).
 */
export function compareValues(a: string, b: string, options: EvalOptions = {}): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) return new Money(a).comparedTo(new Money(b));
  const da = parseUsDate(a);
  const db = parseUsDate(b);
  if (da && db) {
    const ka = dateKey(da);
    const kb = dateKey(db);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }
  const x = options.caseInsensitive ? a.toLowerCase() : a;
  const y = options.caseInsensitive ? b.toLowerCase() : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeToRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

export function evaluate(p: Predicate, rec: FieldObject, options: EvalOptions = {}): boolean {
  switch (p.kind) {
    case 'true':
      return true;
    case 'and':
      return p.items.every((i) => evaluate(i, rec, options));
    case 'or':
      return p.items.some((i) => evaluate(i, rec, options));
    case 'not':
      return !evaluate(p.item, rec, options);
    case 'null': {
      const v = pathValue(rec, p.field);
      const isNull = v === undefined || v === '';
      return p.negate ? !isNull : isNull;
    }
    case 'in': {
      const v = pathValue(rec, p.field);
      if (v === undefined) return false;
      const found = p.values.some((x) => compareValues(v, x, options) === 0);
      return p.negate ? !found : found;
    }
    case 'like': {
      const v = pathValue(rec, p.field);
      if (v === undefined) return false;
      const match = likeToRegex(p.pattern, options.caseInsensitive ?? false).test(v);
      return p.negate ? !match : match;
    }
    case 'cmp': {
      // A missing value behaves like SQL NULL: no comparison is true.
      const v = pathValue(rec, p.field) ?? '';
      if (v === '' && p.value !== '') return p.op === '!=';
      const c = compareValues(v, p.value, options);
      switch (p.op) {
        case '=':
          return c === 0;
        case '!=':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
      }
    }
  }
}
