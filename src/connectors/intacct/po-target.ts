import { naturalKeyReads } from './natural-key-reads.ts';
import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { PoCreateWrite, PoTargetDocument, PoTargetPort } from '../../core/ports/po-ports.ts';
import type { IntacctClient } from './client.ts';
import { controlIdFor } from './control-id.ts';
import { fn, quoteQueryValue } from './functions.ts';
import type { IntacctRecord } from './types.ts';
import { readVendorIds } from './vendor-ids.ts';
import { readFailure } from './read-failure.ts';
import { writeOutcome } from './refused-write.ts';

/** RECORDNOs per `read` (the gateway's limit for keys). */
const READ_CHUNK = 100;
/** States in which lines may carry converted (received) quantities, so the lines are read too. */
const WITH_RECEIPTS = new Set(['Partially Converted', 'Converted', 'Closed']);
const TRANSACTION_TYPE = 'Purchase Order';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function entriesOf(rec: IntacctRecord): IntacctRecord[] {
  const group = rec.PODOCUMENTENTRIES as { PODOCUMENTENTRY?: unknown } | undefined;
  const items = group?.PODOCUMENTENTRY;
  return (Array.isArray(items) ? items : items ? [items] : []) as IntacctRecord[];
}

/**
 * The PO pipeline's view of Intacct: purchase orders created with legacy create_potransaction (control ids from the
 * idempotency keys; a replay read back by EXTERNALID, the `S300:` stamp), and their state read back: headers by
 * readByQuery, lines (LINE_NO, QUANTITY, QTY_CONVERTED) by `read` for orders that may have receipts.
 * UNCONFIRMED: QTY_CONVERTED as the converted-quantity field of a PODOCUMENTENTRY, and that readByQuery does not
 * return the entries (we do not rely on it either way).
 */
export function createIntacctPoTarget(client: IntacctClient, options: { batchSize: number; concurrency: number }): PoTargetPort {
  return {
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    requests: () => client.stats().requests,
    controlIdFor,
    vendorIds: () => readVendorIds(client),
    existing: naturalKeyReads(client, 'PODOCUMENT', 'EXTERNALID'),
    async documents(externalIdPrefix) {
      const query = `DOCPARID = ${quoteQueryValue(TRANSACTION_TYPE)} AND EXTERNALID LIKE ${quoteQueryValue(`${externalIdPrefix}%`)}`;
      const heads = await client.readAll('PODOCUMENT', query, { fields: ['RECORDNO', 'DOCID', 'EXTERNALID', 'STATE'] });
      if (!heads.ok) throw readFailure('purchase orders', heads.error);
      const lines = new Map<string, IntacctRecord[]>();
      const keys = heads.value.filter((h) => WITH_RECEIPTS.has(text(h.STATE))).map((h) => text(h.RECORDNO));
      for (let i = 0; i < keys.length; i += READ_CHUNK) {
        const full = await client.read('PODOCUMENT', keys.slice(i, i + READ_CHUNK));
        if (!full.ok) throw readFailure('purchase order lines', full.error);
        for (const rec of full.value) lines.set(text(rec.RECORDNO), entriesOf(rec));
      }
      return heads.value.map((h): PoTargetDocument => ({
        recordNo: text(h.RECORDNO),
        docId: text(h.DOCID),
        externalId: text(h.EXTERNALID),
        state: text(h.STATE),
        lines: (lines.get(text(h.RECORDNO)) ?? []).map((l) => ({
          lineNo: Number(text(l.LINE_NO)),
          quantity: text(l.QUANTITY) || '0',
          converted: text(l.QTY_CONVERTED) || '0',
        })),
      }));
    },
    async createOrders(writes: readonly PoCreateWrite[]): Promise<GlWriteOutcome[]> {
      const functions = writes.map((w) =>
        fn.createPoTransaction(w.fields as IntacctRecord, {
          idempotencyKey: w.idempotencyKey,
          readBack: { object: 'PODOCUMENT', query: `EXTERNALID = ${quoteQueryValue(w.reference)}` },
        }),
      );
      const results = await client.execute(functions);
      return results.map((r) =>
        writeOutcome(r, 'purchase order', {
          recordNo: (v) => (v.alreadyApplied ? text(v.data[0]?.RECORDNO) : (v.key ?? text(v.data[0]?.RECORDNO))),
        }),
      );
    },
  };
}
