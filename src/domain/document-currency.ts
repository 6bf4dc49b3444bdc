/** A Sage 300 document's currency side (APIBH/ARIBH RATETYPE, EXCHRATEHC, and the company's home currency). */
export interface DocumentCurrency {
  readonly homeCurrency: string;
  /** Sage 300 rate type code (e.g. SP). */
  readonly rateType: string;
  /** ISO yyyy-mm-dd, or null when the source holds none (the document date is used). */
  readonly rateDate: string | null;
  /** EXCHRATEHC: home = source x rate. */
  readonly rate: string;
}
