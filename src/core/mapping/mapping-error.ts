import type { MappingFileName } from './mapping-files.ts';

/** Closed set of reasons a lookup through the mapping tables fails. */
type MappingErrorCode = 'mapping_missing' | 'mapping_ambiguous' | 'dimension_missing' | 'bad_account_format' | 'bad_posting_date';

/** A lookup that could not be answered: an exception for the queue, never a guess. */
export interface MappingError {
  readonly code: MappingErrorCode;
  /** What could not be mapped: the Sage 300 account, vendor id, tax group, terms code, … */
  readonly subject: string;
  /** The mapping file to edit, when editing one is the fix. */
  readonly file?: MappingFileName;
  /** Lines of that file involved: the tied rules, or the rule whose `=segment` found no translation. */
  readonly lines?: readonly number[];
  /** For dimension_missing: the Sage 300 segment and its value that dimensions.csv lacks. */
  readonly segment?: string;
  readonly value?: string;
  readonly message: string;
  readonly fix: string;
}
