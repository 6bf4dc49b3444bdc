/**
 * Wire shapes of the Sage 300 Web API resources the pipelines use. Property names follow the official sample
 * payloads where they exist (reference §8.5) and the AOM field descriptions otherwise; the latter are marked
 * UNCONFIRMED in web-api-resources.ts until checked against a real `$metadata`.
 *
 * Reads: amounts are exact decimal text (see web-api-json.ts), dates are ISO `2026-04-01T00:00:00Z` or null.
 * Writes: amounts are `Money`, dates are `YYYY-MM-DD`.
 */
import type { Money } from '../../domain/money.ts';

/** Exact decimal text as read from the wire, e.g. `'1234.500'`. */
type DecimalText = string;
type ActiveStatus = 'Active' | 'Inactive';

/** Address and contact fields, named the same on AP vendors and AR customers. */
interface AddressAndContact {
  AddressLine1?: string;
  AddressLine2?: string;
  AddressLine3?: string;
  AddressLine4?: string;
  City?: string;
  StateProvince?: string;
  ZipPostalCode?: string;
  Country?: string;
  ContactName?: string;
  PhoneNumber?: string;
  FaxNumber?: string;
  ContactsEmail?: string;
  Email?: string;
  WebSite?: string;
}

export interface ApVendor extends AddressAndContact {
  VendorNumber: string;
  ShortName?: string;
  GroupCode?: string;
  Status?: ActiveStatus;
  InactiveDate?: string | null;
  DateLastMaintained?: string | null;
  OnHold?: 'NotOnHold' | 'OnHold';
  VendorName?: string;
  LegalName?: string;
  AccountSet?: string;
  CurrencyCode?: string;
  BankCode?: string;
  Terms?: string;
  TaxGroup?: string;
  TaxRegistrationNumber1?: string;
  TaxNumber?: string;
  /** PRIMRMIT; the property name is UNCONFIRMED (not in the sample payloads). */
  PrimaryRemitToCode?: string;
  CreditLimit?: DecimalText;
  BalanceDueInVendorCurrency?: DecimalText;
  BalanceDueInFunctionalCurrency?: DecimalText;
  NumberOfOpenInvoices?: number;
}

type WritableOf<T, Amounts extends keyof T, ReadOnly extends keyof T> = Omit<T, Amounts | ReadOnly> & { [K in Amounts]?: Money };

export type ApVendorFields = Partial<
  WritableOf<
    ApVendor,
    'CreditLimit',
    'VendorNumber' | 'BalanceDueInVendorCurrency' | 'BalanceDueInFunctionalCurrency' | 'NumberOfOpenInvoices' | 'DateLastMaintained'
  >
>;
export type ApVendorCreate = ApVendorFields & { VendorNumber: string; VendorName: string };

export interface ArCustomer extends AddressAndContact {
  CustomerNumber: string;
  ShortName?: string;
  GroupCode?: string;
  NationalAccount?: string;
  Status?: ActiveStatus;
  InactiveDate?: string | null;
  DateLastMaintained?: string | null;
  OnHold?: 'No' | 'Yes';
  CustomerName?: string;
  AccountSet?: string;
  BillingCycle?: string;
  CurrencyCode?: string;
  AccountType?: 'OpenItem' | 'BalanceForward';
  Terms?: string;
  TaxGroup?: string;
  CustomerPriceList?: string;
  CreditLimitCustomerCurrency?: DecimalText;
  BalanceDueInCustomerCurrency?: DecimalText;
  BalanceDueInFunctionalCurrency?: DecimalText;
  NumberOfOpenInvoices?: number;
}

export type ArCustomerFields = Partial<
  WritableOf<
    ArCustomer,
    'CreditLimitCustomerCurrency',
    'CustomerNumber' | 'BalanceDueInCustomerCurrency' | 'BalanceDueInFunctionalCurrency' | 'NumberOfOpenInvoices' | 'DateLastMaintained'
  >
>;
export type ArCustomerCreate = ArCustomerFields & { CustomerNumber: string; CustomerName: string };

