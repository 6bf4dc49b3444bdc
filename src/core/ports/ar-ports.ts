import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';
import type { JsonValue } from '../../domain/json.ts';
import type { WriteOutcome } from '../../domain/write-outcome.ts';
import type { PeriodOrRange } from '../../domain/selection.ts';
import type { DocumentCurrency } from '../../domain/document-currency.ts';

/** Kinds of posted Sage 300 AR documents the AR pipeline replicates (interest invoices are not). */
export type ArDocumentKind = 'invoice' | 'debit_note' | 'credit_note';

/** One ARIBD line; amounts are unsigned decimal strings as Sage 300 stores them. */
interface ArSourceLine {
  readonly line: number;
  /** Formatted revenue account (ARIBD.IDACCTREV), the form the mapping rules use. */
  readonly account: string;
  readonly description: string;
  readonly amount: string;
  readonly taxAmount: string;
}

/** One posted Sage 300 AR document (ARIBH + ARIBD of a posted ARIBC batch), normalised. */
export interface ArSourceDocument {
  readonly batch: number;
  readonly entry: number;
  readonly customerId: string;
  readonly documentNumber: string;
  readonly kind: ArDocumentKind;
  readonly description: string;
  readonly customerPo: string;
  /** ISO yyyy-mm-dd. */
  readonly documentDate: string;
  readonly dueDate: string;
  readonly postingDate: string;
  readonly currency: string;
  /** Terms are the customer's (ARCUS.CODETERM); the tax group is ARIBH.CODETAXGRP, else the customer's CODETAXGRP. */
  readonly termsCode: string;
  readonly taxGroup: string;
  readonly lines: readonly ArSourceLine[];
  /** Attachment references (paths or URLs of supporting documents) Sage 300 holds for the document; often none. */
  readonly attachments: readonly string[];
  /** The currency side (home currency from CSCOM, ARIBH RATETYPE / DATERATE / EXCHRATEHC); absent where it is not read. */
  readonly fx?: DocumentCurrency;
}

/** One ARTCP application of a receipt to a document. */
interface ArApplication {
  readonly documentNumber: string;
  /** Unsigned decimal string. */
  readonly amount: string;
}

/** One posted Sage 300 receipt (ARTCR) with its applications (ARTCP). */
export interface ArSourceReceipt {
  readonly batchType: string;
  readonly batch: number;
  readonly entry: number;
  readonly customerId: string;
  readonly receiptNumber: string;
  readonly receiptDate: string;
  readonly description: string;
  readonly currency: string;
  readonly bankCode: string;
  readonly amount: string;
  readonly applications: readonly ArApplication[];
  /** The currency side (ARTCR RATETYPEHC / DATERATEHC / RATEEXCHHC); absent where it is not read. */
  readonly fx?: DocumentCurrency;
}

/** Sage 300 cash that is not applied when received: a prepayment (ARTCR type 2) or unapplied cash (type 3). */
export interface ArSourceCash {
  readonly batchType: string;
  readonly batch: number;
  readonly entry: number;
  readonly kind: 'prepayment' | 'unapplied_cash';
  readonly customerId: string;
  readonly receiptNumber: string;
  /** The document Sage 300 keeps it as (ARTCR.DOCNBR, else the receipt number): what an apply entry names. */
  readonly documentNumber: string;
  readonly receiptDate: string;
  readonly description: string;
  readonly currency: string;
  readonly bankCode: string;
  /** Unsigned decimal string (ARTCR.AMTRMITTC). */
  readonly amount: string;
  /** The currency side (ARTCR RATETYPEHC / DATERATEHC / RATEEXCHHC); absent where it is not read. */
  readonly fx?: DocumentCurrency;
}

/** A Sage 300 apply-document entry (ARTCR type 4): applies a prepayment or unapplied cash to documents. */
export interface ArSourceApply {
  readonly batchType: string;
  readonly batch: number;
  readonly entry: number;
  readonly customerId: string;
  /** The prepayment or unapplied-cash document applied (ARTCR.DOCNBR). */
  readonly cashDocument: string;
  readonly date: string;
  readonly applications: readonly ArApplication[];
}

