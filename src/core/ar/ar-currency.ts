import type { DocumentCurrency } from '../../domain/document-currency.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import { documentCurrencyFields, type CurrencyFieldNames } from '../fx/document-currency.ts';
import { DEFAULT_CURRENCY_OPTIONS, type CurrencyOptions } from '../fx/fx-check.ts';
import type { MappingEngine } from '../mapping/index.ts';

/**
 * Legacy create_invoice / create_arpayment currency elements (api.xsd 3.0 order in legacy-functions.ts). The
 * reference lists basecurr, currency, exchratedate and exchratetype for create_invoice; `exchrate` there, and all
 * five on create_arpayment (the SDK's ArPaymentCreate emits none of them), are UNCONFIRMED.
 */
const LEGACY_FIELDS: CurrencyFieldNames = {
  currency: 'currency',
  baseCurrency: 'basecurr',
  rate: 'exchrate',
  rateType: 'exchratetype',
  rateDate: 'exchratedate',
};

/** A legacy date element: `2026-06-15` → `{ year, month, day }`. */
const legacyDate = (iso: string): Record<string, string> => ({ year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10) });

/** What an AR record needs to carry its currency: its label, currency, Sage 300 rate side, amounts sent and date. */
export interface ArCurrencyInput {
  readonly label: string;
  readonly currency: string;
  readonly fx: DocumentCurrency | undefined;
  /** Signed transaction amounts as sent (lines, tax entries, applications), 2 decimals. */
  readonly amounts: readonly string[];
  /** ISO date the rate date defaults to (document or receipt date). */
  readonly date: string;
}

/**
 * The currency fields of an AR record (nothing for a home-currency one, so its payload stays as it was), or the
 * problem that keeps it from being sent: an unmapped rate type, a missing rate, or a base Intacct would book that
 * misses Sage 300's home total by more than the tolerance. `legacy` picks the lower-case legacy element names.
 */
export function arCurrencyFields(
  input: ArCurrencyInput,
  engine: Pick<MappingEngine, 'rateType'>,
  options: CurrencyOptions = DEFAULT_CURRENCY_OPTIONS,
  legacy: boolean,
):
  | { ok: true; fields: Record<string, JsonValue> }
  | { ok: false; problem: { class: 'mapping' | 'validation'; message: string; fix: string } } {
  const record = { label: input.label, currency: input.currency, fx: input.fx, lineAmounts: input.amounts, date: input.date };
  const r = legacy
    ? documentCurrencyFields(record, engine, options, LEGACY_FIELDS, legacyDate)
    : documentCurrencyFields(record, engine, options);
  if (!r.ok) return { ok: false, problem: { class: r.class, message: r.message, fix: r.fix } };
  return { ok: true, fields: r.fields as Record<string, JsonValue> };
}
