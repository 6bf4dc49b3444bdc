/** Row → record normalisers for the PO and PM tables. */
import type { SqlRow } from './sql-backend.ts';
import { RowReader, type RowResult } from './normalise.ts';
import {
  PM_BILLED,
  PM_BILLING_LINE_STATUS,
  PM_BILL_TYPE,
  PM_COST_REV,
  PM_PROJECT_TYPE,
  PM_STATUS,
  PO_LINE_COMPLETION,
  PO_TYPE,
} from './normalise-codes.ts';
import { auditOf } from './normalise-gl.ts';
import { childValues } from './normalise-ap-ar.ts';
import type {
  BillingWorksheet,
  BillingWorksheetLine,
  Contract,
  PoReceipt,
  PoReceiptLine,
  Project,
  ProjectTransaction,
  PurchaseOrder,
  PurchaseOrderLine,
} from './types.ts';

/** PMTRAN.FISCALPER is a SMALLINT (AOM PM0111); the record keeps the period as two-digit text, like GL's FISCALPERD. */
const periodText = (period: number): string => String(period).padStart(2, '0');

export function normalisePoLine(row: SqlRow): RowResult<PurchaseOrderLine> {
  const r = new RowReader('POPORL', row, ['PORHSEQ', 'PORLREV']);
  return r.result({
    lineRevision: r.int('PORLREV'),
    lineSequence: r.int('PORLSEQ'),
    itemNumber: r.char('ITEMNO'),
    description: r.char('ITEMDESC'),
    location: r.char('LOCATION'),
    unit: r.char('ORDERUNIT'),
    quantityOrdered: r.amount('OQORDERED'),
    quantityReceived: r.amount('OQRECEIVED'),
    quantityCanceled: r.amount('OQCANCELED'),
    quantityOutstanding: r.amount('OQOUTSTAND'),
    unitCost: r.amount('UNITCOST'),
    extended: r.amount('EXTENDED'),
    expenseAccountFormatted: r.char('GLACEXPENS'),
    completed: r.code('COMPLETION', PO_LINE_COMPLETION),
    contract: r.char('CONTRACT'),
    project: r.char('PROJECT'),
    category: r.char('CCATEGORY'),
  });
}

export function normalisePoReceiptLine(row: SqlRow): RowResult<PoReceiptLine> {
  const r = new RowReader('PORCPL', row, ['RCPHSEQ', 'RCPLREV']);
  return r.result({
    lineRevision: r.int('RCPLREV'),
    poLineSequence: r.int('PORLSEQ'),
    itemNumber: r.char('ITEMNO'),
    quantityReceived: r.amount('RQRECEIVED'),
    unitCost: r.amount('UNITCOST'),
    extended: r.amount('EXTENDED'),
  });
}

export function normalisePoReceipt(row: SqlRow, lines: readonly RowResult<PoReceiptLine>[]): RowResult<PoReceipt> {
  const kids = childValues(lines);
  if (!kids.ok) return kids.error;
  const r = new RowReader('PORCPH1', row, ['RCPHSEQ']);
  return r.result({
    receiptSequence: r.int('RCPHSEQ'),
    receiptNumber: r.char('RCPNUMBER'),
    date: r.date('DATE'),
    extended: r.amount('EXTENDED'),
    invoiced: r.flag('ISINVOICED'),
    complete: r.flag('ISCOMPLETE'),
    lines: kids.value,
  });
}

export function normalisePurchaseOrder(
  row: SqlRow,
  lines: readonly RowResult<PurchaseOrderLine>[],
  receipts: readonly RowResult<PoReceipt>[],
): RowResult<PurchaseOrder> {
  const l = childValues(lines);
  if (!l.ok) return l.error;
  const rc = childValues(receipts);
  if (!rc.ok) return rc.error;
  const r = new RowReader('POPORH1', row, ['PORHSEQ']);
  return r.result({
    poSequence: r.int('PORHSEQ'),
    poNumber: r.char('PONUMBER'),
    vendorId: r.char('VDCODE'),
    vendorName: r.char('VDNAME'),
    date: r.date('DATE'),
    expectedArrival: r.date('EXPARRIVAL'),
    type: r.code('PORTYPE', PO_TYPE),
    onHold: r.flag('ONHOLD'),
    complete: r.flag('ISCOMPLETE'),
    completedDate: r.date('DTCOMPLETE'),
    description: r.char('DESCRIPTIO'),
    reference: r.char('REFERENCE'),
    currency: r.char('CURRENCY'),
    extended: r.amount('EXTENDED'),
    documentTotal: r.amount('DOCTOTAL'),
    audit: auditOf(r),
    lines: l.value,
    receipts: rc.value,
  });
}

