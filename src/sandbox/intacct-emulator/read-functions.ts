import { compareValues, evaluate, type EvalOptions, type Predicate } from './predicate.ts';
import { requestError } from './errors.ts';
import { failure, type FunctionContext, type FunctionHandler, type FunctionResult, type XmlObject } from './function-types.ts';
import { findObject, type ObjectDef } from './objects.ts';
import { parseFilter } from './query-filter.ts';
import { parseQueryText } from './query-language.ts';
import type { StoredRecord } from './store.ts';
import { child, childText, pathValue, type FieldObject, type XNode } from './xml-node.ts';
import { err, ok, type Err, type Result } from '../../domain/result.ts';

const READ_BY_QUERY_MAX = 1000;
const QUERY_MAX = 2000;
const MAX_KEYS = 100;

type Parsed<T> = Result<T, FunctionResult>;
const bad = (description2: string, correction = ''): Err<FunctionResult> => err(failure([requestError(description2, correction)]));

function objectArg(node: XNode): Parsed<ObjectDef> {
  const name = childText(node, 'object');
  const def = findObject(name);
  if (!def) return bad(`<object> '${name ?? ''}' is not a known object.`, 'Use e.g. VENDOR, CUSTOMER, GLACCOUNT, GLBATCH, APBILL.');
  return ok(def);
}

function pageSizeArg(node: XNode, max: number): Parsed<number> {
  const text = childText(node, 'pagesize');
  if (text === undefined || text === '') return ok(100);
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= max)) return bad(`<pagesize> must be an integer from 1 to ${max}; got '${text}'.`);
  return ok(n);
}

function fieldsArg(node: XNode): string[] {
  const text = childText(node, 'fields')?.trim();
  if (!text || text === '*') return ['*'];
  return text
    .split(',')
    .map((f) => f.trim().toUpperCase())
    .filter(Boolean);
}

function returnFormatOk(node: XNode): boolean {
  const format = (childText(node, 'returnFormat') ?? childText(node, 'returnformat') ?? 'xml').toLowerCase();
  return format === '' || format === 'xml';
}

/** Only the requested fields, in request order; a dotted field reads a nested group. */
function project(rec: FieldObject, fields: string[]): FieldObject {
  if (fields.length === 1 && fields[0] === '*') return rec;
  const out: FieldObject = {};
  for (const f of fields) out[f] = f.includes('.') ? (pathValue(rec, f) ?? '') : (rec[f] ?? '');
  return out;
}

/** Records as reads show them (behaviour switches such as `stateFormat` apply here, never to stored data). */
function shown(ctx: FunctionContext, object: string, records: (StoredRecord | undefined)[]): StoredRecord[] {
  const present = ctx.present ?? ((_: string, r: StoredRecord) => r);
  return records.filter((r): r is StoredRecord => r !== undefined).map((r) => present(object, r));
}

function filtered(records: StoredRecord[], predicate: Predicate, options: EvalOptions = {}): StoredRecord[] {
  return records.filter((r) => evaluate(predicate, r.data, options));
}

/** readByQuery: SQL-like filter, first page now, the rest kept under a resultId for readMore. */
export const readByQueryFunction: FunctionHandler = (node, ctx) => {
  const def = objectArg(node);
  if (!def.ok) return def.error;
  const pageSize = pageSizeArg(node, READ_BY_QUERY_MAX);
  if (!pageSize.ok) return pageSize.error;
  if (!returnFormatOk(node)) return failure([requestError('Only returnFormat xml is emulated.')]);
  const query = parseQueryText(childText(node, 'query') ?? '');
  if (!query.ok) return failure([requestError(`Invalid <query>: ${query.error}.`, "Use e.g. NAME = 'Acme' AND STATUS IN ('active')")]);
  const fields = fieldsArg(node);
  const matches = filtered(shown(ctx, def.value.name, ctx.store.all(def.value.name)), query.value);
  const page = matches.slice(0, pageSize.value);
  const remaining = matches.slice(pageSize.value).map((r) => r.recordNo);
  let resultId = '';
  if (remaining.length > 0) {
    resultId = ctx.newResultId();
    ctx.store.saveResultSet(resultId, { object: def.value.name, fields, pageSize: pageSize.value, remaining, totalCount: matches.length });
  }
  return { status: 'success', data: pageData(def.value.name, page, fields, matches.length, remaining.length, resultId) };
};

function pageData(object: string, page: StoredRecord[], fields: string[], total: number, remaining: number, resultId: string): XmlObject {
  const tag = object.toLowerCase();
  return {
    '@_listtype': tag,
    '@_count': String(page.length),
    '@_totalcount': String(total),
    '@_numremaining': String(remaining),
    '@_resultId': resultId,
    ...(page.length > 0 ? { [tag]: page.map((r) => project(r.data, fields)) } : {}),
  };
}

