/** One posted Sage 300 GL line (GLPOST), normalised; amounts are signed decimal strings (debit positive). */
export interface GlSourceLine {
  readonly batch: string;
  readonly entry: string;
  readonly line: number;
  readonly postingSeq: number;
  /** Formatted account (GLAMF.ACCTFMTTD), the form the mapping rules use; null when GLAMF has no row. */
  readonly account: string | null;
  readonly accountId: string;
  /** ISO yyyy-mm-dd. */
  readonly date: string;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly amount: string;
  readonly currency: string;
  readonly description: string;
  readonly reference: string;
  readonly sourceLedger: string;
  readonly sourceType: string;
}
