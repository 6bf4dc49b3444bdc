import type { PeriodStatusPort } from '../ports/preview-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { PlanItem } from '../state/index.ts';

/** One member of a JSON object (a payload or a stored summary), or undefined. */
const field = (value: JsonValue | undefined, name: string): JsonValue | undefined =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, JsonValue>)[name]
    : undefined;

/** Source keys listed per closed period (all are counted). */
const KEYS_LISTED = 20;

/** The planned writes dated in one closed Intacct period: they will be rejected when sent. */
interface ClosedPeriodNotice {
  /** `yyyy-mm`. */
  readonly period: string;
  readonly items: number;
  /** The first source keys (all are counted in `items`). */
  readonly sourceKeys: readonly string[];
  readonly message: string;
  readonly fix: string;
}

/**
 * The closed-period pre-check of a plan: `checked` with the periods its writes would be refused in, `unknown` when
 * Intacct did not say (the writes are sent and a closed period still refuses them), `not_checked` when no write is
 * dated into the Intacct GL (or no pre-check is wired).
 */
export interface PeriodCheck {
  readonly status: 'checked' | 'unknown' | 'not_checked';
  /** `yyyy-mm-dd` the books are closed through; null when none or not known. */
  readonly closedThrough: string | null;
  readonly source: string;
  /** Why the status is unknown. */
  readonly reason: string | null;
  readonly closed: readonly ClosedPeriodNotice[];
  /** Writes dated in a closed period (the sum of `closed[].items`). */
  readonly rejected: number;
}

const NOT_CHECKED: PeriodCheck = { status: 'not_checked', closedThrough: null, source: '', reason: null, closed: [], rejected: 0 };

/** `yyyy-mm-dd` of a GLBATCH BATCH_DATE (`mm/dd/yyyy`), or undefined. */
function batchDate(payload: JsonValue): string | undefined {
  const v = field(payload, 'BATCH_DATE');
  const m = typeof v === 'string' ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v) : null;
  return m ? `${m[3]}-${m[1]}-${m[2]}` : undefined;
}

/**
 * Checks the journal entries (GLBATCH payloads) of a plan against the date Intacct's books are closed through, before
 * anything is approved. Bills, invoices and payments are not checked: the Intacct emulator refuses only journal entries
 * in a closed period, and whether a closed subledger refuses them through the API is not confirmed.
 */
export async function checkClosedPeriods(port: PeriodStatusPort | undefined, items: readonly PlanItem[]): Promise<PeriodCheck> {
  // A journal entry is whatever carries GLBATCH's BATCH_DATE: the GL pipeline's GLBATCH and the projects' tagging entries.
  const dated = items
    .map((i) => ({ key: i.sourceKey, date: batchDate(i.payload) }))
    .filter((d): d is { key: string; date: string } => d.date !== undefined);
  if (!port || dated.length === 0) return NOT_CHECKED;
  const read = await port.booksClosed();
  if (!read.known) return { ...NOT_CHECKED, status: 'unknown', source: read.source, reason: read.reason };
  const through = read.closedThrough;
  const byPeriod = new Map<string, string[]>();
  if (through !== null)
    for (const d of dated) {
      if (d.date > through) continue;
      const period = d.date.slice(0, 7);
      byPeriod.set(period, [...(byPeriod.get(period) ?? []), d.key]);
    }
  const closed = [...byPeriod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, keys]) => ({
      period,
      items: keys.length,
      sourceKeys: keys.slice(0, KEYS_LISTED),
      message: `will be rejected: period closed — ${keys.length} journal entries dated in ${period}, and Intacct's books are closed through ${through}`,
      fix: `reopen ${period} in Intacct (General Ledger > Books > Open) before approving, or reject this change set and post these entries in an open period`,
    }));
  return {
    status: 'checked',
    closedThrough: through,
    source: read.source,
    reason: null,
    closed,
    rejected: closed.reduce((n, c) => n + c.items, 0),
  };
}

/** The check as stored in a change set's summary (`periodCheck`), and read back (not_checked when absent). */
export function periodCheckJson(check: PeriodCheck): JsonValue {
  return check as unknown as JsonValue;
}

/** The pre-check stored in a change set's summary, or `not_checked` for one planned before it existed. */
export function storedPeriodCheck(summary: JsonValue): PeriodCheck {
  const v = field(summary, 'periodCheck');
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof field(v, 'status') === 'string'
    ? (v as unknown as PeriodCheck)
    : NOT_CHECKED;
}
