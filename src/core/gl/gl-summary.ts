import { Money, formatAmount, formatMinorUnits, toMinorUnits } from '../../domain/money.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import { field } from '../sync/run-summary.ts';
import type { LedgerCounts } from './source-ledgers.ts';

// Stored summaries are read with the engine's reader; re-exported for the pipelines that import it from here.
export { field } from '../sync/run-summary.ts';

/** Debit and credit totals of one Intacct account in one currency, as an approver reads them. */
export interface AccountTotal {
  readonly account: string;
  /** The Intacct account title ('' when Intacct did not name it). */
  readonly title?: string;
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
  /** Debit and credit totals per Intacct department and location, with their names. */
  readonly totalsByDimension: readonly DimensionTotal[];
  readonly problems: readonly { sourceKey: string; class: string; message: string; fix: string }[];
}

/** Debit and credit totals of one department or location in one currency. */
export interface DimensionTotal {
  readonly dimension: 'department' | 'location';
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly debit: string;
  readonly credit: string;
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
  readonly department?: string;
  readonly location?: string;
}

interface Sums {
  debit: bigint;
  credit: bigint;
}

/** Accumulates per-account debit/credit totals from Intacct GLBATCH payloads, in exact cents. */
export class AccountTotals {
  private readonly totals = new Map<string, { account: string; currency: string; debit: bigint; credit: bigint }>();
  private readonly dims = new Map<string, { dimension: 'department' | 'location'; id: string; currency: string } & Sums>();

  add(payload: JsonValue): void {
    const entries = field(field(payload, 'ENTRIES'), 'GLENTRY');
    if (!Array.isArray(entries)) return;
    for (const l of entries as JsonValue[]) {
      this.addPosting({
        account: text(field(l, 'ACCOUNTNO'), ''),
        currency: text(field(l, 'CURRENCY'), ''),
        cents: centsOf(text(field(l, 'TRX_AMOUNT'), '0')),
        debit: field(l, 'TR_TYPE') === '1',
        ...(typeof field(l, 'DEPARTMENT') === 'string' ? { department: text(field(l, 'DEPARTMENT'), '') } : {}),
        ...(typeof field(l, 'LOCATION') === 'string' ? { location: text(field(l, 'LOCATION'), '') } : {}),
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
    if (p.department) this.addDimension('department', p.department, p);
    if (p.location) this.addDimension('location', p.location, p);
  }

  private addDimension(dimension: 'department' | 'location', id: string, p: AccountPosting): void {
    const key = `${dimension}\u0000${id}\u0000${p.currency}`;
    let t = this.dims.get(key);
    if (!t) this.dims.set(key, (t = { dimension, id, currency: p.currency, debit: 0n, credit: 0n }));
    if (p.debit) t.debit += p.cents;
    else t.credit += p.cents;
  }

  /** The ids of every account, department and location counted (for looking up their names). */
  ids(): { account: string[]; department: string[]; location: string[] } {
    const of = (d: 'department' | 'location') => [...new Set([...this.dims.values()].filter((t) => t.dimension === d).map((t) => t.id))];
    return {
      account: [...new Set([...this.totals.values()].map((t) => t.account))],
      department: of('department'),
      location: of('location'),
    };
  }

  /** Department and location totals, named by `names` (id → name; the id again when unnamed). */
  dimensionsJSON(names: { department: ReadonlyMap<string, string>; location: ReadonlyMap<string, string> }): DimensionTotal[] {
    return [...this.dims.values()]
      .map((t) => ({
        dimension: t.dimension,
        id: t.id,
        name: names[t.dimension].get(t.id) ?? '',
        currency: t.currency,
        debit: formatMinorUnits(t.debit, 2),
        credit: formatMinorUnits(t.credit, 2),
      }))
      .sort((a, b) => a.dimension.localeCompare(b.dimension) || a.id.localeCompare(b.id) || a.currency.localeCompare(b.currency));
  }

  toJSON(titles: ReadonlyMap<string, string> = new Map()): AccountTotal[] {
    return [...this.totals.values()]
      .map((t) => ({
        account: t.account,
        // Present only when Intacct named the account (a plan without the names read keeps the bare shape).
        ...(titles.has(t.account) ? { title: titles.get(t.account) ?? '' } : {}),
        currency: t.currency,
        debit: formatMinorUnits(t.debit, 2),
        credit: formatMinorUnits(t.credit, 2),
      }))
      .sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency));
  }
}

const text = (v: JsonValue | undefined, fallback: string): string => (typeof v === 'string' ? v : fallback);
