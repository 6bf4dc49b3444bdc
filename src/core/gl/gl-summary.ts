import { Money, formatAmount } from '../../domain/money.ts';
import type { JsonValue } from '../state/canonical-json.ts';

/** Debit and credit totals of one Intacct account in one currency, as an approver reads them. */
export interface AccountTotal {
  readonly account: string;
  readonly currency: string;
  readonly debit: string;
  readonly credit: string;
}

/** What an approver (or the confirming requester) sees before anything is written. */
export interface GlPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly entries: number;
  readonly toSend: number;
  /** GL entries are only ever created; `updated` is always 0 here and present so every pipeline's preview reads alike. */
  readonly created: number;
  readonly updated: number;
  readonly skipped: number;
  readonly exceptions: number;
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  readonly totalsByAccount: readonly AccountTotal[];
  readonly problems: readonly { sourceKey: string; class: string; message: string }[];
}

/** Accumulates per-account debit/credit totals from Intacct GLBATCH payloads. */
export class AccountTotals {
  private readonly totals = new Map<string, { debit: Money; credit: Money }>();

  add(payload: JsonValue): void {
    for (const line of glLines(payload)) {
      const key = `${line.account}\u0000${line.currency}`;
      const t = this.totals.get(key) ?? { debit: new Money(0), credit: new Money(0) };
      if (line.debit) t.debit = t.debit.plus(line.amount);
      else t.credit = t.credit.plus(line.amount);
      this.totals.set(key, t);
    }
  }

  toJSON(): AccountTotal[] {
    return [...this.totals]
      .map(([key, t]) => {
        const [account = '', currency = ''] = key.split('\u0000');
        return { account, currency, debit: formatAmount(t.debit, 2), credit: formatAmount(t.credit, 2) };
      })
      .sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency));
  }
}

function glLines(payload: JsonValue): { account: string; currency: string; amount: Money; debit: boolean }[] {
  const entries = field(field(payload, 'ENTRIES'), 'GLENTRY');
  if (!Array.isArray(entries)) return [];
  const text = (v: JsonValue | undefined, fallback: string): string => (typeof v === 'string' ? v : fallback);
  return (entries as JsonValue[]).map((l) => ({
    account: text(field(l, 'ACCOUNTNO'), ''),
    currency: text(field(l, 'CURRENCY'), ''),
    amount: new Money(text(field(l, 'TRX_AMOUNT'), '0')),
    debit: field(l, 'TR_TYPE') === '1',
  }));
}

/** A named member of a JSON object, or undefined. */
export function field(value: JsonValue | undefined, name: string): JsonValue | undefined {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, JsonValue>)[name] : undefined;
}
