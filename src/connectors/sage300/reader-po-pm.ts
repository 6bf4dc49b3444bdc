/** PO and PM readers: purchase orders with lines and receipts, contracts, projects, transactions, billing worksheets. */
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
  normaliseBillingLine,
  normaliseBillingWorksheet,
  normaliseContract,
  normalisePoLine,
  normalisePoReceipt,
  normalisePoReceiptLine,
  normaliseProject,
  normaliseProjectTransaction,
  normalisePurchaseOrder,
} from './normalise-po-pm.ts';
import {
  PMBWD,
  PMBWH_ALL,
  PMCONTS_ALL,
  PMCONTS_CHANGES,
  PMPROJS_ALL,
  PMPROJS_CHANGES,
  PMTRAN_ALL,
  PMTRAN_CHANGES,
  POPORH1_ALL,
  POPORH1_CHANGES,
  POPORL,
  PORCPH1,
  PORCPL,
} from './sql-queries-po-pm.ts';
import type { BillingWorksheet, Contract, Project, ProjectTransaction, PurchaseOrder } from './types.ts';

export interface PoReader {
  /** POPORH1 headers with POPORL lines and PORCPH1/PORCPL receipts. */
  purchaseOrders(): AsyncIterable<RowResult<PurchaseOrder>>;
  /** Changed by the POPORH1 header stamp only (line-only edits are not detected: see report). */
  purchaseOrderChanges(cursor: AuditCursor | null): ChangeRun<PurchaseOrder>;
}

export interface PmReader {
  contracts(): AsyncIterable<RowResult<Contract>>;
  contractChanges(cursor: AuditCursor | null): ChangeRun<Contract>;
  projects(): AsyncIterable<RowResult<Project>>;
  projectChanges(cursor: AuditCursor | null): ChangeRun<Project>;
  transactions(): AsyncIterable<RowResult<ProjectTransaction>>;
  transactionChanges(cursor: AuditCursor | null): ChangeRun<ProjectTransaction>;
  billingWorksheets(): AsyncIterable<RowResult<BillingWorksheet>>;
}

const PO_PLANS: readonly ChildPlan[] = [
  { specs: POPORL, parentKeyLength: 1, groupLength: 1 },
  { specs: PORCPH1, parentKeyLength: 1, groupLength: 1 },
  { specs: PORCPL, parentKeyLength: 1, groupLength: 2 },
];

function buildPo(row: SqlRow, g: ChildGroups, o: number): RowResult<PurchaseOrder> {
  const po = childKey(row, 1, o);
  const lines = childrenOf(g, 0, po).map(normalisePoLine);
  const receipts = childrenOf(g, 1, po).map((rc) => normalisePoReceipt(rc, childrenOf(g, 2, childKey(rc, 2)).map(normalisePoReceiptLine)));
  return normalisePurchaseOrder(row, lines, receipts);
}

const BILLING_PLANS: readonly ChildPlan[] = [{ specs: PMBWD, parentKeyLength: 1, groupLength: 1 }];
const buildWorksheet = (row: SqlRow, g: ChildGroups, o: number): RowResult<BillingWorksheet> =>
  normaliseBillingWorksheet(row, childrenOf(g, 0, childKey(row, 1, o)).map(normaliseBillingLine));

export function createPoReader(ctx: SqlContext, overlapSeconds: number): PoReader {
  return {
    purchaseOrders: () => readWithChildren(ctx, POPORH1_ALL, {}, PO_PLANS, buildPo),
    purchaseOrderChanges: (cursor) => readChanges(ctx, POPORH1_CHANGES, cursor, overlapSeconds, buildPo, PO_PLANS),
  };
}

export function createPmReader(ctx: SqlContext, overlapSeconds: number): PmReader {
  return {
    contracts: () => readAll(ctx, PMCONTS_ALL, {}, normaliseContract),
    contractChanges: (cursor) => readChanges(ctx, PMCONTS_CHANGES, cursor, overlapSeconds, (row) => normaliseContract(row)),
    projects: () => readAll(ctx, PMPROJS_ALL, {}, normaliseProject),
    projectChanges: (cursor) => readChanges(ctx, PMPROJS_CHANGES, cursor, overlapSeconds, (row) => normaliseProject(row)),
    transactions: () => readAll(ctx, PMTRAN_ALL, {}, normaliseProjectTransaction),
    transactionChanges: (cursor) => readChanges(ctx, PMTRAN_CHANGES, cursor, overlapSeconds, (row) => normaliseProjectTransaction(row)),
    billingWorksheets: () => readWithChildren(ctx, PMBWH_ALL, {}, BILLING_PLANS, buildWorksheet),
  };
}
