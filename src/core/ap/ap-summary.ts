import { formatAmount, Money } from '../../domain/money.ts';
import { field } from '../gl/gl-summary.ts';
import { storedPreview } from '../sync/run-summary.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet } from '../state/index.ts';

/** Bills and their signed total for one vendor in one currency, as an approver reads them. */
export interface VendorTotal {
  readonly vendor: string;
  /** The Intacct vendor's name ('' when not read). */
  readonly name?: string;
  readonly currency: string;
  readonly bills: number;
  readonly total: string;
}

/** What an approver (or the confirming requester) sees before any bill is created. */
export interface ApPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly documents: number;
  readonly toSend: number;
  /** Bills are only ever created; `updated` is always 0 and present so every pipeline's preview reads alike. */
  readonly created: number;
  readonly updated: number;
  readonly skipped: number;
  /** Documents with no cross-reference found already in Intacct by their bill's DOCNUMBER (linked, not sent again). */
  readonly foundInIntacct: number;
  readonly exceptions: number;
  /** Signed totals (credit notes negative) per currency. */
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  /** Sum of absolute bill totals per currency: what an `auto` approval limit is checked against, so credit notes cannot net a batch under it. */
  readonly volumeByCurrency: Readonly<Record<string, string>>;
  readonly totalsByVendor: readonly VendorTotal[];
  /** AP payments planned (APPYMT), payments waiting for a bill, and the applied totals per currency. */
  readonly payments: number;
  readonly paymentsWaiting: number;
  readonly paymentTotalsByCurrency: Readonly<Record<string, string>>;
  readonly problems: readonly { sourceKey: string; class: string; message: string; fix?: string }[];
}

/** Accumulates bill counts and signed totals per Intacct vendor and currency, and per currency. */
export class VendorTotals {
  private readonly byVendor = new Map<string, { bills: number; total: Money }>();
  private readonly byCurrency = new Map<string, Money>();
  private readonly volume = new Map<string, Money>();

  add(vendor: string, currency: string, total: string): void {
    const key = `${vendor}\u0000${currency}`;
    const t = this.byVendor.get(key) ?? { bills: 0, total: new Money(0) };
    t.bills++;
    t.total = t.total.plus(total);
    this.byVendor.set(key, t);
    this.byCurrency.set(currency, (this.byCurrency.get(currency) ?? new Money(0)).plus(total));
    this.volume.set(currency, (this.volume.get(currency) ?? new Money(0)).plus(new Money(total).abs()));
  }

  currencies(): Record<string, string> {
    return asJson(this.byCurrency);
  }

  volumes(): Record<string, string> {
    return asJson(this.volume);
  }

  vendors(): VendorTotal[] {
    return [...this.byVendor]
      .map(([key, t]) => {
        const [vendor = '', currency = ''] = key.split('\u0000');
        return { vendor, currency, bills: t.bills, total: formatAmount(t.total, 2) };
      })
      .sort((a, b) => a.vendor.localeCompare(b.vendor) || a.currency.localeCompare(b.currency));
  }
}

const asJson = (totals: Map<string, Money>): Record<string, string> =>
  Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)).map(([c, t]) => [c, formatAmount(t, 2)]));

/** The preview of a stored AP change set, rebuilt from what was saved when it was planned. */
export function apPreviewOf(cs: ChangeSet): ApPreview {
  const { head, num, value } = storedPreview(cs);
  return {
    ...head,
    documents: num('documents'),
    volumeByCurrency: value<Record<string, string>>('volumeByCurrency', {}),
    totalsByVendor: value<VendorTotal[]>('totalsByVendor', []),
    payments: num('payments'),
    paymentsWaiting: num('paymentsWaiting'),
    paymentTotalsByCurrency: value<Record<string, string>>('paymentTotalsByCurrency', {}),
    problems: value<ApPreview['problems']>('problems', []),
  };
}

/** A payload's DOCNUMBER (the `S300:` reference the bill is read back by). */
export function docNumberOf(payload: JsonValue): string {
  const ref = field(payload, 'DOCNUMBER');
  return typeof ref === 'string' ? ref : '';
}
