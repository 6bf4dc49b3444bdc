import type { IntacctBatchHeader, IntacctEntryLine, IntacctTbAccount, IntacctTrialBalancePort } from '../../core/ports/reconcile-ports.ts';
import type { IntacctClient } from './client.ts';
import { quoteQueryValue } from './functions.ts';
import { glState, unknownStateMessage } from './gl-state.ts';
import type { IntacctRecord } from './types.ts';

/** A read the reconciliation cannot do without; the message names the Intacct error. */
export class IntacctReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntacctReadError';
  }
}

const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const text = (r: IntacctRecord, key: string): string => {
  const v = r[key];
  return typeof v === 'string' ? v.trim() : '';
};
/** Intacct answers mm/dd/yyyy; the core compares ISO dates. */
const isoDate = (us: string): string => {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(us);
  return m ? `${m[3]}-${m[1]}-${m[2]}` : us;
};
const signed = (trType: string, amount: string): string => (trType === '-1' ? `-${amount.replace(/^-/, '')}` : amount);
const HEADER_FIELDS = ['RECORDNO', 'JOURNAL', 'BATCH_DATE', 'REFERENCENO', 'BATCH_TITLE', 'STATE'];
const LINE_FIELDS = ['BATCHNO', 'ACCOUNTNO', 'DEPARTMENT', 'LOCATION', 'TR_TYPE', 'AMOUNT', 'STATE', 'CURRENCY', 'BASECURR', 'TRX_AMOUNT'];
/** RECORDNO values per IN (...) query, to keep the query text short. */
const IN_CHUNK = 100;

const header = (r: IntacctRecord): IntacctBatchHeader => ({
  recordNo: text(r, 'RECORDNO'),
  journal: text(r, 'JOURNAL'),
  date: isoDate(text(r, 'BATCH_DATE')),
  reference: text(r, 'REFERENCENO'),
  title: text(r, 'BATCH_TITLE'),
  state: knownState('GLBATCH', text(r, 'STATE')),
});

/** The state word whether Intacct answers words or codes; an unreadable state stops the reconciliation. */
function knownState(object: string, wire: string): string {
  if (wire === '') return '';
  const state = glState(wire);
  if (state === undefined) throw new IntacctReadError(unknownStateMessage(object, wire));
  return state;
}

/**
 * The reconciliation's view of Intacct at the company's entity: get_trialbalance for the control totals, and the
 * GLBATCH / GLENTRY records of the same dates for dimensions and for tracing each amount to its entry.
 */
export function createIntacctTrialBalanceTarget(client: IntacctClient): IntacctTrialBalancePort {
  const readAll = async (object: string, query: string, fields: string[]): Promise<IntacctRecord[]> => {
    const r = await client.readAll(object, query, { fields, pageSize: 1000 });
    if (!r.ok) throw new IntacctReadError(`Intacct ${object} read failed: ${r.error.message}`);
    return r.value;
  };
  const range = (start: string, end: string): string =>
    `BATCH_DATE >= ${quoteQueryValue(usDate(start))} AND BATCH_DATE <= ${quoteQueryValue(usDate(end))}`;
  return {
    async trialBalance(start, end): Promise<IntacctTbAccount[]> {
      const r = await client.getTrialBalance({ startDate: start, endDate: end });
      if (!r.ok) throw new IntacctReadError(`Intacct get_trialbalance failed: ${r.error.message}`);
      return r.value.map((row) => ({ account: row.glAccountNo, debits: row.debits, credits: row.credits }));
    },
    async batches(start, end) {
      return (await readAll('GLBATCH', range(start, end), HEADER_FIELDS)).map(header);
    },
    async lines(start, end): Promise<IntacctEntryLine[]> {
      // Only posted lines count in the trial balance; drafts would show up as unexplained differences otherwise.
      // Filtered here, not in the query: STATE may come as a word or a code (gl-state.ts), and a query on the
      // wrong one would silently match nothing.
      const rows = (await readAll('GLENTRY', range(start, end), LINE_FIELDS)).filter(
        (r) => knownState('GLENTRY', text(r, 'STATE')) === 'Posted',
      );
      return rows.map((r) => {
        const amount = text(r, 'AMOUNT') || '0';
        return {
          batchRecordNo: text(r, 'BATCHNO'),
          account: text(r, 'ACCOUNTNO'),
          department: text(r, 'DEPARTMENT'),
          location: text(r, 'LOCATION'),
          amount: text(r, 'TR_TYPE') === '-1' ? `-${amount.replace(/^-/, '')}` : amount,
          currency: text(r, 'CURRENCY'),
          baseCurrency: text(r, 'BASECURR'),
          trxAmount: signed(text(r, 'TR_TYPE'), text(r, 'TRX_AMOUNT') || amount),
        };
      });
    },
    async batchesByRecordNo(recordNos) {
      const out: IntacctBatchHeader[] = [];
      for (let i = 0; i < recordNos.length; i += IN_CHUNK) {
        const chunk = recordNos.slice(i, i + IN_CHUNK).map((n) => quoteQueryValue(n));
        out.push(...(await readAll('GLBATCH', `RECORDNO IN (${chunk.join(', ')})`, HEADER_FIELDS)).map(header));
      }
      return out;
    },
  };
}
