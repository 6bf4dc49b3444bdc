/** AP and AR readers: vendors/customers, invoice batches and entries with lines, posted documents, receipts. */
import type { SqlRow } from './sql-backend.ts';
import type { SqlContext } from './sql-keyset.ts';
import type { AuditCursor } from './sql-cursor.ts';
import {
  childKey,
  childrenOf,
  readAll,
  readChanges,
  readWithChildren,
  type ChangeRun,
  type ChildGroups,
  type ChildPlan,
} from './reader-core.ts';
import type { RowResult } from './normalise.ts';
import {
  normaliseApInvoice,
  normaliseApInvoiceLine,
  normaliseArApplication,
  normaliseArInvoice,
  normaliseArInvoiceLine,
  normaliseArReceipt,
  normaliseCustomer,
  normalisePostedDocument,
  normaliseSubledgerBatch,
  normaliseVendor,
} from './normalise-ap-ar.ts';
import {
  APIBC_ALL,
  APIBD,
  APIBH_ALL,
  APIBHO_ATTACHMENTS,
  APOBL_ALL,
  APOBL_CHANGES,
  APOBL_OPEN,
  APVEN_ALL,
  APVEN_CHANGES,
  ARCUS_ALL,
  ARCUS_CHANGES,
  ARIBC_ALL,
  ARIBD,
  ARIBH_ALL,
  ARIBHO_ATTACHMENTS,
  AROBL_ALL,
  AROBL_CHANGES,
  AROBL_OPEN,
  ARTCP,
  ARTCR_ALL,
  ARTCR_CHANGES,
} from './sql-queries-ap-ar.ts';
import type { ApInvoice, ArInvoice, ArReceipt, AttachmentReference, Customer, PostedDocument, SubledgerBatch, Vendor } from './types.ts';
import { attachmentReferenceOf } from './normalise-attachments.ts';
import { normaliseApPayment, normaliseApPaymentApplication, type ApPayment } from './normalise-ap-pay.ts';
import { APTCP, APTCR_ALL } from './sql-queries-ap-pay.ts';

export interface ApReader {
  vendors(): AsyncIterable<RowResult<Vendor>>;
  vendorChanges(cursor: AuditCursor | null): ChangeRun<Vendor>;
  invoiceBatches(): AsyncIterable<RowResult<SubledgerBatch>>;
  /** APIBH entries with APIBD lines and their APIBC batch status. */
  invoices(): AsyncIterable<RowResult<ApInvoice>>;
  /** APOBL posted documents. */
  documents(): AsyncIterable<RowResult<PostedDocument>>;
  documentChanges(cursor: AuditCursor | null): ChangeRun<PostedDocument>;
  /** APOBL documents with SWPAID = 0 and a non-zero AMTDUEHC (tested on exact decimals). */
  openDocuments(): AsyncIterable<RowResult<PostedDocument>>;
  /** APIBHO optional fields named ATTACH… (attachment references), in key order; blank values left out. */
  attachmentReferences(): AsyncIterable<RowResult<AttachmentReference>>;
  /** APTCR payment entries with their APBTA batch status and APTCP applications. */
  payments(): AsyncIterable<RowResult<ApPayment>>;
}

export interface ArReader {
  customers(): AsyncIterable<RowResult<Customer>>;
  customerChanges(cursor: AuditCursor | null): ChangeRun<Customer>;
  invoiceBatches(): AsyncIterable<RowResult<SubledgerBatch>>;
  invoices(): AsyncIterable<RowResult<ArInvoice>>;
  documents(): AsyncIterable<RowResult<PostedDocument>>;
  documentChanges(cursor: AuditCursor | null): ChangeRun<PostedDocument>;
  openDocuments(): AsyncIterable<RowResult<PostedDocument>>;
  /** ARTCR receipts/adjustments with ARTCP applications. */
  receipts(): AsyncIterable<RowResult<ArReceipt>>;
  receiptChanges(cursor: AuditCursor | null): ChangeRun<ArReceipt>;
  /** ARIBHO optional fields named ATTACH… (attachment references), in key order; blank values left out. */
  attachmentReferences(): AsyncIterable<RowResult<AttachmentReference>>;
}

async function* openOnly(all: AsyncIterable<RowResult<PostedDocument>>): AsyncGenerator<RowResult<PostedDocument>> {
  for await (const r of all) if (!r.ok || !r.value.amountDueHome.isZero()) yield r;
}

