import { Money, formatAmount, formatMinorUnits, toMinorUnits } from '../../domain/money.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import { field } from '../sync/run-summary.ts';
import type { LedgerCounts } from './source-ledgers.ts';

// Stored summaries are read with the engine's reader; re-exported for the pipelines that import it from here.
export { field } from '../sync/run-summary.ts';

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
  /** Entries with no cross-reference found already in Intacct by their REFERENCENO (linked, not sent again). */
  readonly foundInIntacct: number;
  readonly exceptions: number;
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  readonly totalsByAccount: readonly AccountTotal[];
  /** Source ledgers left out because another enabled pipeline replicates them, and any override that sends them. */
  readonly sourceLedgers: LedgerCounts;
  readonly problems: readonly { sourceKey: string; class: string; message: string }[];
}

/** Minor units (cents) of a payload amount; exact for any decimal text, through Decimal only when it is unusual. */
function centsOf(text: string): bigint {
  return toMinorUnits(text, 2) ?? BigInt(formatAmount(new Money(text).times(100), 0));
}

/** One line of a GL payload as the preview counts it: its Intacct account, currency, amount in cents and side. */
export interface AccountPosting {
  readonly account: string;
  readonly currency: string;
  readonly cents: bigint;
  readonly debit: boolean;
}

/** Accumulates per-account debit/credit totals from Intacct GLBATCH payloads, in exact cents. */
export class AccountTotals {
  private readonly totals = new Map<string, { account: string; currency: string; debit: bigint; credit: bigint }>();

  add(payload: JsonValue): void {
    const entries = field(field(payload, 'ENTRIES'), 'GLENTRY');
    if (!Array.isArray(entries)) return;
    for (const l of entries as JsonValue[]) {
      this.addPosting({
        account: text(field(l, 'ACCOUNTNO'), ''),
        currency: text(field(l, 'CURRENCY'), ''),
        cents: centsOf(text(field(l, 'TRX_AMOUNT'), '0')),
        debit: field(l, 'TR_TYPE') === '1',
      });
    }
  }

  /** One line as the transform produced it, without reading it back from the payload. */
  addPosting(p: AccountPosting): void {
    const key = `${p.account}\u0000${p.currency}`;
    let t = this.totals.get(key);
    if (!t) this.totals.set(key, (t = { account: p.account, currency: p.currency, debit: 0n, credit: 0n }));
    if (p.debit) t.debit += p.cents;
    else t.credit += p.cents;
  }

  toJSON(): AccountTotal[] {
    return [...this.totals.values()]
      .map((t) => ({
        account: t.account,
        currency: t.currency,
        debit: formatMinorUnits(t.debit, 2),
        credit: formatMinorUnits(t.credit, 2),
      }))
      .sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency));
  }
}

const text = (v: JsonValue | undefined, fallback: string): string => (typeof v === 'string' ? v : fallback);
