/** General Ledger reader: accounts, batches with entries and details, posted lines, fiscal sets. */
import { Money } from '../../domain/money.ts';
import type { SqlRow } from './sql-backend.ts';
import { rawKey, keysetRows, type SqlContext } from './sql-keyset.ts';
import type { AuditCursor, PostingSeqCursor } from './sql-cursor.ts';
import {
  childKey,
  childrenOf,
  readAll,
  readChanges,
  readWithChildren,
  type ChangeRun,
  type ChildGroups,
  type ChildPlan,
} from './reader-core.ts';
import { RowReader, sageDateToIso, type RowResult, type SageRowError } from './normalise.ts';
import {
  normaliseFiscalSet,
  normaliseGlAccount,
  normaliseGlBatch,
  normaliseGlDetail,
  normaliseGlEntry,
  normaliseGlPosting,
} from './normalise-gl.ts';
import {
  CSCOM_ALL,
  CSFSC_ALL,
  GLAFS_BY_YEAR,
  GLAMF_ALL,
  GLAMF_CHANGES,
  GLBCTL_ALL,
  GLBCTL_CHANGES,
  GLJED,
  GLJEH,
  GLPOST_FROM_SEQ,
  GLPOST_BY_PERIOD,
  GLPOST_BY_YEAR,
} from './sql-queries-gl.ts';
import type { FiscalSetBalance, GlAccount, GlBatch, GlPosting } from './types.ts';

/** An incremental GLPOST read; `cursor()` is the highest POSTINGSEQ read (re-read by the next run). */
interface PostingRun extends AsyncIterable<RowResult<GlPosting>> {
  cursor(): PostingSeqCursor;
}

interface TrialBalanceLine {
  readonly accountId: string;
  readonly accountFormatted: string | null;
  /** OPENBAL + NETPERD1..NETPERDp (debit positive). */
  readonly balance: Money;
  /** NETPERDp alone. */
  readonly periodNet: Money;
}

export interface GlReader {
  accounts(): AsyncIterable<RowResult<GlAccount>>;
  accountChanges(cursor: AuditCursor | null): ChangeRun<GlAccount>;
  batches(): AsyncIterable<RowResult<GlBatch>>;
  batchChanges(cursor: AuditCursor | null): ChangeRun<GlBatch>;
  /**
   * GLPOST lines with POSTINGSEQ >= cursor.postingSeq - overlapSequences (the cursor's own sequence is read again: late
   * batches of a posting run land under it), ordered by POSTINGSEQ, BATCHNBR, ENTRYNBR, TRANSNBR, then the primary key.
   * The caller drops what it already delivered.
   */
  postingsSince(cursor: PostingSeqCursor | null): PostingRun;
  /** GLPOST lines of a fiscal year (`'2026'`), optionally one period 1..15 (stored as CHAR(2) `'03'`). */
  postingsByPeriod(year: string, period?: number): AsyncIterable<RowResult<GlPosting>>;
  /** The rows `postingsByPeriod` reads, each handed to the caller's `map` (a normaliser for one consumer's shape). */
  postingRowsByPeriod<R>(year: string, period: number | undefined, map: (row: SqlRow) => R): AsyncIterable<R>;
  /** The rows `postingsSince` reads for a cursor at `postingSeq` (same window and order), each handed to `map`; no cursor. */
  postingRowsSince<R>(postingSeq: number, map: (row: SqlRow) => R): AsyncIterable<R>;
  /** GLAFS rows of a year; defaults to actuals ('A') in functional currency ('F'). */
  fiscalSets(year: string, options?: { designator?: string; currencyType?: string }): AsyncIterable<RowResult<FiscalSetBalance>>;
  /** Closing balances at `period` from GLAFS actuals, functional currency, one line per account and currency. */
  trialBalance(year: string, period: number): Promise<{ lines: TrialBalanceLine[]; errors: SageRowError[] }>;
  /** Fiscal years of the company calendar (CSFSC): whether each is active and whether it is closed. */
  fiscalYears(): AsyncIterable<RowResult<FiscalYear>>;
  /** The company profile (CSCOM, one row): home currency and whether the company is multicurrency. */
  companyProfile(): AsyncIterable<RowResult<CompanyProfile>>;
}

/** CSCOM as the currency code needs it. */
interface CompanyProfile {
  readonly orgId: string;
  readonly homeCurrency: string;
  readonly multicurrency: boolean;
}

/** One CSFSC row: a fiscal year and its status. */
export interface FiscalYear {
  readonly year: string;
  readonly periods: number;
  readonly active: boolean;
  readonly closed: boolean;
  /** Period start and end dates (ISO), index 0 = period 1; null where CSFSC has no valid date. */
  readonly periodStarts: readonly (string | null)[];
  readonly periodEnds: readonly (string | null)[];
}

