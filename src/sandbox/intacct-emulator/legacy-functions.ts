import { formatAmount, sumAmounts, type Money } from '../../domain/money.ts';
import { formatUsDate, partsFromFields, type DateParts } from './dates.ts';
import { err, ERR, type ErrorEntry } from './errors.ts';
import { failure, type FunctionContext, type FunctionHandler } from './function-types.ts';
import { OBJECTS, type ObjectDef } from './objects.ts';
import { checkLineDimensions, Problems, type DimensionSpec } from './rule-helpers.ts';
import { duplicateError, insertRecord } from './write-functions.ts';
import { checkSupdocId } from './supdoc-check.ts';
import { conversionOf, LEGACY_CURRENCY_FIELDS } from './currency-rules.ts';
import { lines, scalar, toFieldObject, type FieldObject } from './xml-node.ts';

/** Legacy functions use lowercase tags and `<year/><month/><day/>` dates; both answer `<key>RECORDNO</key>`. */

const LEGACY_DIMENSIONS: readonly DimensionSpec[] = [
  { field: 'departmentid', object: 'DEPARTMENT', label: 'Department', require: 'REQUIREDEPT' },
  { field: 'locationid', object: 'LOCATION', label: 'Location', require: 'REQUIRELOC' },
  { field: 'classid', object: 'CLASS', label: 'Class', require: 'REQUIRECLASS' },
  { field: 'projectid', object: 'PROJECT', label: 'Project', require: 'REQUIREPROJECT' },
  { field: 'customerid', object: 'CUSTOMER', label: 'Customer', require: 'REQUIRECUSTOMER' },
  { field: 'vendorid', object: 'VENDOR', label: 'Vendor', require: 'REQUIREVENDOR' },
];

/** A legacy `<year><month><day>` date group: its parts, or a problem naming the field. */
export function legacyDate(p: Problems, rec: FieldObject, field: string, required: boolean): DateParts | undefined {
  const group = rec[field];
  if (group === undefined) {
    if (required) p.add(field, 'Required field missing', `${field} is required.`, `Send <${field}><year/><month/><day/></${field}>.`);
    return undefined;
  }
  const parts =
    typeof group === 'object' && !Array.isArray(group)
      ? partsFromFields(scalar(group, 'year'), scalar(group, 'month'), scalar(group, 'day'))
      : undefined;
  if (!parts) p.add(field, 'Invalid date', `${field} must contain a valid <year>, <month> and <day>.`);
  return parts;
}

const def = (name: string): ObjectDef => OBJECTS.get(name)!;

function done(ctx: FunctionContext, object: string, p: Problems, fields: FieldObject, label: string): ReturnType<FunctionHandler> {
  const outcome = p.outcome(fields);
  if (!outcome.ok) return failure([...outcome.error, err(ERR.business, '', `Could not create ${label} record!`)]);
  const rec = insertRecord(def(object), outcome, ctx);
  return { status: 'success', key: String(rec.recordNo) };
}

/**
 * A lineitem's `taxentries/taxentry` (3.0 schema: one or two per line, each a `detailid` and an optional `trx_tax`):
 * the tax detail must exist and be active, and the tax amounts are owed on the invoice like its lines.
 */
function invoiceTaxEntries(p: Problems, ctx: FunctionContext, line: FieldObject, prefix: string): Money[] {
  const entries = lines(line, 'taxentries', 'taxentry');
  if (entries.length > 2) p.add(`${prefix}taxentries`, 'Invalid value', 'A line takes at most two taxentry elements.');
  const out: Money[] = [];
  entries.forEach((entry, k) => {
    const label = `${prefix}taxentries.taxentry[${k + 1}].`;
    p.reference(ctx, `${label}detailid`, p.required(entry, 'detailid', `${label}detailid`), 'TAXDETAIL', 'Tax Detail');
    const tax = p.amount(entry, 'trx_tax', { required: false, label: `${label}trx_tax` });
    if (tax) out.push(tax);
  });
  return out;
}

