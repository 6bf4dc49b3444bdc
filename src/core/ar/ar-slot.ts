import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry, StateStore } from '../state/index.ts';

const LIVE = new Set(['approved', 'sending', 'unknown', 'confirmed']);

/** Where a source record stands in the outbox before it is planned again. */
export type Slot =
  | { readonly kind: 'busy'; readonly note: string }
  | { readonly kind: 'free'; readonly idempotencyKey: string }
  /** A write of this pipeline that may already have landed (left approved/sending/unknown): resent with its own key and payload only. */
  | { readonly kind: 'resend'; readonly idempotencyKey: string; readonly payload: JsonValue };

/**
 * The outbox key a record may be planned under, or why it must be left alone (the AR invoice contract):
 * - confirmed -> busy; a row of this pipeline left approved, sending or unknown (a crash or a cancelled call) ->
 *   resent with its own key and stored payload, never re-planned (Intacct's uniqueid check makes that safe);
 *   the same row of another pipeline -> busy (that flow resends it);
 * - a row planned in a pending change set of another pipeline -> busy (that flow owns it until decided);
 * - otherwise the planned/failed row with the same payload is reused (re-approved); a changed payload after a
 *   definite failure or a rejection gets `keyFor(n)`, n = the number of rows so far (deterministic for every flow).
 */
export function slotFor(
  store: StateStore,
  sourceSystem: string,
  sourceKey: string,
  objectType: string,
  pipeline: string,
  payload: JsonValue,
  keyFor: (attempt: number) => string,
): Slot {
  const rows: OutboxEntry[] = store.outbox.bySource(sourceSystem, sourceKey).filter((e) => e.objectType === objectType);
  const live = rows.find((e) => LIVE.has(e.state));
  if (live && live.state !== 'confirmed' && store.changeSets.get(live.changeSetId)?.pipeline === pipeline)
    return { kind: 'resend', idempotencyKey: live.idempotencyKey, payload: live.payload };
  if (live)
    return {
      kind: 'busy',
      note: `already ${live.state === 'confirmed' ? 'written' : `in flight (${live.state})`} by change set ${live.changeSetId}`,
    };
  for (const row of rows.filter((e) => e.state === 'planned')) {
    const cs = store.changeSets.get(row.changeSetId);
    if (cs && cs.pipeline !== pipeline && cs.status === 'planned')
      return { kind: 'busy', note: `already planned in change set ${cs.id} (${cs.pipeline}), awaiting approval` };
  }
  const digest = digestOf(payload);
  const same = rows.find((e) => e.payloadDigest === digest);
  return { kind: 'free', idempotencyKey: same ? same.idempotencyKey : keyFor(rows.length) };
}
