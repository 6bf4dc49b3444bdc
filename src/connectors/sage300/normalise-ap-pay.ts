/** Row → record normalisers for AP payments (APTCR with its APBTA batch status, APTCP applications). */
import type { Money } from '../../domain/money.ts';
import type { SqlRow } from './sql-backend.ts';
import { codes, RowReader, type RowResult } from './normalise.ts';
import { childValues } from './normalise-ap-ar.ts';

/** APBTA.BATCHSTAT (AOM AP0030; 8 = check creation in progress, a payment batch's own state). */
const AP_PAYMENT_BATCH_STATUS = codes([
  [1, 'open'],
  [3, 'posted'],
  [4, 'deleted'],
  [5, 'post_in_progress'],
  [7, 'ready_to_post'],
  [8, 'check_creation_in_progress'],
] as const);
type ApPaymentBatchStatus = 'open' | 'posted' | 'deleted' | 'post_in_progress' | 'ready_to_post' | 'check_creation_in_progress';

/** APTCR.RMITTYPE (AOM AP0031). */
const AP_PAYMENT_TYPE = codes([
  [1, 'payment'],
  [2, 'prepayment'],
  [3, 'apply_document'],
  [4, 'misc_payment'],
  [5, 'adjustment'],
] as const);
type ApPaymentType = 'payment' | 'prepayment' | 'apply_document' | 'misc_payment' | 'adjustment';

/** APTCR.PAYMTYPE (AOM AP0031: 0 = none given). */
const AP_PAYMENT_FORM = codes([
  [0, 'none'],
  [1, 'cash'],
  [2, 'check'],
  [3, 'credit_card'],
  [4, 'other'],
] as const);
type ApPaymentForm = 'none' | 'cash' | 'check' | 'credit_card' | 'other';

/** One APTCP application of a payment to a document, in vendor currency and home currency. */
export interface ApPaymentApplication {
  readonly lineNumber: number;
  readonly documentNumber: string;
  readonly amount: Money;
  readonly amountHome: Money;
}

/** One APTCR entry with its applications. */
export interface ApPayment {
  readonly batchType: string;
  readonly batchNumber: number;
  readonly entryNumber: number;
  /** The APBTA batch's status; null when the batch row is missing. */
  readonly batchStatus: ApPaymentBatchStatus | null;
  readonly vendorId: string;
  readonly checkNumber: string;
  readonly paymentDate: string | null;
  readonly description: string;
  readonly type: ApPaymentType;
  /** AMTRMITTC (vendor currency) and AMTRMITHC (home currency). */
  readonly vendorAmount: Money;
  readonly homeAmount: Money;
  /** CODECURN: the vendor's (documents') currency. */
  readonly currency: string;
  /** RATEEXCHTC / RATETYPETC / DATERATETC / OPERVEND: the vendor-currency rate, its type, date and operator. */
  readonly rate: Money;
  readonly rateType: string;
  readonly rateDate: string | null;
  readonly rateOperator: number;
  readonly bankCode: string;
  readonly form: ApPaymentForm;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  /** ERRENTRY: non-zero when the entry failed posting and sits in an error batch. */
  readonly errorEntry: number;
  readonly applications: ApPaymentApplication[];
}

export function normaliseApPaymentApplication(row: SqlRow): RowResult<ApPaymentApplication> {
  const r = new RowReader('APTCP', row, ['BATCHTYPE', 'CNTBTCH', 'CNTRMIT', 'CNTLINE']);
  return r.result({
    lineNumber: r.int('CNTLINE'),
    documentNumber: r.char('IDINVC'),
    amount: r.amount('AMTPAYM'),
    amountHome: r.amount('AMTPAYMHC'),
  });
}

export function normaliseApPayment(row: SqlRow, applications: readonly RowResult<ApPaymentApplication>[]): RowResult<ApPayment> {
  const kids = childValues(applications);
  if (!kids.ok) return kids.error;
  const r = new RowReader('APTCR', row, ['BTCHTYPE', 'CNTBTCH', 'CNTENTR']);
  return r.result({
    batchType: r.char('BTCHTYPE'),
    batchNumber: r.int('CNTBTCH'),
    entryNumber: r.int('CNTENTR'),
    batchStatus: row.BATCHSTAT === null || row.BATCHSTAT === undefined ? null : r.code('BATCHSTAT', AP_PAYMENT_BATCH_STATUS),
    vendorId: r.char('IDVEND'),
    checkNumber: r.char('IDRMIT'),
    paymentDate: r.date('DATERMIT'),
    description: r.char('TEXTRMIT'),
    type: r.code('RMITTYPE', AP_PAYMENT_TYPE),
    vendorAmount: r.amount('AMTRMITTC'),
    homeAmount: r.amount('AMTRMITHC'),
    currency: r.char('CODECURN'),
    rate: r.amount('RATEEXCHTC'),
    rateType: r.char('RATETYPETC'),
    rateDate: r.date('DATERATETC'),
    rateOperator: r.int('OPERVEND'),
    bankCode: r.char('IDBANK'),
    form: r.code('PAYMTYPE', AP_PAYMENT_FORM),
    fiscalYear: r.char('FISCYR'),
    fiscalPeriod: r.char('FISCPER'),
    errorEntry: r.int('ERRENTRY'),
    applications: kids.value,
  });
}
