import type { ExistingInvoice } from '../../core/ports/ar-ports.ts';
import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';
import type { IntacctClient } from './client.ts';
import { fn, quoteQueryValue } from './functions.ts';
import type { IntacctFunction, IntacctRecord } from './types.ts';
import { readFailure } from './read-failure.ts';

/**
 * Values per `FIELD IN (…)` query. Intacct documents no limit on an IN list or on the query text; 100 is the limit it
 * does document for keys per read/readByName, and keeps each query short.
 */
const IN_LIST_MAX = 100;
/** readByQuery's documented page size maximum (1–1000). */
const PAGE_SIZE = 1000;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * Records of `object` whose `field` is one of `values`: one readByQuery per IN list of at most 100 values, all packed
 * into multi-function requests (the client splits them at functionsPerRequest and sends the requests at the company's
 * concurrency); a list with more than a page of matches continues with readMore.
 */
async function readWhereIn(
  client: IntacctClient,
  object: string,
  field: string,
  values: readonly string[],
  fields: readonly string[],
): Promise<IntacctRecord[]> {
  const unique = [...new Set(values.filter((v) => v !== ''))];
  const queries: IntacctFunction[] = [];
  for (let i = 0; i < unique.length; i += IN_LIST_MAX) {
    const list = unique
      .slice(i, i + IN_LIST_MAX)
      .map(quoteQueryValue)
      .join(', ');
    queries.push(fn.readByQuery(object, `${field} IN (${list})`, { fields: [...fields], pageSize: PAGE_SIZE }));
  }
  const out: IntacctRecord[] = [];
  let pending = queries;
  while (pending.length > 0) {
    const results = await client.execute(pending);
    const next: IntacctFunction[] = [];
    for (const r of results) {
      if (!r.ok) throw readFailure(`${object} (by ${field})`, r.error);
      out.push(...r.value.data);
      if ((r.value.numRemaining ?? 0) > 0) {
        if (!r.value.resultId || r.value.data.length === 0)
          throw new Error(`Intacct ${object}: ${r.value.numRemaining} records remain but the answer gave no resultId to continue`);
        next.push(fn.readMore(r.value.resultId));
      }
    }
    pending = next;
  }
  return out;
}

/** Records of `object` whose `field` starts with `prefix` (LIKE, then checked exactly: `_` in a prefix is a wildcard). */
async function readWithPrefix(client: IntacctClient, object: string, field: string, prefix: string, fields: readonly string[]) {
  const pattern = `${prefix.replace(/%/g, '_')}%`;
  const read = await client.readAll(object, `${field} LIKE ${quoteQueryValue(pattern)}`, { fields: [...fields], pageSize: PAGE_SIZE });
  if (!read.ok) throw readFailure(`${object} (by ${field})`, read.error);
  return read.value.filter((r) => text(r[field]).startsWith(prefix));
}

/** The natural-key reads of one object: `field` holds the key, RECORDNO the record (the lowest when a key repeats). */
export function naturalKeyReads(client: IntacctClient, object: string, field: string): NaturalKeyReads {
  const toMap = (records: readonly IntacctRecord[]): Map<string, string> => {
    const out = new Map<string, string>();
    for (const r of records) {
      const key = text(r[field]);
      const recordNo = text(r.RECORDNO);
      const prior = out.get(key);
      if (key !== '' && recordNo !== '' && (prior === undefined || Number(recordNo) < Number(prior))) out.set(key, recordNo);
    }
    return out;
  };
  return {
    find: async (keys) => toMap(await readWhereIn(client, object, field, keys, ['RECORDNO', field])),
    withPrefix: async (prefix) => toMap(await readWithPrefix(client, object, field, prefix, ['RECORDNO', field])),
  };
}

/** AR invoices numbered (RECORDID) one of `numbers`, with customer and amount due: an invoice's natural key is its number under its customer. */
export async function invoicesNumbered(client: IntacctClient, numbers: readonly string[]): Promise<ExistingInvoice[]> {
  const found = await readWhereIn(client, 'ARINVOICE', 'RECORDID', numbers, ['RECORDNO', 'CUSTOMERID', 'RECORDID', 'TOTALDUE']);
  return found.map((i) => ({
    recordNo: text(i.RECORDNO),
    customerId: text(i.CUSTOMERID),
    invoiceNo: text(i.RECORDID),
    totalDue: text(i.TOTALDUE) || '0',
  }));
}
