/**
 * Sage 300 status and type codes → named values (reference §2–§6). GL batch status and AP/AR batch
 * status use DIFFERENT numbering (GL: 3 = Deleted, 4 = Posted; AP/AR: 3 = Posted, 4 = Deleted).
 */
import { codes } from './normalise.ts';

export const GL_ACCOUNT_TYPE = codes([
  ['B', 'balance_sheet'],
  ['I', 'income_statement'],
  ['R', 'retained_earnings'],
] as const);
export type GlAccountType = 'balance_sheet' | 'income_statement' | 'retained_earnings';

export const GL_NORMAL_BALANCE = codes([
  ['1', 'debit'],
  ['2', 'credit'],
] as const);
export type NormalBalance = 'debit' | 'credit';

export const GL_POST_TO = codes([
  [0, 'detail'],
  [1, 'consolidated'],
  [2, 'prohibited'],
] as const);
export type GlPostTo = 'detail' | 'consolidated' | 'prohibited';

/** GLBCTL.BATCHSTAT (CHAR(1)). */
export const GL_BATCH_STATUS = codes([
  ['1', 'open'],
  ['3', 'deleted'],
  ['4', 'posted'],
  ['6', 'provisionally_posted'],
  ['8', 'post_in_progress'],
  ['9', 'ready_to_post'],
  ['A', 'provisional_post_in_progress'],
] as const);
export type GlBatchStatus =
  'open' | 'deleted' | 'posted' | 'provisionally_posted' | 'post_in_progress' | 'ready_to_post' | 'provisional_post_in_progress';

/** GLBCTL.BATCHTYPE (CHAR(1)). */
export const GL_BATCH_TYPE = codes([
  ['1', 'entered'],
  ['2', 'subledger'],
  ['3', 'imported'],
  ['4', 'generated'],
  ['5', 'recurring'],
] as const);
export type GlBatchType = 'entered' | 'subledger' | 'imported' | 'generated' | 'recurring';

export const GL_REVERSAL = codes([
  [0, 'none'],
  [1, 'next_period'],
  [2, 'specific_period'],
] as const);
export type GlReversal = 'none' | 'next_period' | 'specific_period';

/** GLAFS.FSCSDSG. */
export const FISCAL_SET = codes([
  ['A', 'actuals'],
  ['Q', 'quantity'],
  ['R', 'reporting'],
  ['P', 'provisional_actuals'],
  ['O', 'provisional_quantity'],
  ['T', 'provisional_reporting'],
  ['1', 'budget_1'],
  ['2', 'budget_2'],
  ['3', 'budget_3'],
  ['4', 'budget_4'],
  ['5', 'budget_5'],
] as const);
export type FiscalSetDesignator =
  | 'actuals'
  | 'quantity'
  | 'reporting'
  | 'provisional_actuals'
  | 'provisional_quantity'
  | 'provisional_reporting'
  | 'budget_1'
  | 'budget_2'
  | 'budget_3'
  | 'budget_4'
  | 'budget_5';

/** GLAFS.CURNTYPE. */
export const CURRENCY_TYPE = codes([
  ['S', 'source'],
  ['E', 'equivalent'],
  ['F', 'functional'],
] as const);
export type CurrencyType = 'source' | 'equivalent' | 'functional';

export const FISCAL_SET_ACTIVITY = codes([
  [0, 'inactive'],
  [1, 'periods_active'],
  [2, 'balance_forward_active'],
] as const);
export type FiscalSetActivity = 'inactive' | 'periods_active' | 'balance_forward_active';

/** APIBC/ARIBC.BTCHSTTS (SMALLINT) — NOT the GL numbering. */
export const SUBLEDGER_BATCH_STATUS = codes([
  [1, 'open'],
  [3, 'posted'],
  [4, 'deleted'],
  [5, 'post_in_progress'],
  [7, 'ready_to_post'],
] as const);
export type SubledgerBatchStatus = 'open' | 'posted' | 'deleted' | 'post_in_progress' | 'ready_to_post';

export const AP_BATCH_TYPE = codes([
  [1, 'entered'],
  [2, 'imported'],
  [3, 'generated'],
  [4, 'recurring'],
  [5, 'external'],
  [6, 'retainage'],
] as const);
export const AR_BATCH_TYPE = codes([
  [1, 'entered'],
  [2, 'imported'],
  [3, 'recurring'],
  [4, 'generated'],
  [5, 'external'],
  [6, 'retainage'],
] as const);
export type SubledgerBatchType = 'entered' | 'imported' | 'generated' | 'recurring' | 'external' | 'retainage';

