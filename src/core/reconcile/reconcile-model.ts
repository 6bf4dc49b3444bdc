/** The shapes of a trial-balance reconciliation report (JSON-safe: amounts are decimal strings). */

/** Why part of a variance exists. */
export type CauseKind = 'not_synced' | 'direct_intacct' | 'period_mismatch' | 'unexplained';

/** Where a Sage 300 entry stands in the sync, from the state store. */
export type SyncStatus =
  | { readonly kind: 'synced'; readonly recordNo: string | null }
  | { readonly kind: 'outbox'; readonly state: string; readonly idempotencyKey: string }
  | { readonly kind: 'exception'; readonly id: number; readonly class: string; readonly message: string }
  | { readonly kind: 'not_synced' };

/** One record behind a cause: a Sage 300 entry or an Intacct journal entry, with its effect on the variance. */
export interface CauseRecord {
  readonly cause: CauseKind;
  readonly system: 'sage300' | 'intacct';
  /** Sage 300 `company:batch:entry`, or the Intacct GLBATCH RECORDNO. */
  readonly ref: string;
  readonly date: string;
  /** Effect on (Sage 300 − Intacct) at this row; for an entry-level record, its debit total. */
  readonly amount: string;
  readonly detail: string;
}

/** One mapped Intacct account + dimensions where the two sides differ. */
export interface VarianceRow {
  readonly account: string;
  readonly department: string;
  readonly location: string;
  /** Period activity (net, debit positive) on each side. */
  readonly sage300: string;
  readonly intacct: string;
  /** sage300 − intacct. */
  readonly variance: string;
  readonly notSynced: string;
  readonly directIntacct: string;
  readonly periodMismatch: string;
  readonly unexplained: string;
  readonly records: readonly CauseRecord[];
}

/** A Sage 300 account with activity in the period that no mapping rule resolves: its amounts cannot be grouped. */
export interface UnmappedAccount {
  readonly account: string;
  readonly net: string;
  readonly debits: string;
  readonly lines: number;
  readonly entries: readonly string[];
  readonly reason: string;
}

/** An entry-level cause (one per Sage 300 entry or Intacct journal entry). */
export interface EntryCause {
  readonly cause: CauseKind;
  readonly system: 'sage300' | 'intacct';
  readonly ref: string;
  readonly date: string;
  readonly reference: string;
  /** Debit total of the entry's (mapped) lines. */
  readonly debits: string;
  readonly detail: string;
}

/** Foreign-currency activity of one Intacct account in one transaction currency (currency-activity.ts). */
export interface CurrencyActivityRow {
  readonly account: string;
  readonly currency: string;
  readonly sage300: string;
  readonly intacct: string;
  readonly notSynced: string;
  readonly unexplained: string;
}

/** The full reconciliation of one company and fiscal period. */
export interface ReconciliationReport {
  readonly company: string;
  /** YYYY-MM of the fiscal period (year and period number). */
  readonly period: string;
  readonly fiscalYear: number;
  readonly fiscalPeriod: number;
  readonly start: string;
  readonly end: string;
  /** What is compared: the period's net activity per mapped account (see README). */
  readonly basis: 'period_activity';
  readonly generatedAt: string;
  /** True when no account/dimension differs and no Sage 300 activity is unmapped. */
  readonly reconciled: boolean;
  readonly totals: {
    readonly rowsCompared: number;
    readonly variances: number;
    readonly sage300Debits: string;
    readonly sage300UnmappedDebits: string;
    readonly intacctDebits: string;
    /** Σ |variance| over the rows. */
    readonly absoluteVariance: string;
    /** Debit totals of the entries behind each cause (signed effects of a balanced entry cancel across rows). */
    readonly notSynced: string;
    readonly directIntacct: string;
    readonly periodMismatch: string;
    /** Σ |unexplained| over the rows. */
    readonly unexplained: string;
  };
  readonly variances: readonly VarianceRow[];
  readonly unmapped: readonly UnmappedAccount[];
  readonly entries: readonly EntryCause[];
  /** The same period in each foreign transaction currency, per Intacct account (absent from older reports). */
  readonly currencyActivity?: readonly CurrencyActivityRow[];
  readonly controls: {
    /** Accounts where the Intacct lines read do not add up to get_trialbalance (should be none). */
    readonly intacctTrialBalanceMismatches: readonly { account: string; lines: string; trialBalance: string }[];
    readonly sage300RowErrors: readonly { key: string; message: string }[];
  };
}
