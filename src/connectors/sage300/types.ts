/** Normalised Sage 300 records as read from the company database (names per reference §2–§6). */
import type { Money } from '../../domain/money.ts';
import type {
  ArAccountType,
  ArReceiptType,
  CurrencyType,
  EntryDocType,
  FiscalSetActivity,
  FiscalSetDesignator,
  GlAccountType,
  GlBatchStatus,
  GlBatchType,
  GlPostTo,
  GlReversal,
  NormalBalance,
  PmBilledStatus,
  PmBillingLineStatus,
  PmBillType,
  PmCostRev,
  PmProjectType,
  PmStatus,
  PoType,
  PostedDocType,
  SubledgerBatchStatus,
  SubledgerBatchType,
} from './normalise-codes.ts';

/** ISO date `YYYY-MM-DD`, or null for Sage's 0 ("no date"). */
type IsoDate = string | null;

/** The AUDTDATE/AUDTTIME stamp (time zone UNCONFIRMED, likely UTC) and AUDTUSER. */
export interface AuditStamp {
  readonly date: IsoDate;
  /** `HH:MM:SS.cc` */
  readonly time: string;
  readonly user: string;
}

export interface GlAccount {
  /** Unformatted id (GLAMF.ACCTID): used by GLJED/GLPOST/GLAFS. */
  readonly accountId: string;
  /** Formatted id with delimiters (GLAMF.ACCTFMTTD): used by AP/AR/PO document lines. */
  readonly accountFormatted: string;
  readonly description: string;
  readonly type: GlAccountType;
  readonly normalBalance: NormalBalance;
  readonly active: boolean;
  readonly postTo: GlPostTo;
  readonly groupCode: string;
  readonly structureCode: string;
  readonly multiCurrency: boolean;
  readonly controlAccount: boolean;
  readonly segments: readonly string[];
  readonly audit: AuditStamp;
}

export interface GlJournalDetail {
  readonly transactionNumber: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly quantity: Money;
  readonly sourceAmount: Money;
  readonly sourceCurrency: string;
  readonly homeCurrency: string;
  readonly description: string;
  readonly reference: string;
  readonly date: IsoDate;
}

export interface GlJournalEntry {
  readonly entryNumber: string;
  readonly sourceLedger: string;
  readonly sourceType: string;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly description: string;
  readonly debits: Money;
  readonly credits: Money;
  readonly entryDate: IsoDate;
  readonly reversal: GlReversal;
  readonly details: GlJournalDetail[];
}

export interface GlBatch {
  readonly batchId: string;
  readonly description: string;
  readonly sourceLedger: string;
  readonly type: GlBatchType;
  readonly status: GlBatchStatus;
  readonly postingSequence: number;
  readonly debitTotal: Money;
  readonly creditTotal: Money;
  readonly entryCount: number;
  readonly created: IsoDate;
  readonly edited: IsoDate;
  readonly audit: AuditStamp;
  readonly entries: GlJournalEntry[];
}

export interface GlPosting {
  readonly postingSequence: number;
  readonly batchNumber: string;
  readonly entryNumber: string;
  readonly transactionNumber: number;
  readonly detailCount: number;
  readonly accountId: string;
  /** From GLAMF via LEFT JOIN; null when the account row is missing. */
  readonly accountFormatted: string | null;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly journalDate: IsoDate;
  readonly sourceLedger: string;
  readonly sourceType: string;
  readonly sourceCurrency: string;
  /** Home (functional) currency amount, debit positive / credit negative. */
  readonly amount: Money;
  readonly quantity: Money;
  readonly sourceAmount: Money;
  /** SCURNCODE: the transaction currency of SCURNAMT (SRCECURN is the key's copy of it). */
  readonly sourceCurrencyCode: string;
  readonly homeCurrency: string;
  readonly rateType: string;
  readonly rateDate: IsoDate;
  readonly rate: Money;
  readonly rateOperator: string;
  readonly description: string;
  readonly reference: string;
  readonly drillApp: string;
  readonly drillLink: number;
}

export interface FiscalSetBalance {
  readonly accountId: string;
  readonly accountFormatted: string | null;
  readonly fiscalYear: string;
  readonly designator: FiscalSetDesignator;
  readonly currency: string;
  readonly currencyType: CurrencyType;
  readonly openingBalance: Money;
  /** NETPERD1..NETPERD15 (index 0 = period 1). */
  readonly netPeriods: readonly Money[];
  readonly activity: FiscalSetActivity;
}

export interface Vendor {
  readonly vendorId: string;
  readonly shortName: string;
  readonly name: string;
  readonly legalName: string;
  readonly groupCode: string;
  readonly active: boolean;
  readonly onHold: boolean;
  readonly inactiveDate: IsoDate;
  readonly address: {
    readonly lines: readonly string[];
    readonly city: string;
    readonly state: string;
    readonly postalCode: string;
    readonly country: string;
  };
  readonly contact: {
    readonly name: string;
    readonly phone: string;
    readonly fax: string;
    readonly email: string;
    readonly contactEmail: string;
  };
  readonly accountSet: string;
  readonly currency: string;
  readonly termsCode: string;
  readonly taxGroup: string;
  readonly taxRegistration: string;
  /** TAXNBR (1099 tax id). */
  readonly taxNumber: string;
  /** PRIMRMIT: the primary remit-to location code. */
  readonly remitTo: string;
  readonly balanceDueHome: Money;
  readonly openInvoiceCount: number;
  readonly lastMaintained: IsoDate;
  readonly audit: AuditStamp;
}