/** One open Sage 300 AR item (AROBL with a non-zero AMTDUEHC): the Sage side of the open-balance comparison. */
export interface ArOpenItem {
  readonly customerId: string;
  readonly documentNumber: string;
  readonly documentType: string;
  /** Signed open balance in home currency (credit notes negative), decimal string. */
  readonly amountDue: string;
}

/** Which AR documents and receipts a run covers: a fiscal period, a document-date range, or everything posted. */
export type ArSelection = PeriodOrRange | { readonly kind: 'all' };

/** What the Sage 300 side gives the AR pipeline (implemented by the SQL reader adapter). */
export interface ArSourcePort {
  readDocuments(selection: ArSelection): Promise<{ documents: ArSourceDocument[]; rowErrors: { key: string; message: string }[] }>;
  readReceipts(selection: ArSelection): Promise<{ receipts: ArSourceReceipt[]; rowErrors: { key: string; message: string }[] }>;
  openItems(): Promise<ArOpenItem[]>;
  /** Prepayments, unapplied cash and the apply entries that later apply them (ARTCR types 2, 3 and 4). */
  readCash(selection: ArSelection): Promise<{
    cash: ArSourceCash[];
    applies: ArSourceApply[];
    /** Every prepayment and unapplied cash whatever its date: what an apply entry of the selection may name. */
    allCash: ArSourceCash[];
    rowErrors: { key: string; message: string }[];
  }>;
}

/** An Intacct AR invoice as the pipeline and the comparison read it. */
export interface ExistingInvoice {
  readonly recordNo: string;
  readonly customerId: string;
  /** RECORDID: the invoice number (the Sage 300 document number for synced invoices). */
  readonly invoiceNo: string;
  readonly totalDue: string;
}

/** An Intacct create, keyed for exactly-once delivery. */
export interface ArWrite {
  readonly idempotencyKey: string;
  readonly payload: JsonValue;
}

/** What the Intacct side gives the AR pipeline (implemented by the Intacct client adapter, entity-level). */
export interface ArTargetPort {
  readonly batchSize: number;
  readonly concurrency: number;
  /** Every CUSTOMERID in Intacct; throws when Intacct cannot be read. */
  customerIds(): Promise<ReadonlySet<string>>;
  /** Every AR invoice in Intacct (RECORDNO, CUSTOMERID, RECORDID, TOTALDUE); throws when Intacct cannot be read. */
  invoices(): Promise<ExistingInvoice[]>;
  /** AR invoices numbered (RECORDID) one of these, in bulk reads; throws when Intacct cannot be read. */
  invoicesNumbered(numbers: readonly string[]): Promise<ExistingInvoice[]>;
  /** AR invoices by EXTERNALID (the `S300:` reference create_invoice stamps), for `state rebuild`. */
  readonly invoicesByExternalId: NaturalKeyReads;
  /** AR payments by DOCNUMBER (the `S300:` reference our creates stamp). */
  readonly existingPayments: NaturalKeyReads;
  /** create_invoice per write (uniqueid=true, control ids from the keys), read back by customer and invoice number. */
  createInvoices(writes: readonly ArWrite[]): Promise<WriteOutcome[]>;
  /** ARPYMT creates; payloads already carry invoice RECORDNOs; read back by DOCNUMBER. */
  createPayments(writes: readonly ArWrite[]): Promise<WriteOutcome[]>;
  /** Unapplied payments (legacy create_arpayment with no items: the amount stays a customer credit); read back by DOCNUMBER (refid). */
  createCash(writes: readonly ArWrite[]): Promise<WriteOutcome[]>;
  /** Applications of such credits to invoices (legacy apply_arpayment); payloads carry the RECORDNOs; the outcome's record is the payment's. */
  applyCash(writes: readonly ArWrite[]): Promise<WriteOutcome[]>;
  requests(): number;
  controlIdFor(idempotencyKey: string): string;
}
