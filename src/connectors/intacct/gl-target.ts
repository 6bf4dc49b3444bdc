import type { GlEntryWrite, GlTargetPort, GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { IntacctClient } from './client.ts';
import { controlIdFor } from './control-id.ts';
import { fn, quoteQueryValue } from './functions.ts';
import { naturalKeyReads } from './natural-key-reads.ts';
import type { IntacctRecord } from './types.ts';
import { writeOutcome } from './refused-write.ts';

/**
 * The GL pipeline's view of Intacct: GLBATCH creates packed into one multi-function request per batch, with
 * control ids from the idempotency keys; a replay is read back by REFERENCENO so the RECORDNO is always known.
 */
export function createIntacctGlTarget(client: IntacctClient, options: { batchSize: number; concurrency: number }): GlTargetPort {
  return {
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    requests: () => client.stats().requests,
    controlIdFor,
    existing: naturalKeyReads(client, 'GLBATCH', 'REFERENCENO'),
    warmUp: () => client.warmUp().catch(() => undefined),
    async createEntries(writes: readonly GlEntryWrite[]): Promise<GlWriteOutcome[]> {
      const functions = writes.map((w) =>
        fn.create('GLBATCH', w.payload as IntacctRecord, {
          idempotencyKey: w.idempotencyKey,
          readBack: { object: 'GLBATCH', query: `REFERENCENO = ${quoteQueryValue(w.reference)}` },
        }),
      );
      const results = await client.execute(functions);
      return results.map((r) => writeOutcome(r, 'entry', { recordNo: (v) => v.data[0]?.RECORDNO }));
    },
  };
}
