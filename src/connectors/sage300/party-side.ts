import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { JsonValue, PartyChanges, PartyRecord, PartySidePort, PartyWrite } from '../../core/ports/party-ports.ts';
import type { RowResult } from './normalise.ts';
import type { ChangeRun } from './reader-core.ts';
import { parseAuditCursor, type AuditCursor } from './sql-cursor.ts';
import type { Sage300WebApiErrorCode, WebApiOutcome } from './web-api-errors.ts';

/** Web API failures that certainly did not change the record. */
const DEFINITE: ReadonlySet<Sage300WebApiErrorCode> = new Set(['auth_failed', 'not_found', 'business_rule', 'duplicate', 'validation']);

/** The outcome of one Web API write in the outbox's terms; `recordNo` is the party id (the cross-reference key). */
export const outcomeOf = (id: string, r: WebApiOutcome<unknown>): GlWriteOutcome => {
  if (r.ok) return { ok: true, recordNo: id, alreadyApplied: false };
  const code =
    r.error.code === 'business_rule' || r.error.code === 'not_found'
      ? 'validation'
      : r.error.code === 'duplicate'
        ? 'duplicate'
        : r.error.code === 'auth_failed'
          ? 'auth_failed'
          : r.error.code === 'unknown_outcome'
            ? 'unknown_outcome'
            : 'transport';
  return { ok: false, code, message: r.error.message, definite: DEFINITE.has(r.error.code) };
};

/** How one Sage 300 party table (APVEN, ARCUS) is read and written. */
export interface Sage300PartyShape<T, F extends string> {
  changes(cursor: AuditCursor | null): ChangeRun<T>;
  all(): AsyncIterable<RowResult<T>>;
  canonical(row: T): PartyRecord<F>;
  /** Sends one write through the Web API (create, update or inactivate; never a delete). */
  send(w: PartyWrite<F>, today: string): Promise<GlWriteOutcome>;
}

/**
 * A party sync's view of Sage 300: changes by AUDTDATE/AUDTTIME (SQL reader), writes through the Web API one at a
 * time. A create whose response is lost is resolved by the client reading the record back by its number, so it is
 * applied once.
 */
export function createSage300PartySide<T, F extends string>(
  shape: Sage300PartyShape<T, F>,
  options: { user: string; today?: () => string },
): PartySidePort<F> {
  let requests = 0;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const collect = async (rows: AsyncIterable<RowResult<T>>) => {
    const records: PartyRecord<F>[] = [];
    const rowErrors: { key: string; message: string }[] = [];
    for await (const r of rows) {
      if (r.ok) records.push(shape.canonical(r.value));
      else rowErrors.push({ key: r.error.key, message: r.error.message });
    }
    return { records, rowErrors };
  };
  return {
    system: 'sage300',
    // Sage stamps AUDTUSER with the signed-in user, upper-cased and cut to 8 characters.
    integrationUser: options.user.toUpperCase().slice(0, 8),
    batchSize: 20,
    concurrency: 1,
    async changes(cursor: JsonValue | null): Promise<PartyChanges<F>> {
      const run = shape.changes(cursor === null ? null : parseAuditCursor(cursor));
      const { records, rowErrors } = await collect(run);
      return { records, rowErrors, cursor: run.cursor() as unknown as JsonValue };
    },
    async all() {
      return (await collect(shape.all())).records;
    },
    async write(writes) {
      const out: GlWriteOutcome[] = [];
      for (const w of writes) {
        requests++;
        out.push(await shape.send(w, today()));
      }
      return out;
    },
    requests: () => requests,
    controlIdFor: (key) => key,
  };
}
