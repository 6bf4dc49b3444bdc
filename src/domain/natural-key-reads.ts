/**
 * Reads of one Intacct object by the natural key our writes stamp on it (a journal entry's REFERENCENO, a bill's
 * DOCNUMBER, a purchase order's EXTERNALID): how a record is found in Intacct when its cross-reference is missing.
 */
export interface NaturalKeyReads {
  /** Which of these natural keys Intacct holds, each with its RECORDNO; bulk reads; throws when Intacct cannot be read. */
  find(keys: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Every natural key starting with `prefix` that Intacct holds, with its RECORDNO (for `state rebuild`). */
  withPrefix(prefix: string): Promise<ReadonlyMap<string, string>>;
}
