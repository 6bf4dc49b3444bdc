/** The emulated company's currencies: its base currency, the currencies enabled, and its exchange rate types. */

/** One rate of a rate type: 1 unit of `currency` = `rate` units of the base currency from `date` (ISO). */
interface RateTableEntry {
  readonly currency: string;
  readonly date: string;
  readonly rate: string;
}

/** An exchange rate type and its rate table. */
export interface RateType {
  readonly name: string;
  readonly rates: readonly RateTableEntry[];
}

export interface CurrencySettings {
  readonly baseCurrency: string;
  /** Currencies a transaction may be entered in (the base currency included). */
  readonly currencies: readonly string[];
  /** Every company has `Intacct Daily Rate`; custom types are the company's own. */
  readonly rateTypes: readonly RateType[];
}

/** The built-in company: USD base, a few currencies enabled, the daily rate type with an empty table. */
export const BUILT_IN_CURRENCY: CurrencySettings = {
  baseCurrency: 'USD',
  currencies: ['USD', 'EUR', 'CAD', 'GBP'],
  rateTypes: [{ name: 'Intacct Daily Rate', rates: [] }],
};