export interface SubledgerBatch {
  readonly batchNumber: number;
  readonly date: IsoDate;
  readonly description: string;
  readonly type: SubledgerBatchType;
  readonly status: SubledgerBatchStatus;
  readonly entryCount: number;
  readonly amount: Money;
  readonly postingSequence: number;
  readonly sourceApplication: string;
  readonly audit: AuditStamp;
}

export interface ApInvoiceLine {
  readonly lineNumber: number;
  readonly distributionCode: string;
  readonly description: string;
  /** Formatted GL account (joins GLAMF.ACCTFMTTD). */
  readonly glAccountFormatted: string;
  readonly amount: Money;
  readonly netAmount: Money;
  readonly taxAmount: Money;
  readonly contract: string;
  readonly project: string;
  readonly category: string;
}

export interface ApInvoice {
  readonly batchNumber: number;
  readonly entryNumber: number;
  readonly batchStatus: SubledgerBatchStatus | null;
  readonly vendorId: string;
  readonly documentNumber: string;
  readonly documentType: EntryDocType;
  readonly description: string;
  readonly poNumber: string;
  readonly documentDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly postingDate: IsoDate;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly currency: string;
  readonly exchangeRate: Money;
  /** APIBH.RATETYPE. */
  readonly rateType: string;
  /** APIBH.DATERATE (AOM AP0021 "Rate Date"); null when 0. */
  readonly rateDate: IsoDate;
  readonly termsCode: string;
  /** APIBH.CODETAXGRP: the tax group the document was taxed under. */
  readonly taxGroup: string;
  readonly amountBeforeTax: Money;
  readonly taxAmount: Money;
  readonly grossAmount: Money;
  readonly onHold: boolean;
  readonly lines: ApInvoiceLine[];
}

/** A posted AP or AR document (APOBL / AROBL). */
export interface PostedDocument {
  readonly partyId: string;
  readonly documentNumber: string;
  readonly documentType: PostedDocType;
  readonly transactionTypeId: number;
  readonly batchNumber: number;
  readonly entryNumber: number;
  readonly description: string;
  readonly documentDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly postingDate: IsoDate;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly currency: string;
  readonly amountHome: Money;
  readonly amountSource: Money;
  /** Open balance. */
  readonly amountDueHome: Money;
  readonly amountDueSource: Money;
  readonly paid: boolean;
  readonly datePaid: IsoDate;
  readonly postingSequence: number;
  readonly audit: AuditStamp;
}

export interface Customer {
  readonly customerId: string;
  readonly shortName: string;
  readonly name: string;
  readonly groupCode: string;
  readonly nationalAccount: string;
  readonly active: boolean;
  readonly onHold: boolean;
  readonly inactiveDate: IsoDate;
  readonly address: Vendor['address'];
  readonly contact: Vendor['contact'];
  readonly accountSet: string;
  readonly currency: string;
  readonly termsCode: string;
  readonly taxGroup: string;
  readonly accountType: ArAccountType;
  readonly creditLimit: Money;
  readonly balanceDueHome: Money;
  readonly openInvoiceCount: number;
  readonly lastMaintained: IsoDate;
  readonly audit: AuditStamp;
}

export interface ArInvoiceLine {
  readonly lineNumber: number;
  readonly itemNumber: string;
  readonly distributionCode: string;
  readonly description: string;
  readonly quantity: Money;
  readonly unitPrice: Money;
  readonly extendedAmount: Money;
  readonly taxAmount: Money;
  readonly revenueAccountFormatted: string;
  readonly contract: string;
  readonly project: string;
  readonly category: string;
}

export interface ArInvoice {
  readonly batchNumber: number;
  readonly entryNumber: number;
  readonly batchStatus: SubledgerBatchStatus | null;
  readonly customerId: string;
  readonly documentNumber: string;
  readonly documentType: EntryDocType;
  readonly description: string;
  readonly customerPo: string;
  readonly documentDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly postingDate: IsoDate;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly currency: string;
  readonly amountBeforeTax: Money;
  readonly taxAmount: Money;
  readonly netAmount: Money;
  /** ARIBH.CODETAXGRP: the tax group the document was taxed under (blank: the customer's applies). */
  readonly taxGroup: string;
  /** ARIBH RATETYPE, EXCHRATEHC (home = source x rate) and DATERATE (null when 0). */
  readonly rateType: string;
  readonly exchangeRate: Money;
  readonly rateDate: IsoDate;
  readonly lines: ArInvoiceLine[];
}