export function normaliseContract(row: SqlRow): RowResult<Contract> {
  const r = new RowReader('PMCONTS', row, ['CTUNIQ']);
  return r.result({
    contractKey: r.int('CTUNIQ'),
    contract: r.char('CONTRACT'),
    contractFormatted: r.char('FMTCONTNO'),
    description: r.char('DESC'),
    customerId: r.char('CUSTOMER'),
    manager: r.char('MANAGER'),
    status: r.code('STATUS', PM_STATUS),
    projectType: r.code('PROJTYPE', PM_PROJECT_TYPE),
    billType: r.code('BILLTYPE', PM_BILL_TYPE),
    startDate: r.date('STARTDATE'),
    endDate: r.date('CURENDDATE'),
    currency: r.char('CUSTCCY'),
    audit: auditOf(r),
  });
}

export function normaliseProject(row: SqlRow): RowResult<Project> {
  const r = new RowReader('PMPROJS', row, ['CTUNIQ', 'PLINENUM']);
  return r.result({
    contractKey: r.int('CTUNIQ'),
    lineNumber: r.int('PLINENUM'),
    contract: r.char('CONTRACT'),
    project: r.char('PROJECT'),
    description: r.char('DESC'),
    projectType: r.code('PROJTYPE', PM_PROJECT_TYPE),
    status: r.code('PROJSTAT', PM_STATUS),
    billType: r.code('BILLTYPE', PM_BILL_TYPE),
    customerId: r.char('CUSTOMER'),
    revenueAccountFormatted: r.char('REVACCT'),
    wipAccountFormatted: r.char('WIPACCT'),
    startDate: r.date('STARTDATE'),
    endDate: r.date('CURENDDATE'),
    audit: auditOf(r),
  });
}

export function normaliseProjectTransaction(row: SqlRow): RowResult<ProjectTransaction> {
  const r = new RowReader('PMTRAN', row, ['CONTRACT', 'PROJECT', 'CATEGORY', 'RESOURCE', 'TRANSNUM']);
  return r.result({
    contract: r.char('CONTRACT'),
    project: r.char('PROJECT'),
    category: r.char('CATEGORY'),
    resource: r.char('RESOURCE'),
    transactionNumber: r.int('TRANSNUM'),
    date: r.date('TRANSDATE'),
    fiscalYear: r.char('FISCALYEAR'),
    fiscalPeriod: periodText(r.int('FISCALPER')),
    customerId: r.char('IDCUST'),
    vendorId: r.char('VENDORID'),
    documentNumber: r.char('DOCNUM'),
    module: r.char('MODULE'),
    documentType: r.int('DOCTYPE'),
    transactionType: r.int('TRANSTYPE'),
    costRevenue: r.code('COSTREV', PM_COST_REV),
    quantity: r.amount('QUANTITY'),
    amountSource: r.amount('EXTAMTSR'),
    amountHome: r.amount('EXTAMTHM'),
    billed: r.code('BILLED', PM_BILLED),
    description: r.char('DESC'),
    audit: auditOf(r),
  });
}

export function normaliseBillingLine(row: SqlRow): RowResult<BillingWorksheetLine> {
  const r = new RowReader('PMBWD', row, ['WORKID', 'LINENUM']);
  return r.result({
    lineNumber: r.int('LINENUM'),
    contract: r.char('CONTRACT'),
    project: r.char('PROJECT'),
    category: r.char('CATEGORY'),
    description: r.char('TEXTDESC'),
    billDate: r.date('TRANSDATE'),
    percentComplete: r.amount('BILLPER'),
    amountHome: r.amount('BILAMTHM'),
    status: r.code('STATUS', PM_BILLING_LINE_STATUS),
    invoiceNumber: r.char('DOCNUM'),
  });
}

export function normaliseBillingWorksheet(row: SqlRow, lines: readonly RowResult<BillingWorksheetLine>[]): RowResult<BillingWorksheet> {
  const kids = childValues(lines);
  if (!kids.ok) return kids.error;
  const r = new RowReader('PMBWH', row, ['WORKID']);
  return r.result({
    worksheetId: r.char('WORKID'),
    description: r.char('DESC'),
    date: r.date('RUNDATE'),
    postable: r.flag('POSTABLE'),
    postedInAr: r.flag('POSTINAR'),
    lines: kids.value,
  });
}
