/**
 * Currency fields of a transaction (reference §7.1, §7.4-§7.6): the currency must be enabled for the company, a rate
 * type must exist, and a foreign amount needs a rate, sent or found in the rate type's table for the exchange rate
 * date. The base amount is computed here from what was received, never taken from the request.
 */
import { Money, parseAmount } from '../../domain/money.ts';
import { INTACCT_BEHAVIOURS_SCHEMA, type IntacctBehaviours } from './behaviours.ts';
import { BUILT_IN_CURRENCY, type CurrencySettings, type RateType } from './currency-settings.ts';
import { dateKey, formatUsDate, partsFromFields, parseUsDate, type DateParts } from './dates.ts';
import type { Problems, RuleContext } from './rule-helpers.ts';
import { scalar, type FieldObject } from './xml-node.ts';

/** Where a record keeps its currency fields: generic objects in capitals, legacy functions in lower case. */
interface CurrencyFieldNames {
  readonly currency: string;
  readonly rate: string;
  readonly rateType: string;
  readonly rateDate: string;
  /** Legacy dates are `<year/><month/><day/>` groups. */
  readonly legacy: boolean;
}

export const GENERIC_CURRENCY_FIELDS: CurrencyFieldNames = {
  currency: 'CURRENCY',
  rate: 'EXCHANGE_RATE',
  rateType: 'EXCH_RATE_TYPE_ID',
  rateDate: 'EXCH_RATE_DATE',
  legacy: false,
};

/** Legacy create_invoice / create_arpayment elements (api.xsd 3.0); the rate date is a `<year/><month/><day/>` group. */
export const LEGACY_CURRENCY_FIELDS: CurrencyFieldNames = {
  currency: 'currency',
  rate: 'exchrate',
  rateType: 'exchratetype',
  rateDate: 'exchratedate',
  legacy: true,
};

/** How a record's transaction amounts become base amounts. */
export interface Conversion {
  readonly currency: string;
  readonly baseCurrency: string;
  /** 1 for a base-currency record. */
  readonly rate: Money;
  readonly rateType: string;
  /** mm/dd/yyyy, '' for a base-currency record. */
  readonly rateDate: string;
  /** The base amount of a transaction amount, kept at 2 decimals by the tenant's rounding. */
  toBase(amount: Money): Money;
  /** The fields stored on the record (generic names, as reads return them). */
  readonly stored: FieldObject;
}

const DAILY = 'Intacct Daily Rate';

function settingsOf(ctx: RuleContext): { currency: CurrencySettings; behaviours: IntacctBehaviours } {
  return { currency: ctx.currency ?? BUILT_IN_CURRENCY, behaviours: ctx.behaviours ?? INTACCT_BEHAVIOURS_SCHEMA.parse({}) };
}

function rateDateOf(p: Problems, rec: FieldObject, names: CurrencyFieldNames, label: string): DateParts | undefined | null {
  const raw = rec[names.rateDate];
  if (raw === undefined || raw === '') return null;
  const parts = names.legacy
    ? typeof raw === 'object' && !Array.isArray(raw)
      ? partsFromFields(scalar(raw, 'year'), scalar(raw, 'month'), scalar(raw, 'day'))
      : undefined
    : parseUsDate(scalar(rec, names.rateDate));
  if (!parts)
    p.add(
      label,
      'Invalid date',
      `${label} is not a valid exchange rate date.`,
      names.legacy ? 'Send <year/><month/><day/>.' : 'Use mm/dd/yyyy.',
    );
  return parts;
}

/** The rate of `type` for `currency` on `date` from its table, under the `missingRate` switch. */
function tableRate(type: RateType, currency: string, date: DateParts, behaviours: IntacctBehaviours): Money | undefined {
  const key = dateKey(date);
  const rows = type.rates.filter((r) => r.currency === currency);
  const exact = rows.find((r) => r.date === key);
  if (exact) return parseAmount(exact.rate);
  if (behaviours.missingRate === 'reject') return undefined;
  const earlier = rows.filter((r) => r.date < key).sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  return earlier ? parseAmount(earlier.rate) : undefined;
}

