import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';
import type { JsonValue } from '../../domain/json.ts';
import type { WriteOutcome } from '../../domain/write-outcome.ts';
import type { PeriodOrRange } from '../../domain/selection.ts';
import type { DocumentCurrency } from '../../domain/document-currency.ts';

/** Kinds of posted Sage 300 AP documents the AP pipeline replicates (interest invoices are not). */
export type ApDocumentKind = 'invoice' | 'debit_note' | 'credit_note';

/** One distribution line of a posted AP document; amounts are unsigned decimal strings as Sage 300 stores them. */
interface ApSourceLine {
  readonly line: number;
  /** Formatted GL account (APIBD.IDGLACCT), the form the mapping rules use. */
  readonly account: string;
  readonly description: string;
  /** Pre-tax distribution amount (APIBD.AMTDIST). */
  readonly amount: string;
  readonly taxAmount: string;
}

/** One posted Sage 300 AP document (APIBH + APIBD of a posted APIBC batch), normalised. */
export interface ApSourceDocument {
  readonly batch: number;
  readonly entry: number;
  readonly vendorId: string;
  readonly documentNumber: string;
  readonly kind: ApDocumentKind;
  readonly description: string;
  readonly poNumber: string;
  /** ISO yyyy-mm-dd dates: document, due (from the terms, as Sage 300 computed it) and posting. */
  readonly documentDate: string;
  readonly dueDate: string;
  readonly postingDate: string;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly currency: string;
  readonly termsCode: string;
  readonly taxGroup: string;
  /** Document totals, unsigned (APIBH.AMTINVCTOT / AMTTAXTOT / AMTGROSTOT). */
  readonly amountBeforeTax: string;
  readonly taxAmount: string;
  readonly grossAmount: string;
  readonly onHold: boolean;
  readonly lines: readonly ApSourceLine[];
  /** Attachment references (paths or URLs of supporting documents) Sage 300 holds for the document; often none. */
  readonly attachments: readonly string[];
  /** The currency side (home currency from CSCOM, APIBH RATETYPE / EXCHRATEHC); absent where it is not read. */
  readonly fx?: DocumentCurrency;
}

/** Which posted AP documents a run covers: a fiscal period, or a document-date range. */
export type ApSelection = PeriodOrRange;

/** What the Sage 300 side gives the AP pipeline (implemented by the SQL reader adapter). */
export interface ApSourcePort {
  /** Posted invoices, debit and credit notes of the selection, plus rows that failed to normalise. */
  readDocuments(selection: ApSelection): Promise<{ documents: ApSourceDocument[]; rowErrors: { key: string; message: string }[] }>;
  /**
   * Posted payments of the selection (by fiscal period, or payment date for a range), plus rows that failed to
   * normalise, plus posted entries no pipeline replicates (prepayments, apply-document entries, miscellaneous payments,
   * adjustments): each becomes an exception, so none is left out silently.
   */
  readPayments(selection: ApSelection): Promise<{
    payments: ApSourcePayment[];
    rowErrors: { key: string; message: string }[];
    notReplicated: { key: string; message: string; fix: string }[];
  }>;
}

/** A bill already in Intacct, as far as duplicate detection needs it. */
export interface ExistingBill {
  readonly recordNo: string;
  readonly vendorId: string;
  readonly recordId: string;
  readonly docNumber: string;
}

/** An Intacct APBILL create, keyed for exactly-once delivery. */
export interface ApBillWrite {
  readonly idempotencyKey: string;
  readonly payload: JsonValue;
  /** DOCNUMBER of the bill (the `S300:` reference), used to read it back after a replay or an unknown outcome. */
  readonly reference: string;
}

/** What the Intacct side gives the AP pipeline (implemented by the Intacct client adapter, entity-level). */
export interface ApTargetPort {
  readonly batchSize: number;
  readonly concurrency: number;
  /** Every VENDORID in Intacct (read once per run); throws when Intacct cannot be read. */
  vendorIds(): Promise<ReadonlySet<string>>;
  /** RECORDNO, RECORDID and DOCNUMBER of the bills of these Intacct vendors; throws when Intacct cannot be read. */
  billsOf(vendorIds: readonly string[]): Promise<ExistingBill[]>;
  /** Bills by DOCNUMBER (the `S300:` reference our creates stamp). */
  readonly existing: NaturalKeyReads;
  /** Sends the writes in one request (uniqueid=true, control ids from the keys); one outcome per write, in order. */
  createBills(writes: readonly ApBillWrite[]): Promise<WriteOutcome[]>;
  /** Payments by DOCNUMBER (the `S300:` reference our creates stamp). */
  readonly existingPayments: NaturalKeyReads;
  /** Sends the APPYMT creates in one request; one outcome per write, in order. */
  createPayments(writes: readonly ApPaymentWrite[]): Promise<WriteOutcome[]>;
  requests(): number;
  controlIdFor(idempotencyKey: string): string;
}

/** One application of a Sage 300 AP payment to a document (APTCP), vendor-currency and home amounts, unsigned. */
interface ApSourcePaymentApplication {
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
