import { formatAmount, sumAmounts, type Money } from '../../domain/money.ts';
import { formatUsDate } from './dates.ts';
import { checkLineDimensions, LINE_DIMENSIONS, Problems, type RuleContext, type RuleOutcome } from './rule-helpers.ts';
import { lines, scalar, type FieldObject } from './xml-node.ts';
import { checkSupdocId } from './supdoc-check.ts';
import { conversionOf, GENERIC_CURRENCY_FIELDS } from './currency-rules.ts';

/**
 * AP bill rules (reference §7.4): VENDORID/WHENCREATED/WHENDUE required unless ACTION is Draft, at least one
 * APBILLITEM with an existing active account and an amount; the currency and rate checked as for journal lines;
 * totals (transaction and base) are computed here, never trusted from input.
 */
export function apBillRule(rec: FieldObject, ctx: RuleContext): RuleOutcome {
  const p = new Problems();
  const fields: FieldObject = { ...rec };
  const action = p.oneOf(rec, 'ACTION', ['Submit', 'Draft'], 'Submit');
  const draft = action === 'Draft';

  const vendorId = draft ? scalar(rec, 'VENDORID')?.trim() : p.required(rec, 'VENDORID');
  const vendor = p.reference(ctx, 'VENDORID', vendorId, 'VENDOR', 'Vendor');
  if (vendor) fields.VENDORNAME = scalar(vendor.data, 'NAME') ?? '';
  const created = p.date(rec, 'WHENCREATED', !draft);
  const due = p.date(rec, 'WHENDUE', !draft);
  const posted = p.date(rec, 'WHENPOSTED', false);
  if (created) fields.WHENCREATED = formatUsDate(created);
  if (due) fields.WHENDUE = formatUsDate(due);
  if (posted ?? created) fields.WHENPOSTED = formatUsDate((posted ?? created)!);

  checkSupdocId(p, ctx, 'SUPDOCID', scalar(rec, 'SUPDOCID'));

  const conversion = conversionOf(p, ctx, rec, GENERIC_CURRENCY_FIELDS, '', created);
  if (conversion) Object.assign(fields, conversion.stored);
  const items = lines(rec, 'APBILLITEMS', 'APBILLITEM');
  if (items.length === 0) p.add('APBILLITEMS', 'Required field missing', 'A bill needs at least one APBILLITEMS/APBILLITEM line.');
  const amounts: Money[] = [];
  const bases: Money[] = [];
  const normalized = items.map((line, i) => {
    const prefix = `APBILLITEMS.APBILLITEM[${i + 1}].`;
    checkLineDimensions(p, ctx, line, prefix, 'ACCOUNTNO', LINE_DIMENSIONS);
    const amount = p.amount(line, 'TRX_AMOUNT', { label: `${prefix}TRX_AMOUNT` });
    // Each line is converted on its own and kept at 2 decimals; the bill's base total is the sum of its lines.
    const base = amount && conversion ? conversion.toBase(amount) : undefined;
    if (amount) amounts.push(amount);
    if (base) bases.push(base);
    return {
      ...line,
      LINE_NO: String(i + 1),
      ...(amount ? { TRX_AMOUNT: formatAmount(amount) } : {}),
      ...(base ? { AMOUNT: formatAmount(base) } : {}),
    };
  });
  const trxTotal = formatAmount(sumAmounts(amounts));
  const total = formatAmount(sumAmounts(bases));
  fields.APBILLITEMS = { APBILLITEM: normalized };
  fields.TRX_TOTALENTERED = trxTotal;
  fields.TRX_TOTALDUE = trxTotal;
  fields.TOTALENTERED = total;
  fields.TOTALPAID = '0.00';
  fields.TOTALDUE = total;
  fields.STATE = draft ? 'Draft' : 'Posted';
  delete fields.ACTION;
  return p.outcome(fields);
}