/**
 * Validates a record's currency fields; `prefix` names them in errors (e.g. `ENTRIES.GLENTRY[2].`) and `fallbackDate`
 * is the date a missing exchange rate date defaults to (the transaction date). undefined when a problem was added.
 */
export function conversionOf(
  p: Problems,
  ctx: RuleContext,
  rec: FieldObject,
  names: CurrencyFieldNames,
  prefix: string,
  fallbackDate: DateParts | undefined,
): Conversion | undefined {
  const { currency: settings, behaviours } = settingsOf(ctx);
  const base = settings.baseCurrency;
  const currency = scalar(rec, names.currency)?.trim() || base;
  const errorsBefore = p.errors.length;
  if (!settings.currencies.includes(currency)) {
    p.add(
      `${prefix}${names.currency}`,
      'Invalid currency',
      `Currency '${currency}' is not set up for this company.`,
      `Use one of: ${settings.currencies.join(', ')}, or enable the currency in Intacct.`,
    );
  }
  const typeName = scalar(rec, names.rateType)?.trim() ?? '';
  const type = settings.rateTypes.find((t) => t.name.toLowerCase() === (typeName || DAILY).toLowerCase());
  if (typeName && !type) {
    p.add(
      `${prefix}${names.rateType}`,
      'Invalid exchange rate type',
      `Exchange rate type '${typeName}' does not exist.`,
      `Use one of: ${settings.rateTypes.map((t) => t.name).join(', ')}.`,
    );
  }
  const rateText = scalar(rec, names.rate)?.trim() ?? '';
  const sentRate = rateText ? parseAmount(rateText) : undefined;
  if (rateText && (sentRate === undefined || !sentRate.greaterThan(0))) {
    p.add(`${prefix}${names.rate}`, 'Invalid exchange rate', `'${rateText}' is not a valid exchange rate.`, 'Send a positive decimal.');
  }
  if (rateText && typeName && behaviours.rateTypeWithRate === 'either-or') {
    p.add(
      `${prefix}${names.rateType}`,
      'Invalid exchange rate',
      `Provide either ${names.rateType} or ${names.rate}, not both.`,
      `Remove ${names.rateType} to use the rate given, or ${names.rate} to use the rate type's rate.`,
    );
  }
  const date = rateDateOf(p, rec, names, `${prefix}${names.rateDate}`);
  if (p.errors.length > errorsBefore) return undefined;
  const rateDate = date ?? fallbackDate;
  let rate = new Money(1);
  if (currency !== base) {
    const found = sentRate ?? (type && rateDate ? tableRate(type, currency, rateDate, behaviours) : undefined);
    if (found === undefined) {
      p.add(
        `${prefix}${names.rate}`,
        'Exchange rate missing',
        `No exchange rate for ${currency} to ${base} on ${rateDate ? formatUsDate(rateDate) : 'the transaction date'} in rate type '${type?.name ?? DAILY}'.`,
        `Send ${names.rate}, or add the rate to the exchange rate type.`,
      );
      return undefined;
    }
    rate = found;
  }
  const rounding = behaviours.baseRounding === 'half-even' ? Money.ROUND_HALF_EVEN : Money.ROUND_HALF_UP;
  const usRateDate = currency !== base && rateDate ? formatUsDate(rateDate) : '';
  return {
    currency,
    baseCurrency: base,
    rate,
    rateType: currency !== base ? (type?.name ?? DAILY) : '',
    rateDate: usRateDate,
    toBase: (amount) => amount.times(rate).toDecimalPlaces(2, rounding),
    stored: {
      CURRENCY: currency,
      BASECURR: base,
      ...(currency !== base
        ? {
            EXCHANGE_RATE: rate.toFixed(),
            EXCH_RATE_DATE: usRateDate,
            EXCH_RATE_TYPE_ID: sentRate ? typeName || 'Custom' : (type?.name ?? DAILY),
          }
        : {}),
    },
  };
}
