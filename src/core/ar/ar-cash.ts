import { formatAmount, Money } from '../../domain/money.ts';
import type { ArSourceApply, ArSourceCash } from '../ports/ar-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { CurrencyOptions } from '../fx/fx-check.ts';
import type { MappingEngine } from '../mapping/index.ts';
import { arCurrencyFields } from './ar-currency.ts';
import { arSourceKey, s300Reference } from './ar-keys.ts';
import type { ArProblem } from './ar-transform.ts';

/** Outbox key prefix of an unapplied payment (a prepayment or unapplied cash): an ARPYMT in Intacct like a receipt. */
export const AR_CASH_KEY_PREFIX = 'ar-cash:';
/** Cross-reference object of a Sage 300 apply entry once Intacct applied it. */
export const AR_APPLY_OBJECT = 'ARAPPLY';

/** Outbox key of an unapplied payment: deterministic from its ARTCR key. */
export const arCashKey = (receiptKey: string): string => `${AR_CASH_KEY_PREFIX}${receiptKey}`;
/** Outbox key of an apply entry. */
export const arApplyKey = (receiptKey: string): string => `ar-apply:${receiptKey}`;

/**
 * A prepayment or unapplied cash as an Intacct payment with no applications (legacy create_arpayment; api.xsd 3.0
 * makes arpaymentitem optional): the amount stays on the customer as a credit until an apply entry uses it. The
 * refid carries the `S300:` reference (read back as the payment's DOCNUMBER). That Intacct keeps an item-less payment
 * as an available credit is UNCONFIRMED: the emulator's `arPaymentWithoutItems` switch can refuse it.
 */
export function transformCash(
  c: ArSourceCash,
  customerId: string,
  receiptKey: string,
  engine: Pick<MappingEngine, 'rateType'>,
  currency?: CurrencyOptions,
): { ok: true; value: { payload: JsonValue; total: string } } | { ok: false; problem: ArProblem } {
  const amount = formatAmount(new Money(c.amount), 2);
  // A foreign credit carries its currency and rate; a home-currency one stays as it was (no currency element).
  const fx = arCurrencyFields(
    {
      label: `${c.kind.replace('_', ' ')} ${receiptKey} (${c.receiptNumber})`,
      currency: c.currency,
      fx: c.fx,
      amounts: [amount],
      date: c.receiptDate,
    },
    engine,
    currency,
    true,
  );
  if (!fx.ok) return fx;
  return {
    ok: true,
    value: {
      total: amount,
      payload: {
        customerid: customerId,
        paymentamount: amount,
        ...(c.bankCode ? { bankaccountid: c.bankCode } : {}),
        refid: s300Reference(receiptKey),
        datereceived: c.receiptDate,
        paymentmethod: 'Printed Check',
        ...fx.fields,
      },
    },
  };
}

/** One application of a credit before it is sent: invoice and credit by Sage 300 source key (RECORDNOs swapped in at send time). */
export interface ApplyItem {
  readonly INVOICE: string;
  readonly amount: string;
}

/**
 * An apply entry as legacy apply_arpayment: the credit (`CASH`, the source key of the prepayment's payment) applied to
 * each invoice for its amount on the Sage 300 apply date. Keys are swapped for RECORDNOs just before sending.
 */
export function transformApply(a: ArSourceApply, company: string, cashKey: string): JsonValue {
  const items: ApplyItem[] = a.applications.map((x) => ({
    INVOICE: arSourceKey(company, a.customerId, x.documentNumber),
    amount: formatAmount(new Money(x.amount), 2),
  }));
  return {
    CASH: cashKey,
    paymentdate: a.date,
    memo: `Sage 300 applies ${a.cashDocument}`.slice(0, 100),
    ITEMS: items as unknown as JsonValue,
  };
}

/** The apply entry's items of a stored payload. */
export function applyItemsOf(payload: JsonValue): ApplyItem[] {
  const items = (payload as { ITEMS?: unknown }).ITEMS;
  return (Array.isArray(items) ? items : []) as ApplyItem[];
}
