/** Pure builders for `<function>` bodies. Nothing here does I/O; `client.execute` sends what these return. */
import { randomUUID } from 'node:crypto';
import { controlIdFor } from './control-id.ts';
import {
  applyArPaymentNode,
  createArPaymentNode,
  createInvoiceNode,
  createPoTransactionNode,
  createSupdocNode,
  trialBalanceNode,
} from './legacy-functions.ts';
import { queryChildren } from './query-filter.ts';
import type { IntacctFunction, IntacctRecord, QuerySpec, ReadBackSpec, TrialBalanceSpec, WriteOptions } from './types.ts';
import { el, leaf, recordElement, type XmlNode } from './xml-tree.ts';

/** The business-ID field of objects whose ID survives a replay, so a replayed write can be found again. */
const ID_FIELDS: Readonly<Record<string, string>> = {
  VENDOR: 'VENDORID',
  CUSTOMER: 'CUSTOMERID',
  GLACCOUNT: 'ACCOUNTNO',
  DEPARTMENT: 'DEPARTMENTID',
  LOCATION: 'LOCATIONID',
  CLASS: 'CLASSID',
  PROJECT: 'PROJECTID',
  GLJOURNAL: 'SYMBOL',
};

const DEFAULT_READ_BY_QUERY_PAGE_SIZE = 1000;
const DEFAULT_QUERY_PAGE_SIZE = 1000;

/** Quotes a value for the readByQuery language: single quotes and backslashes are backslash-escaped. */
export function quoteQueryValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The caller's spec, else a lookup on the object's ID field, else on RECORDNO; undefined when neither is known. */
function defaultReadBack(object: string, fields: IntacctRecord): ReadBackSpec | undefined {
  const idField = ID_FIELDS[object.toUpperCase()];
  const id = idField === undefined ? undefined : fields[idField];
  if (idField !== undefined && typeof id === 'string' && id !== '') return { object, query: `${idField} = ${quoteQueryValue(id)}` };
  const recordNo = fields.RECORDNO;
  if (typeof recordNo === 'string' && recordNo !== '') return { object, query: `RECORDNO = ${quoteQueryValue(recordNo)}` };
  return undefined;
}

function writeFn(name: string, body: XmlNode, opts: WriteOptions, object?: string, readBack?: ReadBackSpec): IntacctFunction {
  const f: IntacctFunction = { name, write: true, controlId: controlIdFor(opts.idempotencyKey), body };
  const spec = opts.readBack ?? readBack;
  if (spec) f.readBack = spec;
  if (object !== undefined) f.object = object;
  return f;
}

// Reads are safe to repeat, so their controlids only need to be unique within a request.
function readFn(name: string, body: XmlNode, object?: string): IntacctFunction {
  const f: IntacctFunction = { name, write: false, controlId: randomUUID(), body };
  if (object !== undefined) f.object = object;
  return f;
}

function positivePageSize(n: number, max: number): string {
  if (!Number.isInteger(n) || n < 1 || n > max) throw new TypeError(`pageSize must be an integer 1..${max}, got ${n}`);
  return String(n);
}

export const fn = {
  create(object: string, fields: IntacctRecord, opts: WriteOptions): IntacctFunction {
    return writeFn('create', el('create', [recordElement(object, fields)]), opts, object, defaultReadBack(object, fields));
  },
  update(object: string, fields: IntacctRecord, opts: WriteOptions): IntacctFunction {
    return writeFn('update', el('update', [recordElement(object, fields)]), opts, object, defaultReadBack(object, fields));
  },
  delete(object: string, keys: string[], opts: WriteOptions): IntacctFunction {
    return writeFn('delete', el('delete', [leaf('object', object), leaf('keys', keys.join(','))]), opts, object);
  },
  read(object: string, keys: string[], fields?: string[]): IntacctFunction {
    const children = [leaf('object', object), leaf('keys', keys.join(',')), leaf('fields', fields?.join(',') || '*')];
    return readFn('read', el('read', children), object);
  },
  readByQuery(object: string, query: string, opts?: { fields?: string[]; pageSize?: number }): IntacctFunction {
    const children = [
      leaf('object', object),
      leaf('query', query),
      leaf('fields', opts?.fields?.join(',') || '*'),
      leaf('pagesize', positivePageSize(opts?.pageSize ?? DEFAULT_READ_BY_QUERY_PAGE_SIZE, 1000)),
    ];
    return readFn('readByQuery', el('readByQuery', children), object);
  },
  readMore(resultId: string): IntacctFunction {
    return readFn('readMore', el('readMore', [leaf('resultId', resultId)]));
  },
  query(spec: QuerySpec, opts?: { pageSize?: number; offset?: number }): IntacctFunction {
    const pageSize = Number(positivePageSize(opts?.pageSize ?? DEFAULT_QUERY_PAGE_SIZE, 2000));
    const offset = opts?.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) throw new TypeError(`offset must be a non-negative integer, got ${offset}`);
    return readFn('query', el('query', queryChildren(spec, pageSize, offset)), spec.object);
  },
  createInvoice(fields: IntacctRecord, opts: WriteOptions): IntacctFunction {
    return writeFn('create_invoice', createInvoiceNode(fields), opts, 'ARINVOICE');
  },
  createPoTransaction(fields: IntacctRecord, opts: WriteOptions): IntacctFunction {
    return writeFn('create_potransaction', createPoTransactionNode(fields), opts, 'PODOCUMENT');
  },
  /** An AR payment (legacy create_arpayment), read back by its refid as DOCNUMBER. */
  createArPayment(fields: IntacctRecord, opts: WriteOptions): IntacctFunction {
    const ref = typeof fields.refid === 'string' ? fields.refid : '';
    return writeFn('create_arpayment', createArPaymentNode(fields), opts, 'ARPYMT', {
      object: 'ARPYMT',
      query: `DOCNUMBER = ${quoteQueryValue(ref)}`,
    });
  },
  /** Applies an AR payment's available credit to invoices (legacy apply_arpayment); nothing to read back. */
  applyArPayment(fields: IntacctRecord, opts: WriteOptions): IntacctFunction {
    return writeFn('apply_arpayment', applyArPaymentNode(fields), opts, 'ARPYMT');
  },
  /** An attachment record (legacy create_supdoc); read back by its SUPDOCID after a replay. */
  createSupdoc(fields: IntacctRecord, opts: WriteOptions): IntacctFunction {
    const id = typeof fields.supdocid === 'string' ? fields.supdocid : '';
    return writeFn('create_supdoc', createSupdocNode(fields), opts, 'SUPDOC', {
      object: 'SUPDOC',
      query: `SUPDOCID = ${quoteQueryValue(id)}`,
    });
  },
  getTrialBalance(spec: TrialBalanceSpec): IntacctFunction {
    return readFn('get_trialbalance', trialBalanceNode(spec));
  },
};

/** getAPISession is sent alone, in a login-authenticated request. */
export function getApiSessionFn(): IntacctFunction {
  return readFn('getAPISession', el('getAPISession'));
}
