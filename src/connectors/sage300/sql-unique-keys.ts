/**
 * The keys Sage 300 declares unique, per table the readers page through, as the column dictionary
 * (`dictionary/`, transcribed from Sage's AOM with a source per table) records them: keys marked `D` (duplicates
 * allowed) are not unique. Keyset paging is only correct on a total order, so every production keyset must END with
 * one of these keys, column for column in its order (leading columns may precede it, e.g. POSTINGSEQ before GLPOST's
 * primary key); `select()` refuses any other keyset. GLPOST's POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR is `[D,M]`
 * (consolidated posting puts several rows on one such key), so it may lead a keyset but never end one.
 */
import { SAGE300_DICTIONARY, uniqueKeysOf as dictionaryUniqueKeys } from './dictionary/index.ts';

/** The unique keys Sage declares for a table (the column dictionary's, primary key first), or undefined for a table it does not hold. */
export function uniqueKeysOf(table: string): readonly (readonly string[])[] | undefined {
  return SAGE300_DICTIONARY.some((t) => t.table === table) ? dictionaryUniqueKeys(table) : undefined;
}

/** The declared unique key a keyset ends with (column for column), or undefined. */
export function uniqueSuffixOf(table: string, keyset: readonly string[]): readonly string[] | undefined {
  return uniqueKeysOf(table)?.find((u) => u.length <= keyset.length && u.every((c, i) => keyset[keyset.length - u.length + i] === c));
}
