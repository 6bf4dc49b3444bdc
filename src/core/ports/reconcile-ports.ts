import type { GlSourceLine } from '../../domain/gl-source-line.ts';

/** A Sage 300 fiscal period and its calendar dates (CSFSC BGNDATEn / ENDDATEn), ISO yyyy-mm-dd. */
export interface FiscalPeriodRange {
  readonly year: number;
  readonly period: number;
  readonly start: string;
  readonly end: string;
}

/** The Sage 300 trial balance of one fiscal period, as posted lines (GLPOST) so every amount traces to an entry. */
export interface Sage300TrialBalancePort {
  /** The period's dates from the fiscal calendar; null when the year or period does not exist. */
  periodRange(year: number, period: number): Promise<FiscalPeriodRange | null>;
  /** Posted lines of the fiscal period (GLPOST.FISCPERD), whatever their journal date. */
  periodLines(year: number, period: number): Promise<{ lines: GlSourceLine[]; rowErrors: { key: string; message: string }[] }>;
}

/** One Intacct journal entry header (GLBATCH). */
export interface IntacctBatchHeader {
  readonly recordNo: string;
  readonly journal: string;
  /** ISO yyyy-mm-dd. */
  readonly date: string;
  readonly reference: string;
  readonly title: string;
  readonly state: string;
}

/** One Intacct journal line (GLENTRY); amount signed debit-positive, decimal string. */
export interface IntacctEntryLine {
  readonly batchRecordNo: string;
  readonly account: string;
  readonly department: string;
  readonly location: string;
  readonly amount: string;
  /** Transaction currency and base currency of the line ('' when Intacct does not say: a single-currency company). */
  readonly currency?: string;
  readonly baseCurrency?: string;
  /** Signed transaction-currency amount. */
  readonly trxAmount?: string;
}

/** One account row of get_trialbalance; balances are debit-positive decimal strings. */
export interface IntacctTbAccount {
  readonly account: string;
  readonly debits: string;
  readonly credits: string;
}

/** The Intacct trial balance of a date range at the entity the company posts to. */
export interface IntacctTrialBalancePort {
  /** get_trialbalance of the range (account level, posted entries only). */
  trialBalance(start: string, end: string): Promise<IntacctTbAccount[]>;
  /** Journal entry headers dated within the range, every journal. */
  batches(start: string, end: string): Promise<IntacctBatchHeader[]>;
  /** Posted journal lines dated within the range (the detail behind the trial balance, with dimensions). */
  lines(start: string, end: string): Promise<IntacctEntryLine[]>;
  /** Headers by RECORDNO, wherever they are dated (for synced entries that landed in another period). */
  batchesByRecordNo(recordNos: readonly string[]): Promise<IntacctBatchHeader[]>;
}
