/** Intacct GL entry dimension fields an accounts.csv rule can set (department, location, class, project columns). */
export type LineDimension = 'DEPARTMENT' | 'LOCATION' | 'CLASSID' | 'PROJECTID';

/** Intacct dimensions a dimensions.csv row may target. */
export const INTACCT_DIMENSIONS = ['DEPARTMENT', 'LOCATION', 'CLASS', 'PROJECT', 'CUSTOMER', 'VENDOR', 'EMPLOYEE', 'ITEM'] as const;

/** One Intacct dimension named in dimensions.csv. */
export type IntacctDimension = (typeof INTACCT_DIMENSIONS)[number];

/** accounts.csv column → GL entry field it sets → dimension whose values dimensions.csv translates into. */
export const LINE_DIMENSION_COLUMNS = [
  { column: 'department', field: 'DEPARTMENT', dimension: 'DEPARTMENT' },
  { column: 'location', field: 'LOCATION', dimension: 'LOCATION' },
  { column: 'class', field: 'CLASSID', dimension: 'CLASS' },
  { column: 'project', field: 'PROJECTID', dimension: 'PROJECT' },
] as const satisfies readonly { column: string; field: LineDimension; dimension: IntacctDimension }[];

/** How a rule fills one dimension: a literal Intacct id, or `=segment` translated through dimensions.csv. */
export type DimensionSource = { readonly kind: 'literal'; readonly value: string } | { readonly kind: 'segment'; readonly segment: string };

/** One accounts.csv row, parsed. */
export interface AccountRule {
  readonly line: number;
  readonly priority: number;
  /** The source_account text as written. */
  readonly source: string;
  /** One entry per segment; `*` matches any value. */
  readonly pattern: readonly string[];
  /** Number of `*` segments: fewer wins at equal priority. */
  readonly wildcards: number;
  readonly targetAccount: string;
  readonly dimensions: Readonly<Partial<Record<LineDimension, DimensionSource>>>;
  readonly effectiveFrom?: string;
  readonly effectiveTo?: string;
  readonly comment?: string;
}

/** One dimensions.csv row. */
export interface DimensionRow {
  readonly line: number;
  readonly segment: string;
  readonly sourceValue: string;
  readonly dimension: IntacctDimension;
  readonly targetValue: string;
}

/** One vendors.csv / customers.csv row. */
export interface PartyRow {
  readonly line: number;
  readonly s300Id: string;
  readonly intacctId: string;
}

/** One tax-codes.csv row. */
export interface TaxCodeRow {
  readonly line: number;
  readonly taxGroup: string;
  readonly taxDetailId: string;
  readonly comment?: string;
}

/** One payment-terms.csv row. */
export interface TermRow {
  readonly line: number;
  readonly termsCode: string;
  readonly termName: string;
}

/** One items.csv row: a Sage 300 item number (POPORL.ITEMNO, formatted) and the Intacct ITEMID it is ordered as. */
export interface ItemRow {
  readonly line: number;
  readonly s300Item: string;
  readonly intacctItemId: string;
  readonly comment?: string;
}

/** One rate-types.csv row: a Sage 300 rate type (e.g. SP) and the Intacct exchange rate type it is sent as. */
export interface RateTypeRow {
  readonly line: number;
  readonly rateType: string;
  readonly intacctRateType: string;
}

/** Every mapping table, parsed and checked (file order kept). */
export interface MappingTables {
  readonly accounts: readonly AccountRule[];
  readonly dimensions: readonly DimensionRow[];
  readonly vendors: readonly PartyRow[];
  readonly customers: readonly PartyRow[];
  readonly taxCodes: readonly TaxCodeRow[];
  readonly paymentTerms: readonly TermRow[];
  /** Empty when the folder has no items.csv. */
  readonly items: readonly ItemRow[];
  /** Empty when the folder has no rate-types.csv (optional file). */
  readonly rateTypes: readonly RateTypeRow[];
}
