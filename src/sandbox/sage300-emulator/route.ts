/**
 * URL shape of the Web API: `/Sage300WebApi/v1.0/-/{COMPANY}/{MODULE}/{Resource}[(key)]` with keys written
 * `('1200')`, `(66)`, `(VendorNumber='1200')`, and actions `($process)` / `('$process')` (reference §8.2).
 */
import { err, ok, type Result } from '../../domain/result.ts';

export const API_ROOT = '/Sage300WebApi/v1.0/-/';

type RouteKey =
  | { kind: 'none' }
  | { kind: 'value'; value: string | number }
  | { kind: 'action'; action: '$process' | '$template' }
  | { kind: 'invalid'; text: string };

export interface Route {
  company: string;
  module: string;
  resource: string;
  key: RouteKey;
}

export type ParsedRoute = Result<Route, 'outside_api' | 'bad_path'>;

function parseKeyText(inner: string): RouteKey {
  const text = inner.trim();
  if (text === '$process' || text === "'$process'") return { kind: 'action', action: '$process' };
  if (text === '$template' || text === "'$template'") return { kind: 'action', action: '$template' };
  // `Name=value` — one named part is all the resources here need; composite keys are rejected as invalid.
  const named = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/s.exec(text);
  const literal = named ? named[2]!.trim() : text;
  if (literal.startsWith("'")) {
    if (!literal.endsWith("'") || literal.length < 2) return { kind: 'invalid', text };
    const body = literal.slice(1, -1);
    if (/(^|[^'])'($|[^'])/.test(body.replaceAll("''", ''))) return { kind: 'invalid', text };
    return { kind: 'value', value: body.replaceAll("''", "'") };
  }
  if (/^\d+$/.test(literal) && Number.isSafeInteger(Number(literal))) return { kind: 'value', value: Number(literal) };
  // Sage accepts unquoted strings without spaces (reference §8.2).
  if (/^[^\s,'()=]+$/.test(literal)) return { kind: 'value', value: literal };
  return { kind: 'invalid', text };
}

export function parseRoute(pathname: string): ParsedRoute {
  if (!pathname.startsWith(API_ROOT)) return err('outside_api');
  const rest = pathname.slice(API_ROOT.length).split('/');
  if (rest.length !== 3) return err('bad_path');
  let decoded: string[];
  try {
    decoded = rest.map((p) => decodeURIComponent(p));
  } catch {
    return err('bad_path');
  }
  const [company = '', module = '', last = ''] = decoded;
  const m = /^([A-Za-z0-9$]+)(?:\((.*)\))?$/s.exec(last);
  if (!m || company === '' || module === '') return err('bad_path');
  const key: RouteKey = m[2] === undefined ? { kind: 'none' } : parseKeyText(m[2]);
  return ok({ company, module, resource: m[1]!, key });
}