export interface ArReceiptApplication {
  readonly lineNumber: number;
  readonly documentNumber: string;
  readonly amount: Money;
}

export interface ArReceipt {
  readonly batchType: string;
  readonly batchNumber: number;
  readonly entryNumber: number;
  readonly customerId: string;
  readonly receiptNumber: string;
  readonly receiptDate: IsoDate;
  readonly type: ArReceiptType;
  readonly description: string;
  readonly reference: string;
  readonly bankAmount: Money;
  readonly customerAmount: Money;
  readonly currency: string;
  readonly bankCode: string;
  /** ARTCR.DOCNBR: on an apply-document entry, the prepayment or unapplied-cash document it applies. */
  readonly appliedDocument: string;
  /** ARTCR RATETYPEHC, RATEEXCHHC (customer to home) and DATERATEHC (null when 0). */
  readonly rateType: string;
  readonly exchangeRate: Money;
  readonly rateDate: IsoDate;
  readonly audit: AuditStamp;
  readonly applications: ArReceiptApplication[];
}

export interface PurchaseOrderLine {
  readonly lineRevision: number;
  readonly lineSequence: number;
  readonly itemNumber: string;
  readonly description: string;
  readonly location: string;
  readonly unit: string;
  readonly quantityOrdered: Money;
  readonly quantityReceived: Money;
  readonly quantityCanceled: Money;
  readonly quantityOutstanding: Money;
  readonly unitCost: Money;
  readonly extended: Money;
  readonly expenseAccountFormatted: string;
  readonly completed: boolean;
  readonly contract: string;
  readonly project: string;
  readonly category: string;
}

export interface PoReceiptLine {
  readonly lineRevision: number;
  readonly poLineSequence: number;
  readonly itemNumber: string;
  readonly quantityReceived: Money;
  readonly unitCost: Money;
  readonly extended: Money;
}

export interface PoReceipt {
  readonly receiptSequence: number;
  readonly receiptNumber: string;
  readonly date: IsoDate;
  readonly extended: Money;
  readonly invoiced: boolean;
  readonly complete: boolean;
  readonly lines: PoReceiptLine[];
}

export interface PurchaseOrder {
  readonly poSequence: number;
  readonly poNumber: string;
  readonly vendorId: string;
  readonly vendorName: string;
  readonly date: IsoDate;
  readonly expectedArrival: IsoDate;
  readonly type: PoType;
  readonly onHold: boolean;
  readonly complete: boolean;
  readonly completedDate: IsoDate;
  readonly description: string;
  readonly reference: string;
  readonly currency: string;
  readonly extended: Money;
  readonly documentTotal: Money;
  readonly audit: AuditStamp;
  readonly lines: PurchaseOrderLine[];
  readonly receipts: PoReceipt[];
}

export interface Contract {
  readonly contractKey: number;
  readonly contract: string;
  readonly contractFormatted: string;
  readonly description: string;
  readonly customerId: string;
  readonly manager: string;
  readonly status: PmStatus;
  readonly projectType: PmProjectType;
  readonly billType: PmBillType;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  readonly currency: string;
  readonly audit: AuditStamp;
}

export interface Project {
  readonly contractKey: number;
  readonly lineNumber: number;
  readonly contract: string;
  readonly project: string;
  readonly description: string;
  readonly projectType: PmProjectType;
  readonly status: PmStatus;
  readonly billType: PmBillType;
  readonly customerId: string;
  readonly revenueAccountFormatted: string;
  readonly wipAccountFormatted: string;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  readonly audit: AuditStamp;
}

export interface ProjectTransaction {
  readonly contract: string;
  readonly project: string;
  readonly category: string;
  readonly resource: string;
  readonly transactionNumber: number;
  readonly date: IsoDate;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly customerId: string;
  readonly vendorId: string;
  readonly documentNumber: string;
  readonly module: string;
  readonly documentType: number;
  readonly transactionType: number;
  readonly costRevenue: PmCostRev;
  readonly quantity: Money;
  readonly amountSource: Money;
  readonly amountHome: Money;
  readonly billed: PmBilledStatus;
  readonly description: string;
  readonly audit: AuditStamp;
}

export interface BillingWorksheetLine {
  readonly lineNumber: number;
  readonly contract: string;
  readonly project: string;
  readonly category: string;
  readonly description: string;
  readonly billDate: IsoDate;
  readonly percentComplete: Money;
  readonly amountHome: Money;
  readonly status: PmBillingLineStatus;
  readonly invoiceNumber: string;
}

export interface BillingWorksheet {
  readonly worksheetId: string;
  readonly description: string;
  readonly date: IsoDate;
  readonly postable: boolean;
  readonly postedInAr: boolean;
  readonly lines: BillingWorksheetLine[];
}

/** One attachment reference of an AP or AR invoice entry (an APIBHO or ARIBHO optional field named ATTACH…). */
export interface AttachmentReference {
  readonly batchNumber: number;
  readonly entryNumber: number;
  readonly field: string;
  /** The optional field's value: a path or URL naming the supporting document (never its content). */
  readonly reference: string;
}
