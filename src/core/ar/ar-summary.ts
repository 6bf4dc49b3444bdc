import { formatAmount, Money } from '../../domain/money.ts';
import { field } from '../gl/gl-summary.ts';
import type { ChangeSet } from '../state/index.ts';

/** Invoices and payments planned for one Intacct customer in one currency. */
export interface CustomerTotal {
  readonly customer: string;
  /** The Intacct customer's name ('' when not read). */
  readonly name?: string;
  readonly currency: string;
  readonly invoices: number;
  /** Signed (credit notes negative). */
  readonly invoiceTotal: string;
  readonly payments: number;
  readonly paymentTotal: string;
}

/** What an approver sees before anything is created. */
export interface ArPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly documents: number;
  readonly receipts: number;
  readonly invoices: number;
  readonly payments: number;
  readonly skipped: number;
  /** Invoices and payments with no cross-reference found already in Intacct (linked, not sent). */
  readonly foundInIntacct: number;
  readonly exceptions: number;
  /** Payments held back because an invoice they apply to is not in Intacct (nor in this plan). */
  readonly waiting: number;
  /** Signed invoice totals per currency. */
  readonly invoiceTotalsByCurrency: Readonly<Record<string, string>>;
  readonly paymentTotalsByCurrency: Readonly<Record<string, string>>;
  /** Absolute invoice totals plus payments per currency: what an `auto` approval limit is checked against. */
  readonly volumeByCurrency: Readonly<Record<string, string>>;
  readonly totalsByCustomer: readonly CustomerTotal[];
  readonly problems: readonly { sourceKey: string; class: string; message: string; fix?: string }[];
}

const add = (m: Map<string, Money>, k: string, v: Money | string): void => {
  m.set(k, (m.get(k) ?? new Money(0)).plus(v));
};
const asJson = (m: Map<string, Money>): Record<string, string> =>
  Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([c, t]) => [c, formatAmount(t, 2)]));

/** Accumulates planned invoices and payments per Intacct customer and currency. */
export class ArTotals {
  private readonly byCustomer = new Map<string, { invoices: number; invoiceTotal: Money; payments: number; paymentTotal: Money }>();
  private readonly invoices = new Map<string, Money>();
  private readonly payments = new Map<string, Money>();
  private readonly volume = new Map<string, Money>();

  private row(customer: string, currency: string): { invoices: number; invoiceTotal: Money; payments: number; paymentTotal: Money } {
    const key = `${customer}\u0000${currency}`;
    let t = this.byCustomer.get(key);
    if (!t) {
      t = { invoices: 0, invoiceTotal: new Money(0), payments: 0, paymentTotal: new Money(0) };
      this.byCustomer.set(key, t);
    }
    return t;
  }

  addInvoice(customer: string, currency: string, total: string): void {
    const t = this.row(customer, currency);
    t.invoices++;
    t.invoiceTotal = t.invoiceTotal.plus(total);
    add(this.invoices, currency, total);
    add(this.volume, currency, new Money(total).abs());
  }

  addPayment(customer: string, currency: string, total: string): void {
    const t = this.row(customer, currency);
    t.payments++;
    t.paymentTotal = t.paymentTotal.plus(total);
    add(this.payments, currency, total);
    add(this.volume, currency, new Money(total).abs());
  }

  invoiceTotals(): Record<string, string> {
    return asJson(this.invoices);
  }

  paymentTotals(): Record<string, string> {
    return asJson(this.payments);
  }

  volumes(): Record<string, string> {
    return asJson(this.volume);
  }

  customers(): CustomerTotal[] {
    return [...this.byCustomer]
      .map(([key, t]) => {
        const [customer = '', currency = ''] = key.split('\u0000');
        return {
          customer,
          currency,
          invoices: t.invoices,
          invoiceTotal: formatAmount(t.invoiceTotal, 2),
          payments: t.payments,
          paymentTotal: formatAmount(t.paymentTotal, 2),
        };
      })
      .sort((a, b) => a.customer.localeCompare(b.customer) || a.currency.localeCompare(b.currency));
  }
}

/** The preview of a stored AR change set, rebuilt from what was saved when it was planned. */
export function arPreviewOf(cs: ChangeSet): ArPreview {
  const s = cs.summary;
  const num = (name: string): number => {
    const v = field(s, name);
    return typeof v === 'number' ? v : 0;
  };
  const rec = (name: string): Record<string, string> => (field(s, name) ?? {}) as Record<string, string>;
  return {
    changeSetId: cs.id,
    digest: cs.digest,
    documents: num('documents'),
    receipts: num('receipts'),
    invoices: num('invoices'),
    payments: num('payments'),
    skipped: num('skipped'),
    foundInIntacct: num('foundInIntacct'),
    exceptions: num('exceptions'),
    waiting: num('waiting'),
    invoiceTotalsByCurrency: rec('invoiceTotalsByCurrency'),
    paymentTotalsByCurrency: rec('paymentTotalsByCurrency'),
    volumeByCurrency: rec('volumeByCurrency'),
    totalsByCustomer: (field(s, 'totalsByCustomer') ?? []) as unknown as CustomerTotal[],
    problems: (field(s, 'problems') ?? []) as unknown as ArPreview['problems'],
  };
}