function normaliseFiscalYear(row: SqlRow): RowResult<FiscalYear> {
  const year = typeof row.FSCYEAR === 'string' ? row.FSCYEAR.trimEnd() : typeof row.FSCYEAR === 'number' ? String(row.FSCYEAR) : '';
  const dates = (prefix: string): (string | null)[] =>
    Array.from({ length: 13 }, (_, i) => sageDateToIso(Number(row[`${prefix}${i + 1}`] ?? 0)) ?? null);
  return {
    ok: true,
    value: {
      year,
      periods: Number(row.PERIODS),
      active: Number(row.ACTIVE) === 1,
      // CSFSC has no year-closed column (AOM CS0002); a locked closing period (STATUSCLS 0 = Locked) marks a closed year.
      closed: Number(row.STATUSCLS) === 0,
      periodStarts: dates('BGNDATE'),
      periodEnds: dates('ENDDATE'),
    },
  };
}

const BATCH_PLANS: readonly ChildPlan[] = [
  { specs: GLJEH, parentKeyLength: 1, groupLength: 1 },
  { specs: GLJED, parentKeyLength: 1, groupLength: 2 },
];

function buildBatch(row: SqlRow, groups: ChildGroups, offset: number): RowResult<GlBatch> {
  const batchKey = childKey(row, 1, offset);
  const entries = childrenOf(groups, 0, batchKey).map((entry) =>
    normaliseGlEntry(entry, childrenOf(groups, 1, childKey(entry, 2)).map(normaliseGlDetail)),
  );
  return normaliseGlBatch(row, entries);
}

/** First POSTINGSEQ an incremental read covers: the cursor's own, less the configured overlap (0 before any run). */
function fromSequence(cursorSeq: number, overlapSequences: number): number {
  return cursorSeq <= 0 ? 0 : Math.max(0, cursorSeq - overlapSequences);
}

export function createGlReader(ctx: SqlContext, overlapSeconds: number, overlapSequences = 0): GlReader {
  const buildAccount = (row: SqlRow): RowResult<GlAccount> => normaliseGlAccount(row);
  function postingRowsByPeriod<R>(year: string, period: number | undefined, map: (row: SqlRow) => R): AsyncIterable<R> {
    return period === undefined
      ? readAll(ctx, GLPOST_BY_YEAR, { year }, map)
      : readAll(ctx, GLPOST_BY_PERIOD, { year, period: String(period).padStart(2, '0') }, map);
  }
  return {
    accounts: () => readAll(ctx, GLAMF_ALL, {}, normaliseGlAccount),
    fiscalYears: () => readAll(ctx, CSFSC_ALL, {}, normaliseFiscalYear),
    companyProfile: () =>
      readAll(ctx, CSCOM_ALL, {}, (row) => {
        const r = new RowReader('CSCOM', row, ['ORGID']);
        return r.result({ orgId: r.char('ORGID'), homeCurrency: r.char('HOMECUR'), multicurrency: r.int('MULTICURSW') !== 0 });
      }),
    accountChanges: (cursor) => readChanges(ctx, GLAMF_CHANGES, cursor, overlapSeconds, buildAccount),
    batches: () => readWithChildren(ctx, GLBCTL_ALL, {}, BATCH_PLANS, buildBatch),
    batchChanges: (cursor) => readChanges(ctx, GLBCTL_CHANGES, cursor, overlapSeconds, buildBatch, BATCH_PLANS),
    postingsSince(cursor) {
      let last = cursor?.postingSeq ?? 0;
      let complete = false;
      async function* run(): AsyncGenerator<RowResult<GlPosting>> {
        const fromSeq = fromSequence(cursor?.postingSeq ?? 0, overlapSequences);
        for await (const row of keysetRows(ctx, GLPOST_FROM_SEQ, { fromSeq })) {
          const seq = Number(rawKey(row, 1)[0]);
          if (seq > last) last = seq;
          yield normaliseGlPosting(row);
        }
        complete = true;
      }
      return {
        [Symbol.asyncIterator]: () => run(),
        cursor(): PostingSeqCursor {
          if (!complete) throw new Error('glpost: cursor() called before the run was fully read');
          return { v: 1, postingSeq: last };
        },
      };
    },
    postingsByPeriod: (year, period) => postingRowsByPeriod(year, period, normaliseGlPosting),
    postingRowsByPeriod,
    postingRowsSince(postingSeq, map) {
      return readAll(ctx, GLPOST_FROM_SEQ, { fromSeq: fromSequence(postingSeq, overlapSequences) }, map);
    },
    fiscalSets(year, options = {}) {
      const params = { year, designator: options.designator ?? 'A', currencyType: options.currencyType ?? 'F' };
      return readAll(ctx, GLAFS_BY_YEAR, params, normaliseFiscalSet);
    },
    async trialBalance(year, period) {
      if (!Number.isInteger(period) || period < 1 || period > 15) throw new Error(`bad fiscal period ${period}`);
      const lines: TrialBalanceLine[] = [];
      const errors: SageRowError[] = [];
      for await (const r of this.fiscalSets(year)) {
        if (!r.ok) {
          errors.push(r.error);
          continue;
        }
        const f = r.value;
        let balance = f.openingBalance;
        for (let p = 0; p < period; p++) balance = balance.plus(f.netPeriods[p] ?? new Money(0));
        lines.push({
          accountId: f.accountId,
          accountFormatted: f.accountFormatted,
          balance,
          periodNet: f.netPeriods[period - 1] ?? new Money(0),
        });
      }
      return { lines, errors };
    },
  };
}