/** readMore: next page of a readByQuery result set; records deleted meanwhile are skipped. */
export const readMoreFunction: FunctionHandler = (node, ctx) => {
  const resultId = childText(node, 'resultId') ?? '';
  const rs = resultId ? ctx.store.getResultSet(resultId) : undefined;
  if (!rs) return failure([requestError(`Unknown or exhausted resultId '${resultId}'.`, 'Run readByQuery again.')]);
  const ids = rs.remaining.slice(0, rs.pageSize);
  const rest = rs.remaining.slice(rs.pageSize);
  ctx.store.updateResultSet(resultId, rest);
  const page = shown(
    ctx,
    rs.object,
    ids.map((id) => ctx.store.get(rs.object, id)),
  );
  return { status: 'success', data: pageData(rs.object, page, rs.fields, rs.totalCount, rest.length, rest.length > 0 ? resultId : '') };
};

/** query: explicit select list, XML filter, orderby, pagesize/offset; answers UPPERCASE elements. */
export const queryFunction: FunctionHandler = (node, ctx) => {
  const def = objectArg(node);
  if (!def.ok) return def.error;
  const select = child(node, 'select');
  if (!select || select.children.length === 0)
    return failure([requestError('<select> with at least one <field> is required; returning all fields is not supported.')]);
  const aggregate = select.children.find((c) => c.name !== 'field');
  if (aggregate) return failure([requestError(`<select><${aggregate.name}> aggregates are not emulated.`)]);
  const fields = select.children.map((c) => c.text.toUpperCase());
  const pageSize = pageSizeArg(node, QUERY_MAX);
  if (!pageSize.ok) return pageSize.error;
  const offsetText = childText(node, 'offset') ?? '0';
  if (!/^\d+$/.test(offsetText)) return failure([requestError(`<offset> must be an integer >= 0; got '${offsetText}'.`)]);
  const offset = Number(offsetText);
  const filter = parseFilter(child(node, 'filter'));
  if (!filter.ok) return failure([requestError(`Invalid <filter>: ${filter.error}.`)]);
  const options = child(node, 'options');
  const evalOptions: EvalOptions = { caseInsensitive: (options && childText(options, 'caseinsensitive')) === 'true' };
  const returnFormat = options ? childText(options, 'returnformat') : undefined;
  if (returnFormat && returnFormat.toLowerCase() !== 'xml') return failure([requestError('Only returnformat xml is emulated.')]);

  const matches = filtered(shown(ctx, def.value.name, ctx.store.all(def.value.name)), filter.value, evalOptions);
  const orders = (child(node, 'orderby')?.children ?? []).map((o) => ({
    field: (childText(o, 'field') ?? '').toUpperCase(),
    desc: child(o, 'descending') !== undefined,
  }));
  // No orderby: RECORDNO order (the real service promises no order at all, so clients must not rely on it).
  if (orders.length > 0) {
    matches.sort((a, b) => {
      for (const o of orders) {
        const c = compareValues(pathValue(a.data, o.field) ?? '', pathValue(b.data, o.field) ?? '', evalOptions);
        if (c !== 0) return o.desc ? -c : c;
      }
      return a.recordNo - b.recordNo;
    });
  }
  const page = matches.slice(offset, offset + pageSize.value);
  return {
    status: 'success',
    data: {
      '@_listtype': def.value.name,
      '@_totalcount': String(matches.length),
      '@_offset': String(offset),
      '@_count': String(page.length),
      '@_numremaining': String(Math.max(0, matches.length - offset - page.length)),
      ...(page.length > 0 ? { [def.value.name]: page.map((r) => project(r.data, fields)) } : {}),
    },
  };
};

function keysArg(node: XNode): Parsed<string[]> {
  const keys = (childText(node, 'keys') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) return bad('<keys> must list at least one key.');
  if (keys.length > MAX_KEYS) return bad(`<keys> accepts at most ${MAX_KEYS} keys; got ${keys.length}.`);
  return ok(keys);
}

function readAnswer(def: ObjectDef, records: StoredRecord[], fields: string[]): FunctionResult {
  return {
    status: 'success',
    data: {
      '@_listtype': def.name,
      '@_count': String(records.length),
      ...(records.length > 0 ? { [def.name]: records.map((r) => project(r.data, fields)) } : {}),
    },
  };
}

/** read: by RECORDNO list; unknown keys are simply absent from the answer. */
export const readFunction: FunctionHandler = (node, ctx) => {
  const def = objectArg(node);
  if (!def.ok) return def.error;
  const keys = keysArg(node);
  if (!keys.ok) return keys.error;
  const bad = keys.value.find((k) => !/^\d+$/.test(k));
  if (bad !== undefined)
    return failure([requestError(`<keys> of read are RECORDNOs; '${bad}' is not a number.`, 'Use readByName for IDs.')]);
  const records = shown(
    ctx,
    def.value.name,
    keys.value.map((k) => ctx.store.get(def.value.name, Number(k))),
  );
  return readAnswer(def.value, records, fieldsArg(node));
};

/** readByName: by the object's ID field (VENDORID, ACCOUNTNO…). */
export const readByNameFunction: FunctionHandler = (node, ctx) => {
  const def = objectArg(node);
  if (!def.ok) return def.error;
  if (!def.value.idField) return failure([requestError(`${def.value.name} has no name key; use read with RECORDNOs.`)]);
  const keys = keysArg(node);
  if (!keys.ok) return keys.error;
  const records = shown(
    ctx,
    def.value.name,
    keys.value.map((k) => ctx.store.getById(def.value.name, k)),
  );
  return readAnswer(def.value, records, fieldsArg(node));
};
