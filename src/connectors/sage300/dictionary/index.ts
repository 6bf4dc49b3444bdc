/**
 * The Sage 300 column dictionary: every table a production statement reads or the sandbox stores, transcribed from
 * Sage's published data dictionary (AOM), one file per module. It is the one place to ask for a table's keys.
 */
import type { DictionaryKey, DictionaryTable } from './aom.ts';
import { AP_DICTIONARY } from './ap.ts';
import { AR_DICTIONARY } from './ar.ts';
import { CS_DICTIONARY } from './cs.ts';
import { GL_DICTIONARY } from './gl.ts';
import { PM_DICTIONARY } from './pm.ts';
import { PO_DICTIONARY } from './po.ts';

export type { DictionaryField, DictionaryTable } from './aom.ts';

export const SAGE300_DICTIONARY: readonly DictionaryTable[] = [
  ...CS_DICTIONARY,
  ...GL_DICTIONARY,
  ...AP_DICTIONARY,
  ...AR_DICTIONARY,
  ...PO_DICTIONARY,
  ...PM_DICTIONARY,
];

const BY_NAME = new Map(SAGE300_DICTIONARY.map((t) => [t.table, t]));

/** The dictionary entry of a table; throws for a table the dictionary does not hold. */
export function dictionaryTable(table: string): DictionaryTable {
  const found = BY_NAME.get(table);
  if (!found) throw new Error(`Sage 300 table ${table} is not in the column dictionary (src/connectors/sage300/dictionary)`);
  return found;
}

/** Sage's primary key of a table, in key order (e.g. GLPOST: ACCTID, FISCALYR, …, POSTINGSEQ, CNTDETAIL). */
export function primaryKeyOf(table: string): readonly string[] {
  return (dictionaryTable(table).keys[0] as DictionaryKey).columns;
}

/** Every key Sage declares unique for a table (the primary key first), each in key order. */
export function uniqueKeysOf(table: string): readonly (readonly string[])[] {
  return dictionaryTable(table)
    .keys.filter((k) => k.unique)
    .map((k) => k.columns);
}
