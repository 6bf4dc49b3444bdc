import { formatAmount, Money, sumAmounts } from '../../domain/money.ts';
import { formatUsDate, periodOf } from './dates.ts';
import { checkLineDimensions, GL_DIMENSIONS, Problems, type RuleContext, type RuleOutcome } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import { lines, scalar, type FieldObject } from './xml-node.ts';
import { auditStamps } from './record-stamps.ts';
import { conversionOf, GENERIC_CURRENCY_FIELDS } from './currency-rules.ts';

/** Fields the emulator computes on GLENTRY rows; stripped when lines are rebuilt for a header-only update. */
const COMPUTED_LINE_FIELDS = [
  'RECORDNO',
  'BATCHNO',
  'LINE_NO',
  'BATCH_DATE',
  'JOURNAL',
  'STATE',
  'WHENCREATED',
  'WHENMODIFIED',
  'CREATEDBY',
  'MODIFIEDBY',
  'AMOUNT',
  'BASECURR',
];

/** Current lines of a stored batch in request shape, so header-only updates re-validate the whole entry. */
function existingEntries(ctx: RuleContext, batchRecordNo: number): FieldObject[] {
  return ctx.store.batchLines(batchRecordNo).map((e) => {
    const line: FieldObject = { ...e.data };
    for (const f of COMPUTED_LINE_FIELDS) delete line[f];
    return line;
  });
}

/**
 * Journal entry rules (reference §7.1): active journal, open period, existing active accounts and dimensions,
 * TR_TYPE 1/-1 with positive amounts, each line's currency and rate (currency-rules.ts), and debits equal to credits
 * exactly in the base currency, at the base amounts computed here (a line in another currency counts at its rate).
 */
export function glBatchRule(rec: FieldObject, ctx: RuleContext, existing?: StoredRecord): RuleOutcome {
  const p = new Problems();
  const header: FieldObject = { ...rec };
  delete header.ENTRIES;

  const journal = p.required(rec, 'JOURNAL');
  p.reference(ctx, 'JOURNAL', journal, 'GLJOURNAL', 'Journal');
  const date = p.date(rec, 'BATCH_DATE', true);
  if (date && !ctx.store.isPeriodOpen(periodOf(date))) {
    p.add(
      'BATCH_DATE',
      'Period closed',
      `The period ${periodOf(date)} for BATCH_DATE ${formatUsDate(date)} is closed or not open for posting.`,
      'Post into an open period.',
    );
  }
  if (date) header.BATCH_DATE = formatUsDate(date);
  p.required(rec, 'BATCH_TITLE');
  const state = p.oneOf(rec, 'STATE', ['Draft', 'Posted'], 'Posted');
  if (state) header.STATE = state;

  const entries = rec.ENTRIES !== undefined ? lines(rec, 'ENTRIES', 'GLENTRY') : existing ? existingEntries(ctx, existing.recordNo) : [];
  if (entries.length === 0) p.add('ENTRIES', 'Required field missing', 'A journal entry needs at least one ENTRIES/GLENTRY line.');

  const debits: Money[] = [];
  const credits: Money[] = [];
  let baseCurrency = '';
  let unconverted = false;
  const normalized: FieldObject[] = entries.map((line, i) => {
    const prefix = `ENTRIES.GLENTRY[${i + 1}].`;
    checkLineDimensions(p, ctx, line, prefix, 'ACCOUNTNO', GL_DIMENSIONS);
    const trType = scalar(line, 'TR_TYPE')?.trim();
    if (trType !== '1' && trType !== '-1') {
      p.add(`${prefix}TR_TYPE`, 'Invalid value', `${prefix}TR_TYPE must be 1 (debit) or -1 (credit), got '${trType ?? ''}'.`);
    }
    const amount = p.amount(line, 'TRX_AMOUNT', { positive: true, label: `${prefix}TRX_AMOUNT` });
    const conversion = conversionOf(p, ctx, line, GENERIC_CURRENCY_FIELDS, prefix, date);
    const base = amount && conversion ? conversion.toBase(amount) : undefined;
    if (conversion) baseCurrency = conversion.baseCurrency;
    else unconverted = true;
    if (base && (trType === '1' || trType === '-1')) (trType === '1' ? debits : credits).push(base);
    // Keep the amount text as sent (trimmed): the balance check is exact, so no rounding may sneak in here.
    return {
      ...line,
      ...(conversion ? conversion.stored : {}),
      ...(amount ? { TRX_AMOUNT: scalar(line, 'TRX_AMOUNT')!.trim() } : {}),
      ...(base ? { AMOUNT: formatAmount(base) } : {}),
    };
  });

  const d = sumAmounts(debits);
  const c = sumAmounts(credits);
  if (!unconverted && !d.equals(c)) {
    p.add(
      'ENTRIES',
      'Unbalanced entry',
      `The journal entry is not balanced in base currency ${baseCurrency}: debits ${formatAmount(d)} != credits ${formatAmount(c)} (difference ${formatAmount(d.minus(c))}).`,
      'Make the base amounts of TR_TYPE 1 lines equal those of TR_TYPE -1 lines (a foreign line counts at its exchange rate).',
    );
  }

  if (!existing) header.BATCHNO = String(ctx.store.nextSequence(`BATCHNO:${journal ?? ''}`));
  return p.outcome(header, (batch) => {
    if (existing) deleteGlBatchLines(ctx, batch);
    ctx.store.insertAll(
      'GLENTRY',
      normalized.map((line, i) => ({
        BATCHNO: String(batch.recordNo),
        LINE_NO: String(i + 1),
        JOURNAL: scalar(batch.data, 'JOURNAL') ?? '',
        BATCH_DATE: scalar(batch.data, 'BATCH_DATE') ?? '',
        STATE: scalar(batch.data, 'STATE') ?? 'Posted',
        ...line,
        AMOUNT: scalar(line, 'AMOUNT') ?? '0',
        ...auditStamps(ctx, true),
      })),
    );
  });
}

/** Deleting a batch deletes its lines. */
export function deleteGlBatchLines(ctx: RuleContext, batch: StoredRecord): void {
  for (const e of ctx.store.batchLines(batch.recordNo)) ctx.store.delete('GLENTRY', e.recordNo);
}

/** Exported for the trial balance: signed base amount of a line, debit positive. */
export function signedAmount(line: FieldObject): Money {
  const amount = new Money(scalar(line, 'AMOUNT') ?? scalar(line, 'TRX_AMOUNT') ?? '0');
  return scalar(line, 'TR_TYPE') === '-1' ? amount.negated() : amount;
}