/** APIBH.TEXTTRX. */
export const AP_ENTRY_DOC_TYPE = codes([
  [1, 'invoice'],
  [2, 'debit_note'],
  [3, 'credit_note'],
  [4, 'interest'],
] as const);
/** ARIBH.TEXTTRX (reference lists 1–3; AR interest invoices are IDTRX 40 with TEXTTRX 1). */
export const AR_ENTRY_DOC_TYPE = codes([
  [1, 'invoice'],
  [2, 'debit_note'],
  [3, 'credit_note'],
] as const);
export type EntryDocType = 'invoice' | 'debit_note' | 'credit_note' | 'interest';

/** APOBL.TXTTRXTYPE. */
export const AP_POSTED_DOC_TYPE = codes([
  [1, 'invoice'],
  [2, 'debit_note'],
  [3, 'credit_note'],
  [4, 'interest'],
  [10, 'prepayment'],
  [11, 'payment'],
] as const);
/** AROBL.TRXTYPETXT. */
export const AR_POSTED_DOC_TYPE = codes([
  [1, 'invoice'],
  [2, 'debit_note'],
  [3, 'credit_note'],
  [4, 'interest'],
  [5, 'unapplied_cash'],
  [10, 'prepayment'],
  [11, 'receipt'],
  [19, 'refund'],
] as const);
export type PostedDocType =
  'invoice' | 'debit_note' | 'credit_note' | 'interest' | 'unapplied_cash' | 'prepayment' | 'payment' | 'receipt' | 'refund';

/** ARTCR.RMITTYPE. */
export const AR_RECEIPT_TYPE = codes([
  [1, 'receipt'],
  [2, 'prepayment'],
  [3, 'unapplied_cash'],
  [4, 'apply_document'],
  [5, 'misc_receipt'],
  [6, 'write_off'],
  [7, 'adjustment'],
] as const);
export type ArReceiptType = 'receipt' | 'prepayment' | 'unapplied_cash' | 'apply_document' | 'misc_receipt' | 'write_off' | 'adjustment';

/** ARCUS.SWBALFWD. */
export const AR_ACCOUNT_TYPE = codes([
  [0, 'open_item'],
  [1, 'balance_forward'],
] as const);
export type ArAccountType = 'open_item' | 'balance_forward';

/** POPORH1.PORTYPE. */
export const PO_TYPE = codes([
  [1, 'active'],
  [2, 'standing'],
  [3, 'future'],
  [4, 'blanket'],
] as const);
export type PoType = 'active' | 'standing' | 'future' | 'blanket';

/** POPORL.COMPLETION: 2 vs 3 distinction is UNCONFIRMED, both mean completed. */
export const PO_LINE_COMPLETION = codes([
  [1, false],
  [2, true],
  [3, true],
] as const);

/** PMCONTS.STATUS and PMPROJS.PROJSTAT. */
export const PM_STATUS = codes([
  [10, 'estimate'],
  [20, 'approved'],
  [30, 'open'],
  [40, 'on_hold'],
  [50, 'closed'],
  [60, 'completed'],
  [70, 'inactive'],
] as const);
export type PmStatus = 'estimate' | 'approved' | 'open' | 'on_hold' | 'closed' | 'completed' | 'inactive';

export const PM_PROJECT_TYPE = codes([
  [1, 'time_and_materials'],
  [2, 'fixed_price'],
  [3, 'cost_plus'],
] as const);
export type PmProjectType = 'time_and_materials' | 'fixed_price' | 'cost_plus';

export const PM_BILL_TYPE = codes([
  [1, 'non_billable'],
  [2, 'billable'],
  [3, 'no_charge'],
] as const);
export type PmBillType = 'non_billable' | 'billable' | 'no_charge';

export const PM_COST_REV = codes([
  [1, 'cost'],
  [2, 'revenue'],
  [3, 'other'],
] as const);
export type PmCostRev = 'cost' | 'revenue' | 'other';

export const PM_BILLED = codes([
  [1, 'not_billed'],
  [2, 'selected'],
  [3, 'invoice_created'],
  [4, 'posted'],
  [5, 'deleted'],
  [6, 'moved'],
  [7, 'on_hold'],
] as const);
export type PmBilledStatus = 'not_billed' | 'selected' | 'invoice_created' | 'posted' | 'deleted' | 'moved' | 'on_hold';

/** PMBWD.STATUS. */
export const PM_BILLING_LINE_STATUS = codes([
  [1, 'not_posted'],
  [2, 'posted'],
] as const);
export type PmBillingLineStatus = 'not_posted' | 'posted';
