/**
 * The currency fields of an Intacct bill or invoice from a Sage 300 document (APIBH/ARIBH CODECURN, RATETYPE,
 * DATERATE, EXCHRATEHC): nothing for a home-currency document; for a foreign one the transaction currency, the
 * base currency, Sage 300's rate and rate date and the mapped rate type, after checking that the base Intacct
 * computes line by line adds up to the home total Sage 300 computes for the document, within the tolerance.
 */
import type { DocumentCurrency } from '../../domain/document-currency.ts';
import { formatAmount, Money } from '../../domain/money.ts';
import type { CodeLookups } from '../mapping/lookups.ts';
import { checkConversion, intacctRate, usDate, type CurrencyOptions } from './fx-check.ts';

/** Intacct's field names for the currency of a record. */
export interface CurrencyFieldNames {
  readonly currency: string;
  readonly baseCurrency: string;
  readonly rate: string;
  readonly rateType: string;
  readonly rateDate: string;
}

/** Generic APBILL / ARPYMT names (reference §7.4, §7.6). */
const GENERIC_FIELDS: CurrencyFieldNames = {
  currency: 'CURRENCY',
  baseCurrency: 'BASECURR',
  rate: 'EXCHANGE_RATE',
  rateType: 'EXCH_RATE_TYPE_ID',
  rateDate: 'EXCH_RATE_DATE',
};

/**
 * The fields to add to the record, or the problem (class mapping for an unmapped rate type, validation otherwise).
 * `lineAmounts` are the signed transaction amounts sent, 2 decimals; `date` is the document date (ISO), the rate
 * date when Sage 300 holds none. `legacyDate` renders a date for legacy functions (`<year/><month/><day/>`).
 */
export function documentCurrencyFields(
  input: {
    readonly label: string;
    readonly currency: string;
    readonly fx: DocumentCurrency | undefined;
    readonly lineAmounts: readonly string[];
    readonly date: string;
  },
  engine: Pick<CodeLookups, 'rateType'>,
  options: CurrencyOptions,
  names: CurrencyFieldNames = GENERIC_FIELDS,
  legacyDate?: (iso: string) => Record<string, string>,
): { ok: true; fields: Record<string, unknown> } | { ok: false; class: 'mapping' | 'validation'; message: string; fix: string } {
  const fx = input.fx;
  if (!fx || input.currency === fx.homeCurrency) return { ok: true, fields: {} };
  const type = engine.rateType(fx.rateType);
  if (!type.ok) return { ok: false, class: 'mapping', message: `${input.label}: ${type.error.message}`, fix: type.error.fix };
  const rate = intacctRate(fx.rate, '1');
  const total = input.lineAmounts.reduce((s, a) => s.plus(a), new Money(0));
  // Sage 300's home total of the document: the whole amount at its rate, rounded once.
  const home = rate ? total.times(rate).toDecimalPlaces(2, Money.ROUND_HALF_UP) : new Money(0);
  // Intacct converts each line and keeps each at 2 decimals; the sum is what its base total will be.
  const checked = input.lineAmounts.map((a) =>
    checkConversion(
      {
        currency: input.currency,
        homeCurrency: fx.homeCurrency,
        amount: a,
        homeAmount: a,
        rate: fx.rate,
        rateOperator: '1',
        label: input.label,
      },
      { ...options, baseTolerance: '1000000000' },
    ),
  );
  const failed = checked.find((c) => !c.ok);
  if (failed && !failed.ok) return { ok: false, class: 'validation', message: failed.problem.message, fix: failed.problem.fix };
  const base = checked.reduce(
    (s, c, i) => (c.ok ? s.plus(new Money(input.lineAmounts[i]!).isNegative() ? c.value.base.negated() : c.value.base) : s),
    new Money(0),
  );
  const difference = base.minus(home);
  if (difference.abs().greaterThan(options.baseTolerance)) {
    return {
      ok: false,
      class: 'validation',
      message:
        `${input.label}: Intacct would book ${input.currency} ${formatAmount(total)} at ${rate!.toFixed()} as ${fx.homeCurrency} ${formatAmount(base)} (line by line), ` +
        `Sage 300's home total is ${formatAmount(home)} (difference ${formatAmount(difference)}, tolerance ${options.baseTolerance})`,
      fix: 'correct the rate or split the lines in Sage 300 so the line amounts convert to the home total; or raise sage300.companies[].currency.baseTolerance',
    };
  }
  const rateDate = fx.rateDate ?? input.date;
  return {
    ok: true,
    fields: {
      [names.baseCurrency]: fx.homeCurrency,
      [names.currency]: input.currency,
      [names.rateDate]: legacyDate ? legacyDate(rateDate) : usDate(rateDate),
      ...(options.rateFields === 'type-and-rate' ? { [names.rateType]: type.value } : {}),
      [names.rate]: rate!.toFixed(),
    },
  };
}