const AP_LINES: readonly ChildPlan[] = [{ specs: APIBD, parentKeyLength: 2, groupLength: 2 }];
const AR_LINES: readonly ChildPlan[] = [{ specs: ARIBD, parentKeyLength: 2, groupLength: 2 }];
const AP_APPS: readonly ChildPlan[] = [{ specs: APTCP, parentKeyLength: 3, groupLength: 3 }];
const AR_APPS: readonly ChildPlan[] = [{ specs: ARTCP, parentKeyLength: 3, groupLength: 3 }];

const buildApInvoice = (row: SqlRow, g: ChildGroups, o: number): RowResult<ApInvoice> =>
  normaliseApInvoice(row, childrenOf(g, 0, childKey(row, 2, o)).map(normaliseApInvoiceLine));
const buildArInvoice = (row: SqlRow, g: ChildGroups, o: number): RowResult<ArInvoice> =>
  normaliseArInvoice(row, childrenOf(g, 0, childKey(row, 2, o)).map(normaliseArInvoiceLine));
const buildReceipt = (row: SqlRow, g: ChildGroups, o: number): RowResult<ArReceipt> =>
  normaliseArReceipt(row, childrenOf(g, 0, childKey(row, 3, o)).map(normaliseArApplication));
const buildApPayment = (row: SqlRow, g: ChildGroups, o: number): RowResult<ApPayment> =>
  normaliseApPayment(row, childrenOf(g, 0, childKey(row, 3, o)).map(normaliseApPaymentApplication));
const apDoc = (row: SqlRow): RowResult<PostedDocument> => normalisePostedDocument('APOBL', row);
const arDoc = (row: SqlRow): RowResult<PostedDocument> => normalisePostedDocument('AROBL', row);

export function createApReader(ctx: SqlContext, overlapSeconds: number): ApReader {
  return {
    vendors: () => readAll(ctx, APVEN_ALL, {}, normaliseVendor),
    vendorChanges: (cursor) => readChanges(ctx, APVEN_CHANGES, cursor, overlapSeconds, (row) => normaliseVendor(row)),
    invoiceBatches: () => readAll(ctx, APIBC_ALL, {}, (row) => normaliseSubledgerBatch('APIBC', row)),
    invoices: () => readWithChildren(ctx, APIBH_ALL, {}, AP_LINES, buildApInvoice),
    documents: () => readAll(ctx, APOBL_ALL, {}, apDoc),
    documentChanges: (cursor) => readChanges(ctx, APOBL_CHANGES, cursor, overlapSeconds, apDoc),
    openDocuments: () => openOnly(readAll(ctx, APOBL_OPEN, { paid: 0 }, apDoc)),
    attachmentReferences: () => attachmentsOnly(readAll(ctx, APIBHO_ATTACHMENTS, {}, attachmentReferenceOf('APIBHO'))),
    payments: () => readWithChildren(ctx, APTCR_ALL, {}, AP_APPS, buildApPayment),
  };
}

/** The optional-field prefix that marks an attachment reference (ATTACHMENT, ATTACH1, ATTACHSCAN…). */
const ATTACHMENT_FIELD = /^ATTACH/;

async function* attachmentsOnly(all: AsyncIterable<RowResult<AttachmentReference>>): AsyncGenerator<RowResult<AttachmentReference>> {
  for await (const r of all) if (!r.ok || (ATTACHMENT_FIELD.test(r.value.field) && r.value.reference !== '')) yield r;
}

export function createArReader(ctx: SqlContext, overlapSeconds: number): ArReader {
  return {
    customers: () => readAll(ctx, ARCUS_ALL, {}, normaliseCustomer),
    customerChanges: (cursor) => readChanges(ctx, ARCUS_CHANGES, cursor, overlapSeconds, (row) => normaliseCustomer(row)),
    invoiceBatches: () => readAll(ctx, ARIBC_ALL, {}, (row) => normaliseSubledgerBatch('ARIBC', row)),
    invoices: () => readWithChildren(ctx, ARIBH_ALL, {}, AR_LINES, buildArInvoice),
    documents: () => readAll(ctx, AROBL_ALL, {}, arDoc),
    documentChanges: (cursor) => readChanges(ctx, AROBL_CHANGES, cursor, overlapSeconds, arDoc),
    openDocuments: () => openOnly(readAll(ctx, AROBL_OPEN, { paid: 0 }, arDoc)),
    receipts: () => readWithChildren(ctx, ARTCR_ALL, {}, AR_APPS, buildReceipt),
    receiptChanges: (cursor) => readChanges(ctx, ARTCR_CHANGES, cursor, overlapSeconds, buildReceipt, AR_APPS),
    attachmentReferences: () => attachmentsOnly(readAll(ctx, ARIBHO_ATTACHMENTS, {}, attachmentReferenceOf('ARIBHO'))),
  };
}