/** create_invoice → ARINVOICE with TOTALDUE (lines plus their tax entries) that AR payments later reduce. */
export const createInvoiceFunction: FunctionHandler = (node, ctx) => {
  const rec = toFieldObject(node);
  const p = new Problems();
  const customerId = p.required(rec, 'customerid');
  const customer = p.reference(ctx, 'customerid', customerId, 'CUSTOMER', 'Customer');
  const created = legacyDate(p, rec, 'datecreated', true);
  const due = legacyDate(p, rec, 'datedue', false);
  const posted = legacyDate(p, rec, 'dateposted', false);
  const supdocId = scalar(rec, 'supdocid')?.trim();
  checkSupdocId(p, ctx, 'supdocid', supdocId);
  // Currency, rate type and rate as for bills; a foreign invoice's base is computed here, line by line.
  const conversion = conversionOf(p, ctx, rec, LEGACY_CURRENCY_FIELDS, '', created);
  const foreign = conversion && conversion.currency !== conversion.baseCurrency ? conversion : undefined;
  const items = lines(rec, 'invoiceitems', 'lineitem');
  if (items.length === 0) p.add('invoiceitems', 'Required field missing', 'An invoice needs at least one invoiceitems/lineitem.');
  const amounts: Money[] = [];
  const bases: Money[] = [];
  const stored = items.map((line, i) => {
    const prefix = `invoiceitems.lineitem[${i + 1}].`;
    checkLineDimensions(p, ctx, line, prefix, 'glaccountno', LEGACY_DIMENSIONS);
    const amount = p.amount(line, 'amount', { label: `${prefix}amount` });
    const taxes = invoiceTaxEntries(p, ctx, line, prefix);
    for (const a of amount ? [amount, ...taxes] : taxes) {
      amounts.push(a);
      if (foreign) bases.push(foreign.toBase(a));
    }
    const out: FieldObject = {
      LINE_NO: String(i + 1),
      ACCOUNTNO: scalar(line, 'glaccountno') ?? '',
      AMOUNT: amount ? formatAmount(foreign ? foreign.toBase(amount) : amount) : '',
      ...(foreign && amount ? { TRX_AMOUNT: formatAmount(amount) } : {}),
    };
    for (const [k, v] of Object.entries(line)) if (k !== 'glaccountno' && k !== 'amount') out[k.toUpperCase()] = v;
    return out;
  });
  const trxTotal = formatAmount(sumAmounts(amounts));
  const total = foreign ? formatAmount(sumAmounts(bases)) : trxTotal;
  const fields: FieldObject = {
    RECORDID: scalar(rec, 'invoiceno') ?? '',
    CUSTOMERID: customerId ?? '',
    CUSTOMERNAME: customer ? (scalar(customer.data, 'NAME') ?? '') : '',
    WHENCREATED: created ? formatUsDate(created) : '',
    WHENPOSTED: formatUsDate(posted ?? created ?? { year: 1970, month: 1, day: 1 }),
    WHENDUE: due ? formatUsDate(due) : '',
    TERMNAME: scalar(rec, 'termname') ?? '',
    DOCNUMBER: scalar(rec, 'ponumber') ?? '',
    DESCRIPTION: scalar(rec, 'description') ?? '',
    EXTERNALID: scalar(rec, 'externalid') ?? '',
    CURRENCY: scalar(rec, 'currency') ?? 'USD',
    // Kept under the name APBILL and GLBATCH use for the attachment record (the ARINVOICE read name is UNCONFIRMED).
    ...(supdocId ? { SUPDOCID: supdocId } : {}),
    ...(foreign ? { ...foreign.stored, TRX_TOTALENTERED: trxTotal, TRX_TOTALPAID: '0.00', TRX_TOTALDUE: trxTotal } : {}),
    TOTALENTERED: total,
    TOTALPAID: '0.00',
    TOTALDUE: total,
    STATE: 'Posted',
    ARINVOICEITEMS: { ARINVOICEITEM: stored },
  };
  return done(ctx, 'ARINVOICE', p, fields, 'Invoice');
};

