/**
 * Legacy (lowercase) functions. Their DTD fixes element order and takes dates as {year,month,day}; callers pass
 * fields in any order with ISO dates, and we put them in DTD order here so a mapping change cannot break a post.
 */
import type { IntacctRecord, TrialBalanceSpec } from './types.ts';
import { el, leaf, recordToNodes, type XmlNode } from './xml-tree.ts';

const INVOICE_ORDER = [
  'customerid',
  'datecreated',
  'dateposted',
  'datedue',
  'termname',
  'action',
  'batchkey',
  'invoiceno',
  'ponumber',
  'onhold',
  'description',
  'externalid',
  'billto',
  'shipto',
  'basecurr',
  'currency',
  'exchratedate',
  'exchratetype',
  'exchrate',
  'nogl',
  'supdocid',
  'customfields',
  'invoiceitems',
];

const PO_ORDER = [
  'transactiontype',
  'datecreated',
  'dateposted',
  'createdfrom',
  'vendorid',
  'documentno',
  'referenceno',
  'termname',
  'datedue',
  'message',
  'shippingmethod',
  'returnto',
  'payto',
  'supdocid',
  'externalid',
  'basecurr',
  'currency',
  'exchratedate',
  'exchratetype',
  'exchrate',
  'customfields',
  'state',
  'potransitems',
  'subtotals',
];

/** create_supdoc's element order (api.xsd 3.0). */
const SUPDOC_ORDER = ['supdocid', 'supdocname', 'supdocfoldername', 'supdocdescription', 'attachments'];

/** create_arpayment's element order (api.xsd 3.0; batchkey, bankaccountid and undepfundsacct are alternatives). */
const ARPAYMENT_ORDER = [
  'customerid',
  'paymentamount',
  'translatedamount',
  'batchkey',
  'bankaccountid',
  'undepfundsacct',
  'refid',
  'overpaylocid',
  'overpaydeptid',
  'datereceived',
  'paymentmethod',
  'basecurr',
  'currency',
  'exchratedate',
  'exchratetype',
  'exchrate',
  'cctype',
  'authcode',
  'arpaymentitem',
];
/** apply_arpayment's element order (api.xsd 3.0). */
const APPLY_ORDER = ['arpaymentkey', 'paymentdate', 'batchkey', 'memo', 'overpaylocid', 'overpaydeptid', 'arpaymentitems'];

const DATE_FIELDS = new Set(['datecreated', 'dateposted', 'datedue', 'datereceived', 'paymentdate']);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2024-06-30` -> `{ year: '2024', month: '06', day: '30' }`; anything else is passed through unchanged. */
function legacyDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = ISO_DATE.exec(value);
  if (!m) throw new TypeError(`expected an ISO date yyyy-mm-dd, got ${JSON.stringify(value)}`);
  return { year: m[1], month: m[2], day: m[3] };
}

/** Known fields in DTD order; unknown fields keep their relative order just before the trailing line items. */
function orderLegacyFields(fields: IntacctRecord, order: readonly string[], itemsField: string): IntacctRecord {
  const rank = new Map(order.map((k, i) => [k, i]));
  const itemsRank = rank.get(itemsField) ?? order.length;
  const entries = Object.entries(fields).map(([k, v], i) => ({
    k,
    v: DATE_FIELDS.has(k) ? legacyDate(v) : v,
    r: rank.get(k) ?? itemsRank - 0.5,
    i,
  }));
  entries.sort((a, b) => a.r - b.r || a.i - b.i);
  return Object.fromEntries(entries.map((e) => [e.k, e.v]));
}

export function createInvoiceNode(fields: IntacctRecord): XmlNode {
  return el('create_invoice', recordToNodes(orderLegacyFields(fields, INVOICE_ORDER, 'invoiceitems')));
}

export function createPoTransactionNode(fields: IntacctRecord): XmlNode {
  return el('create_potransaction', recordToNodes(orderLegacyFields(fields, PO_ORDER, 'potransitems')));
}

export function createArPaymentNode(fields: IntacctRecord): XmlNode {
  return el('create_arpayment', recordToNodes(orderLegacyFields(fields, ARPAYMENT_ORDER, 'arpaymentitem')));
}

export function applyArPaymentNode(fields: IntacctRecord): XmlNode {
  return el('apply_arpayment', recordToNodes(orderLegacyFields(fields, APPLY_ORDER, 'arpaymentitems')));
}

export function createSupdocNode(fields: IntacctRecord): XmlNode {
  return el('create_supdoc', recordToNodes(orderLegacyFields(fields, SUPDOC_ORDER, 'attachments')));
}

function dateNode(name: string, iso: string): XmlNode {
  const d = legacyDate(iso) as Record<string, string>;
  return el(name, [leaf('year', d.year ?? ''), leaf('month', d.month ?? ''), leaf('day', d.day ?? '')]);
}

export function trialBalanceNode(spec: TrialBalanceSpec): XmlNode {
  if (spec.reportingPeriodName !== undefined) {
    return el('get_trialbalance', [leaf('reportingperiodname', spec.reportingPeriodName)]);
  }
  return el('get_trialbalance', [dateNode('startdate', spec.startDate), dateNode('enddate', spec.endDate)]);
}
