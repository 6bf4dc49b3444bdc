/**
 * PO/POPurchaseOrders ↔ POPORH1 + POPORL and PO/POReceipts, PO/POGetReceipts ↔ PORCPH1 + PORCPL (views PO0620,
 * PO0630, PO0700). The sample payload gives `PurchaseOrderDate`, `Vendor`, `Description`, `Reference`, `Comment`,
 * `PurchaseOrderLines[{LineNumber, ItemNumber, Location, UnitOfMeasure, QuantityOrdered, UnitCost}]` and
 * `ReceiptLine2s`, `PurchaseOrderNumber`; every other name here is UNCONFIRMED.
 */
import { BOOL, defineResource, enumOf } from './field-map.ts';

/** ISCOMPLETE is shown as a flag: any non-zero code (the day-end variants) is complete. */
const COMPLETE_FLAG = BOOL;

export const PO_ORDERS = defineResource('POPurchaseOrders', 'POPORH1', [
  { name: 'PurchaseOrderSequenceKey', column: 'PORHSEQ', readOnly: true },
  { name: 'PurchaseOrderNumber', column: 'PONUMBER', readOnly: true },
  { name: 'PurchaseOrderDate', column: 'DATE', readOnly: true },
  { name: 'ExpectedArrivalDate', column: 'EXPARRIVAL' },
  { name: 'Vendor', column: 'VDCODE', readOnly: true },
  { name: 'VendorName', column: 'VDNAME', readOnly: true },
  {
    name: 'OrderType',
    column: 'PORTYPE',
    kind: enumOf([
      [1, 'Active'],
      [2, 'Standing'],
      [3, 'Future'],
      [4, 'Blanket'],
    ]),
    readOnly: true,
  },
  { name: 'OnHold', column: 'ONHOLD', kind: BOOL },
  { name: 'Completed', column: 'ISCOMPLETE', kind: COMPLETE_FLAG },
  { name: 'DateCompleted', column: 'DTCOMPLETE', readOnly: true },
  { name: 'Description', column: 'DESCRIPTIO' },
  { name: 'Reference', column: 'REFERENCE' },
  { name: 'Comment', column: 'COMMENT' },
  { name: 'Terms', column: 'TERMSCODE', readOnly: true },
  { name: 'Currency', column: 'CURRENCY', readOnly: true },
  { name: 'NumberOfLines', column: 'LINES', readOnly: true },
  { name: 'NumberOfLinesCompleted', column: 'LINESCMPL', readOnly: true },
  { name: 'LastReceiptNumber', column: 'LASTRECEIP', readOnly: true },
  { name: 'LastReceiptDate', column: 'RCPDATE', readOnly: true },
  { name: 'NumberOfReceipts', column: 'RCPCOUNT', readOnly: true },
  { name: 'ExtendedCost', column: 'EXTENDED', readOnly: true },
  { name: 'DocumentTotal', column: 'DOCTOTAL', readOnly: true },
]);

export const PO_LINES = defineResource('PurchaseOrderLines', 'POPORL', [
  { name: 'LineNumber', column: 'PORLREV', readOnly: true },
  { name: 'LineSequence', column: 'PORLSEQ', readOnly: true },
  { name: 'ItemNumber', column: 'ITEMNO', readOnly: true },
  { name: 'Location', column: 'LOCATION', readOnly: true },
  { name: 'ItemDescription', column: 'ITEMDESC', readOnly: true },
  { name: 'UnitOfMeasure', column: 'ORDERUNIT', readOnly: true },
  { name: 'ExpectedArrivalDate', column: 'EXPARRIVAL', readOnly: true },
  { name: 'QuantityOrdered', column: 'OQORDERED', readOnly: true },
  { name: 'QuantityReceived', column: 'OQRECEIVED', readOnly: true },
  { name: 'QuantityCanceled', column: 'OQCANCELED', readOnly: true },
  { name: 'QuantityOutstanding', column: 'OQOUTSTAND', readOnly: true },
  { name: 'UnitCost', column: 'UNITCOST', readOnly: true },
  { name: 'ExtendedCost', column: 'EXTENDED', readOnly: true },
  { name: 'ExpenseAccount', column: 'GLACEXPENS', readOnly: true },
  {
    name: 'Completed',
    column: 'COMPLETION',
    kind: enumOf([
      [1, 'No'],
      [2, 'Yes'],
      [3, 'Yes'],
    ]),
    readOnly: true,
  },
  { name: 'DateCompleted', column: 'DTCOMPLETE', readOnly: true },
  { name: 'Contract', column: 'CONTRACT', readOnly: true },
  { name: 'Project', column: 'PROJECT', readOnly: true },
  { name: 'Category', column: 'CCATEGORY', readOnly: true },
]);

export const PO_RECEIPTS = defineResource('POReceipts', 'PORCPH1', [
  { name: 'ReceiptSequenceKey', column: 'RCPHSEQ', readOnly: true },
  { name: 'ReceiptNumber', column: 'RCPNUMBER' },
  { name: 'PurchaseOrderNumber', column: 'PONUMBER' },
  { name: 'ReceiptDate', column: 'DATE' },
  { name: 'Vendor', column: 'VDCODE' },
  { name: 'VendorName', column: 'VDNAME', readOnly: true },
  { name: 'Description', column: 'DESCRIPTIO' },
  { name: 'Reference', column: 'REFERENCE' },
  { name: 'ExtendedCost', column: 'EXTENDED', readOnly: true },
  { name: 'NumberOfLines', column: 'LINES', readOnly: true },
]);

export const PO_RECEIPT_LINES = defineResource('ReceiptLine2s', 'PORCPL', [
  { name: 'LineNumber', column: 'RCPLREV', readOnly: true },
  { name: 'PurchaseOrderLineSequence', column: 'PORLSEQ', readOnly: true },
  { name: 'ItemNumber', column: 'ITEMNO', readOnly: true },
  { name: 'ItemDescription', column: 'ITEMDESC', readOnly: true },
  { name: 'Location', column: 'LOCATION', readOnly: true },
  { name: 'UnitOfMeasure', column: 'RCPUNIT', readOnly: true },
  { name: 'QuantityReceived', column: 'RQRECEIVED' },
  { name: 'UnitCost', column: 'UNITCOST', readOnly: true },
  { name: 'ExtendedCost', column: 'EXTENDED', readOnly: true },
]);
