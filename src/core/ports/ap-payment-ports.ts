import type { JsonValue } from '../../domain/json.ts';

/** One application of a Sage 300 AP payment to a document (APTCP), vendor-currency and home amounts, unsigned. */
export interface ApSourcePaymentApplication {
  readonly documentNumber: string;
  readonly amount: string;
  readonly homeAmount: string;
}

/** One posted Sage 300 AP payment (APTCR of a posted APBTA batch, RMITTYPE payment) with its applications. */
export interface ApSourcePayment {
  readonly batchType: string;
  readonly batch: number;
  readonly entry: number;
  readonly vendorId: string;
  readonly checkNumber: string;
  /** ISO yyyy-mm-dd. */
  readonly paymentDate: string;
  readonly description: string;
  /** The vendor's currency (APTCR.CODECURN), which is the currency of the documents it pays. */
  readonly currency: string;
  readonly homeCurrency: string;
  /** AMTRMITTC / AMTRMITHC. */
  readonly amount: string;
  readonly homeAmount: string;
  /** RATEEXCHTC with its operator ('1' multiply, '2' divide), RATETYPETC and DATERATETC (null when 0). */
  readonly rate: string;
  readonly rateOperator: string;
  readonly rateType: string;
  readonly rateDate: string | null;
  /** APTCR.IDBANK: the Sage 300 bank the payment was drawn on. */
  readonly bankCode: string;
  /** APTCR.PAYMTYPE: cash, check, credit_card, other or none. */
  readonly form: string;
  readonly applications: readonly ApSourcePaymentApplication[];
}

/** An Intacct APPYMT create, keyed for exactly-once delivery. */
export interface ApPaymentWrite {
  readonly idempotencyKey: string;
  readonly payload: JsonValue;
  /** DOCNUMBER of the payment (the `S300:` reference), used to read it back after a replay or an unknown outcome. */
  readonly reference: string;
}