export interface WebApiGlAccount {
  UnformattedAccount: string;
  AccountNumber?: string;
  Description?: string;
  AccountType?: 'BalanceSheet' | 'IncomeStatement' | 'RetainedEarnings';
  NormalBalanceDRCR?: 'Debit' | 'Credit';
  Status?: ActiveStatus;
  PostToAccount?: 'Detail' | 'Consolidated' | 'Prohibited';
  StructureCode?: string;
  AccountGroupCode?: string;
}

interface PoPurchaseOrderLine {
  LineNumber: number;
  ItemNumber?: string;
  Location?: string;
  ItemDescription?: string;
  UnitOfMeasure?: string;
  QuantityOrdered?: DecimalText;
  QuantityReceived?: DecimalText;
  QuantityCanceled?: DecimalText;
  QuantityOutstanding?: DecimalText;
  UnitCost?: DecimalText;
  ExtendedCost?: DecimalText;
  Completed?: boolean;
  DateCompleted?: string | null;
}

export interface PoPurchaseOrder {
  PurchaseOrderSequenceKey: number;
  PurchaseOrderNumber: string;
  PurchaseOrderDate?: string | null;
  Vendor?: string;
  VendorName?: string;
  OrderType?: 'Active' | 'Standing' | 'Future' | 'Blanket';
  OnHold?: boolean;
  Completed?: boolean;
  DateCompleted?: string | null;
  Description?: string;
  Reference?: string;
  Comment?: string;
  LastReceiptNumber?: string;
  LastReceiptDate?: string | null;
  NumberOfReceipts?: number;
  DocumentTotal?: DecimalText;
  PurchaseOrderLines?: PoPurchaseOrderLine[];
}

/** Header fields a status update may set (UNCONFIRMED: the endpoint reference lists POPurchaseOrders as GET/POST only). */
export interface PoStatusUpdate {
  OnHold?: boolean;
  Completed?: true;
  Description?: string;
  Reference?: string;
}

interface PoReceiptLineInput {
  /** The PO line (`LineNumber` of PurchaseOrderLines). */
  LineNumber: number;
  QuantityReceived: Money;
}

export interface PoReceiptCreate {
  PurchaseOrderNumber: string;
  ReceiptDate?: string;
  Description?: string;
  /** Put your idempotency tag here: it is what a lost response is resolved by. */
  Reference: string;
  ReceiptLine2s: PoReceiptLineInput[];
}

export interface WebApiPoReceipt {
  ReceiptSequenceKey: number;
  ReceiptNumber: string;
  PurchaseOrderNumber?: string;
  ReceiptDate?: string | null;
  Vendor?: string;
  Description?: string;
  Reference?: string;
  ReceiptLine2s?: { LineNumber: number; PurchaseOrderLineSequence?: number; ItemNumber?: string; QuantityReceived?: DecimalText }[];
}

type WebApiGlBatchStatus =
  'Open' | 'Deleted' | 'Posted' | 'ProvisionallyPosted' | 'PostInProgress' | 'ReadyToPost' | 'ProvisionalPostInProgress';

interface GlJournalDetailInput {
  AccountNumber: string;
  /** Home-currency amount: debit positive, credit negative. */
  Amount: Money;
  SourceCurrencyAmount?: Money;
  Description?: string;
  Reference?: string;
}

interface GlJournalHeaderInput {
  SourceLedger?: string;
  SourceType?: string;
  Description?: string;
  DocumentDate: string;
  PostingDate?: string;
  JournalDetails: GlJournalDetailInput[];
}

export interface GlJournalBatchCreate {
  /** Put your idempotency tag here: it is what a lost response is resolved by. */
  Description: string;
  Status?: 'Open' | 'ReadyToPost';
  JournalHeaders: GlJournalHeaderInput[];
}

export interface GlJournalBatch {
  BatchNumber: string;
  Description?: string;
  Status?: WebApiGlBatchStatus;
  PostingSequence?: number;
  Debits?: DecimalText;
  Credits?: DecimalText;
  NumberOfEntries?: number;
  JournalHeaders?: {
    EntryNumber: string;
    FiscalYear?: string;
    FiscalPeriod?: string;
    Description?: string;
    JournalDetails?: { TransactionNumber: string; AccountNumber: string; Amount: DecimalText }[];
  }[];
}
