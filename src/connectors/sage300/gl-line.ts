/**
 * GLPOST row → GL source line. A well-formed row (text CHAR columns, safe-integer numbers, a valid date, amounts that
 * parse) is mapped straight from the row, with no Decimal built when the amount text is already at 3 places; any other
 * row goes through normaliseGlPosting, so its line or row error is exactly the general reader's.
 */
import type { GlSourceLine } from '../../core/ports/gl-ports.ts';
import { fixedAmountText, isAmountText, parseAmount } from '../../domain/money.ts';
import { rtrim, sageDateToIso } from './normalise.ts';
import { normaliseGlPosting } from './normalise-gl.ts';
import type { SqlRow } from './sql-backend.ts';
import type { GlPosting } from './types.ts';

export type GlLineResult =
  { readonly ok: true; readonly line: GlSourceLine } | { readonly ok: false; readonly key: string; readonly message: string };

function toLine(p: GlPosting, date: string): GlSourceLine {
  return {
    batch: p.batchNumber,
    entry: p.entryNumber,
    line: p.transactionNumber,
    postingSeq: p.postingSequence,
    account: p.accountFormatted,
    accountId: p.accountId,
    date,
    fiscalYear: p.fiscalYear,
    fiscalPeriod: p.fiscalPeriod,
    amount: p.amount.toFixed(3),
    currency: p.sourceCurrency || 'USD',
    description: p.description,
    reference: p.reference,
    sourceLedger: p.sourceLedger,
    sourceType: p.sourceType,
    fx: {
      sourceCurrency: p.sourceCurrencyCode || p.sourceCurrency || 'USD',
      sourceAmount: p.sourceAmount.toFixed(3),
      homeCurrency: p.homeCurrency || 'USD',
      rateType: p.rateType,
      rateDate: p.rateDate,
      rate: p.rate.toFixed(),
      rateOperator: p.rateOperator || '1',
    },
  };
}

/** Every check of normaliseGlPosting, then the line; a posted line without a journal date is a row error. */
export function glLineOfPosting(row: SqlRow): GlLineResult {
  const r = normaliseGlPosting(row);
  if (!r.ok) return { ok: false, key: `${r.error.table}:${r.error.key}`, message: r.error.message };
  const p = r.value;
  if (p.journalDate === null) {
    return {
      ok: false,
      key: `GLPOST:${p.postingSequence}/${p.batchNumber}/${p.entryNumber}/${p.transactionNumber}`,
      message: 'JRNLDATE is 0 (no journal date)',
    };
  }
  return { ok: true, line: toLine(p, p.journalDate) };
}

/** RowReader.char for a text value (undefined for anything else); the SQL already RTRIMs, so most values have no padding. */
function charOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  return v.length === 0 || v.charCodeAt(v.length - 1) !== 32 ? v : rtrim(v);
}

const intOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);

// A period's lines share a few dozen journal dates; sageDateToIso builds a Date per call. Only valid dates are kept.
const isoDates = new Map<number, string>();
function isoDateOf(v: unknown): string | undefined {
  if (typeof v !== 'number') return undefined;
  const known = isoDates.get(v);
  if (known !== undefined) return known;
  const iso = Number.isSafeInteger(v) ? sageDateToIso(v) : undefined;
  if (typeof iso !== 'string') return undefined;
  if (isoDates.size >= 4096) isoDates.clear();
  isoDates.set(v, iso);
  return iso;
}

const amountOk = (v: unknown): boolean => typeof v === 'string' && isAmountText(v);

/** The GL source's line for one GLPOST row (columns as in GLPOST_COLS): the same result as `glLineOfPosting`. */
export function glLineOf(row: SqlRow): GlLineResult {
  const postingSeq = intOf(row.POSTINGSEQ);
  const batch = charOf(row.BATCHNBR);
  const entry = charOf(row.ENTRYNBR);
  const line = intOf(row.TRANSNBR);
  const accountId = charOf(row.ACCTID);
  const formatted = row.ACCTFMTTD === null || row.ACCTFMTTD === undefined ? null : charOf(row.ACCTFMTTD);
  const fiscalYear = charOf(row.FISCALYR);
  const fiscalPeriod = charOf(row.FISCALPERD);
  const date = isoDateOf(row.JRNLDATE);
  const sourceLedger = charOf(row.SRCELEDGER);
  const sourceType = charOf(row.SRCETYPE);
  const currency = charOf(row.SRCECURN);
  const amount = typeof row.TRANSAMT === 'string' ? fixedAmountText(row.TRANSAMT, 3) : undefined;
  const description = charOf(row.JNLDTLDESC);
  const reference = charOf(row.JNLDTLREF);
  const sourceCurrency = charOf(row.SCURNCODE);
  const homeCurrency = charOf(row.HCURNCODE);
  const rateType = charOf(row.RATETYPE);
  const rateOperator = charOf(row.RATEOPER);
  const rateDate = row.RATEDATE === 0 ? null : isoDateOf(row.RATEDATE);
  const sourceAmount = typeof row.SCURNAMT === 'string' ? fixedAmountText(row.SCURNAMT, 3) : undefined;
  const rate = typeof row.CONVRATE === 'string' && isAmountText(row.CONVRATE) ? parseAmount(row.CONVRATE)?.toFixed() : undefined;
  if (
    postingSeq === undefined ||
    batch === undefined ||
    entry === undefined ||
    line === undefined ||
    intOf(row.CNTDETAIL) === undefined ||
    accountId === undefined ||
    formatted === undefined ||
    fiscalYear === undefined ||
    fiscalPeriod === undefined ||
    date === undefined ||
    sourceLedger === undefined ||
    sourceType === undefined ||
    currency === undefined ||
    amount === undefined ||
    !amountOk(row.TRANSQTY) ||
    sourceAmount === undefined ||
    sourceCurrency === undefined ||
    homeCurrency === undefined ||
    rateType === undefined ||
    rateOperator === undefined ||
    rateDate === undefined ||
    rate === undefined ||
    description === undefined ||
    reference === undefined ||
    charOf(row.DRILAPP) === undefined ||
    intOf(row.DRILLDWNLK) === undefined
  ) {
    return glLineOfPosting(row);
  }
  return {
    ok: true,
    line: {
      batch,
      entry,
      line,
      postingSeq,
      account: formatted,
      accountId,
      date,
      fiscalYear,
      fiscalPeriod,
      amount,
      currency: currency || 'USD',
      description,
      reference,
      sourceLedger,
      sourceType,
      fx: {
        sourceCurrency: sourceCurrency || currency || 'USD',
        sourceAmount,
        homeCurrency: homeCurrency || 'USD',
        rateType,
        rateDate,
        rate,
        rateOperator: rateOperator || '1',
      },
    },
  };
}