/** create_potransaction → PODOCUMENT with DOCID `<transactiontype>-<docno>`; LINE_NO zero-based like real reads. */
export const createPoTransactionFunction: FunctionHandler = (node, ctx) => {
  const rec = toFieldObject(node);
  const p = new Problems();
  const type = p.required(rec, 'transactiontype');
  const created = legacyDate(p, rec, 'datecreated', true);
  const due = legacyDate(p, rec, 'datedue', false);
  const vendorId = p.required(rec, 'vendorid');
  const vendor = p.reference(ctx, 'vendorid', vendorId, 'VENDOR', 'Vendor');
  const items = lines(rec, 'potransitems', 'potransitem');
  if (items.length === 0) p.add('potransitems', 'Required field missing', 'A transaction needs at least one potransitems/potransitem.');
  const totals: Money[] = [];
  const stored = items.map((line, i) => {
    const prefix = `potransitems.potransitem[${i + 1}].`;
    // Intacct orders catalog items only: an ITEMID it does not hold (or an inactive one) refuses the line.
    p.reference(ctx, `${prefix}itemid`, p.required(line, 'itemid', `${prefix}itemid`), 'ITEM', 'Item');
    const qty = p.amount(line, 'quantity', { positive: true, label: `${prefix}quantity` });
    const price = p.amount(line, 'price', { required: false, label: `${prefix}price` });
    for (const dim of LEGACY_DIMENSIONS) p.reference(ctx, `${prefix}${dim.field}`, scalar(line, dim.field)?.trim(), dim.object, dim.label);
    const total = qty && price ? qty.times(price) : undefined;
    if (total) totals.push(total);
    return {
      LINE_NO: String(i),
      ITEMID: scalar(line, 'itemid') ?? '',
      ITEMDESC: scalar(line, 'itemdesc') ?? '',
      QUANTITY: qty?.toString() ?? '',
      UNIT: scalar(line, 'unit') ?? '',
      PRICE: price?.toString() ?? '0',
      TOTAL: total ? formatAmount(total) : '0.00',
      MEMO: scalar(line, 'memo') ?? '',
      LOCATIONID: scalar(line, 'locationid') ?? '',
      DEPARTMENTID: scalar(line, 'departmentid') ?? '',
    };
  });
  const state = p.oneOf(rec, 'state', ['Draft', 'Pending', 'Closed'], 'Pending');
  const docNo = scalar(rec, 'documentno')?.trim() || String(ctx.store.nextSequence(`DOCNO:${type ?? ''}`) + 1000);
  const docId = `${type ?? ''}-${docNo}`;
  const dupErrors: ErrorEntry[] = type && ctx.store.getById('PODOCUMENT', docId) ? [duplicateError(def('PODOCUMENT'), docId)] : [];
  if (dupErrors.length > 0) return failure([...dupErrors, err(ERR.business, '', 'Could not create Purchasing Transaction record!')]);
  const total = formatAmount(sumAmounts(totals));
  const fields: FieldObject = {
    DOCID: docId,
    DOCPARID: type ?? '',
    DOCNO: docNo,
    VENDORID: vendorId ?? '',
    VENDORNAME: vendor ? (scalar(vendor.data, 'NAME') ?? '') : '',
    WHENCREATED: created ? formatUsDate(created) : '',
    WHENDUE: due ? formatUsDate(due) : '',
    PONUMBER: scalar(rec, 'referenceno') ?? '',
    TERMNAME: scalar(rec, 'termname') ?? '',
    MESSAGE: scalar(rec, 'message') ?? '',
    EXTERNALID: scalar(rec, 'externalid') ?? '',
    STATE: state ?? '',
    SUBTOTAL: total,
    TOTAL: total,
    PODOCUMENTENTRIES: { PODOCUMENTENTRY: stored },
  };
  return done(ctx, 'PODOCUMENT', p, fields, 'Purchasing Transaction');
};
