import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { JsonValue, PartyChanges, PartyRecord, PartySidePort, PartyWrite } from '../../core/ports/party-ports.ts';
import type { IntacctClient } from './client.ts';
import { controlIdFor } from './control-id.ts';
import { fn, quoteQueryValue } from './functions.ts';
import type { IntacctRecord } from './types.ts';
import { readFailure } from './read-failure.ts';
import { refusedWrite } from './refused-write.ts';

export const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
export const nested = (v: unknown, field: string): string =>
  v !== null && typeof v === 'object' ? text((v as Record<string, unknown>)[field]) : text(v);

/** `mm/dd/yyyy HH:MM:SS` → sortable `yyyy-mm-dd HH:MM:SS` ('' when not a stamp). */
export function sortableStamp(stamp: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+(\d{2}:\d{2}:\d{2}))?/.exec(stamp);
  return m ? `${m[3]}-${m[1]}-${m[2]} ${m[4] ?? '00:00:00'}` : '';
}

/** How one Intacct party object (VENDOR, CUSTOMER) maps to the canonical form and back. */
export interface IntacctPartyShape<F extends string> {
  readonly object: string;
  /** The id field (VENDORID, CUSTOMERID): writes key on it and read back by it. */
  readonly idField: string;
  canonical(r: IntacctRecord): PartyRecord<F>;
  /** The create/update body of a write (the id field included). */
  toWire(w: PartyWrite<F>): IntacctRecord;
}

/**
 * A party sync's view of Intacct: changes by WHENMODIFIED (readByQuery; the cursor keeps the day of the newest change
 * and re-reads that day, which is harmless because unchanged records compare equal), and create/update (STATUS
 * inactive for a deactivation, never a delete) with uniqueid control ids from the keys and a read-back by the id
 * field for replays. The outcome's `recordNo` is the id, the key the cross-reference uses.
 */
export function createIntacctPartySide<F extends string>(
  client: IntacctClient,
  shape: IntacctPartyShape<F>,
  options: { userId: string; batchSize: number; concurrency: number },
): PartySidePort<F> {
  const readAll = async (query: string): Promise<{ records: PartyRecord<F>[]; latest: string }> => {
    const got = await client.readAll(shape.object, query);
    if (!got.ok) throw readFailure(shape.object, got.error);
    const records = got.value.map((r) => shape.canonical(r));
    const latest = got.value.map((r) => text(r.WHENMODIFIED)).reduce((a, b) => (sortableStamp(b) > sortableStamp(a) ? b : a), '');
    return { records, latest };
  };
  return {
    system: 'intacct',
    integrationUser: options.userId,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    async changes(cursor: JsonValue | null): Promise<PartyChanges<F>> {
      const since =
        cursor !== null && typeof cursor === 'object' && !Array.isArray(cursor) ? text((cursor as Record<string, unknown>).since) : '';
      const { records, latest } = await readAll(since === '' ? '' : `WHENMODIFIED >= ${quoteQueryValue(since)}`);
      const day = latest.slice(0, 10);
      const next = day !== '' && (since === '' || sortableStamp(day) > sortableStamp(since)) ? day : since;
      return { records, rowErrors: [], cursor: { v: 1, since: next } };
    },
    async all() {
      return (await readAll('')).records;
    },
    async write(writes) {
      const functions = writes.map((w) => {
        const opts = {
          idempotencyKey: w.idempotencyKey,
          readBack: { object: shape.object, query: `${shape.idField} = ${quoteQueryValue(w.id)}` },
        };
        return w.op === 'create' ? fn.create(shape.object, shape.toWire(w), opts) : fn.update(shape.object, shape.toWire(w), opts);
      });
      const results = await client.execute(functions);
      return results.map((r, i): GlWriteOutcome => {
        if (!r.ok) return refusedWrite(r.error);
        return { ok: true, recordNo: writes[i]!.id, alreadyApplied: r.value.alreadyApplied };
      });
    },
    requests: () => client.stats().requests,
    controlIdFor,
  };
}
