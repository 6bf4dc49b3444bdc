/**
 * The reads a preview makes in Intacct before approval: closed books and the names of the records it totals.
 *
 * Closed books. Intacct closes books "to the end of a period" (General Ledger > All > Books > Close; closing the books
 * closes the subledgers too), so what a client can pre-check is one books-closed-through date. The documented read
 * nearest to it is `get_companyprefs application="GL"` (developer.intacct.com, Company and Console > Subscriptions:
 * `<companypref>` rows of application, preference, prefvalue). Which GL preference holds the closed-through date, and
 * its format, is UNCONFIRMED: we read `BOOKSCLOSEDTHROUGH` (mm/dd/yyyy or yyyy-mm-dd). When the answer lacks it the
 * status is unknown and the preview says so; the write itself still refuses a closed period (`period_closed`). The
 * Intacct emulator's `booksClosedPreference` switch answers both ways.
 */
import type { BooksClosedRead, NameKind, NamesPort, PeriodStatusPort } from '../../core/ports/preview-ports.ts';
import type { IntacctClient } from './client.ts';
import { quoteQueryValue } from './functions.ts';
import { el } from './xml-tree.ts';
import { randomUUID } from 'node:crypto';

const BOOKS_CLOSED_PREFERENCE = 'BOOKSCLOSEDTHROUGH';
const SOURCE = `Intacct get_companyprefs GL ${BOOKS_CLOSED_PREFERENCE}`;

const NAME_READS: Readonly<Record<NameKind, { object: string; id: string; name: string }>> = {
  account: { object: 'GLACCOUNT', id: 'ACCOUNTNO', name: 'TITLE' },
  department: { object: 'DEPARTMENT', id: 'DEPARTMENTID', name: 'TITLE' },
  location: { object: 'LOCATION', id: 'LOCATIONID', name: 'NAME' },
  vendor: { object: 'VENDOR', id: 'VENDORID', name: 'NAME' },
  customer: { object: 'CUSTOMER', id: 'CUSTOMERID', name: 'NAME' },
};
/** Ids per `IN (…)` query: keeps one query well inside any request size. */
const IDS_PER_QUERY = 100;

/** `yyyy-mm-dd` of an Intacct date text (mm/dd/yyyy or yyyy-mm-dd), or undefined. */
function isoDate(text: string): string | undefined {
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (us) return `${us[3]}-${us[1]}-${us[2]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The preview reads over one Intacct client facade. */
export function createIntacctPreviewReads(client: IntacctClient): PeriodStatusPort & NamesPort {
  return {
    async booksClosed(): Promise<BooksClosedRead> {
      const f = {
        name: 'get_companyprefs',
        write: false,
        controlId: randomUUID(),
        body: el('get_companyprefs', [], { application: 'GL' }),
      };
      const [r] = await client.execute([f]);
      if (!r?.ok) return { known: false, reason: `the read failed: ${r?.error.message ?? 'no answer'}`, source: SOURCE };
      const pref = r.value.data.find((row) => str(row.preference) === BOOKS_CLOSED_PREFERENCE);
      if (!pref) return { known: false, reason: `the GL preferences do not include ${BOOKS_CLOSED_PREFERENCE}`, source: SOURCE };
      const value = str(pref.prefvalue);
      if (value === '') return { known: true, closedThrough: null, source: SOURCE };
      const date = isoDate(value);
      return date
        ? { known: true, closedThrough: date, source: SOURCE }
        : { known: false, reason: `${BOOKS_CLOSED_PREFERENCE} is "${value}", not a date`, source: SOURCE };
    },
    async names(kind, ids) {
      const read = NAME_READS[kind];
      const out = new Map<string, string>();
      const wanted = [...new Set(ids.filter((id) => id !== ''))];
      for (let i = 0; i < wanted.length; i += IDS_PER_QUERY) {
        const chunk = wanted.slice(i, i + IDS_PER_QUERY);
        const query = `${read.id} IN (${chunk.map(quoteQueryValue).join(',')})`;
        const r = await client.readAll(read.object, query, { fields: [read.id, read.name] });
        if (!r.ok) return out;
        for (const row of r.value) {
          const id = str(row[read.id]);
          const name = str(row[read.name]);
          if (id !== '' && name !== '') out.set(id, name);
        }
      }
      return out;
    },
  };
}
