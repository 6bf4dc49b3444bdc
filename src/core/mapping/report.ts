import type { MappingFileName } from './mapping-files.ts';

/** Closed set of findings a mapping validation reports. */
type ReportCode =
  | 'rule_structure'
  | 'rule_overlap'
  | 'rule_unused'
  | 'account_unmapped'
  | 'account_unmapped_later'
  | 'account_ambiguous'
  | 'account_bad_format'
  | 'dimension_unmapped'
  | 'target_account_missing'
  | 'target_account_inactive'
  | 'dimension_value_missing'
  | 'dimension_value_inactive'
  | 'item_target_missing'
  | 'item_target_inactive'
  | 'item_unmapped';

/** One finding: what (subject), where (file:line), why (message) and what to change (fix). */
export interface ReportEntry {
  readonly code: ReportCode;
  readonly file?: MappingFileName;
  readonly line?: number;
  /** Other lines of the same file involved (the other rule of an overlap, tied rules). */
  readonly relatedLines?: readonly number[];
  /** The Sage 300 account, rule pattern or dimension value concerned. */
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
}

/** Outcome of validating the mapping tables against both companies; `ok` means no errors (warnings allowed). */
export interface MappingReport {
  readonly ok: boolean;
  readonly asOf: string;
  readonly errors: readonly ReportEntry[];
  readonly warnings: readonly ReportEntry[];
}
