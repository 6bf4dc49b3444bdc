/**
 * The currency side of a posted line (GLPOST SCURNCODE / SCURNAMT / HCURNCODE / RATETYPE / RATEDATE / CONVRATE /
 * RATEOPER): the transaction (source) currency amount and the rate Sage 300 converted it at into `amount`.
 */
interface GlLineCurrency {
  readonly sourceCurrency: string;
  /** Signed like `amount` (debit positive), decimal string. */
  readonly sourceAmount: string;
  readonly homeCurrency: string;
  /** Sage 300 rate type code, e.g. SP. */
  readonly rateType: string;
  /** ISO yyyy-mm-dd, or null when Sage 300 holds none (0). */
  readonly rateDate: string | null;
  /** CONVRATE as a decimal string. */
  readonly rate: string;
  /** RATEOPER: '1' multiply (home = source x rate), '2' divide (home = source / rate). */
  readonly rateOperator: string;
}

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
  /** The line's currency columns; absent where a caller knows only home amounts (then the line is in `currency`). */
  readonly fx?: GlLineCurrency;
}
