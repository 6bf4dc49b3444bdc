import { stringify } from 'csv-stringify/sync';

/**
 * Quoted besides a comma, a double quote, CR or LF: a value with white space at either end, which a reader that trims
 * around values (ours does) would otherwise lose.
 */
const EDGE_SPACE = /^\s|\s$/;

/**
 * The one CSV writer of src/ (reports, demo mapping files): RFC 4180 quoting with quotes doubled, a value is quoted
 * when it holds a comma, a quote, CR or LF or has white space at an end; LF after every record, the last included.
 */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  // quote_record_delimiter must be explicit: once record_delimiter is given, csv-stringify stops quoting a lone CR.
  return stringify(rows as string[][], { quoted_match: EDGE_SPACE, record_delimiter: 'unix', quote_record_delimiter: true });
}
