import type { ApBillWrite, ApPaymentWrite, ApTargetPort, ExistingBill } from '../../core/ports/ap-ports.ts';
import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import { executeWithAttachmentRecords } from './attachment-records.ts';
import type { IntacctClient } from './client.ts';
import { controlIdFor } from './control-id.ts';
import { fn, quoteQueryValue } from './functions.ts';
import type { IntacctRecord } from './types.ts';
import { naturalKeyReads } from './natural-key-reads.ts';
import { readVendorIds } from './vendor-ids.ts';
import { readFailure } from './read-failure.ts';
import { writeOutcome } from './refused-write.ts';

/** Vendor ids per `VENDORID IN (…)` query: keeps each query text well inside what the gateway accepts. */
const IN_CHUNK = 100;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * The AP pipeline's view of Intacct: vendor ids and existing bills for the pre-flight checks, and APBILL creates
 * packed into one multi-function request per batch with control ids from the idempotency keys; a replay is read
 * back by DOCNUMBER (the `S300:` reference) so the RECORDNO is always known.
 */
export function createIntacctApTarget(client: IntacctClient, options: { batchSize: number; concurrency: number }): ApTargetPort {
  return {
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    requests: () => client.stats().requests,
    controlIdFor,
    existing: naturalKeyReads(client, 'APBILL', 'DOCNUMBER'),
    // That readByQuery returns APPYMT DOCNUMBER is UNCONFIRMED (the emulator does); see the README's AP payments.
    existingPayments: naturalKeyReads(client, 'APPYMT', 'DOCNUMBER'),
    vendorIds: () => readVendorIds(client),
    async billsOf(vendorIds) {
      const bills: ExistingBill[] = [];
      for (let i = 0; i < vendorIds.length; i += IN_CHUNK) {
        const ids = vendorIds
          .slice(i, i + IN_CHUNK)
          .map(quoteQueryValue)
          .join(', ');
        const page = await client.readAll('APBILL', `VENDORID IN (${ids})`, { fields: ['RECORDNO', 'VENDORID', 'RECORDID', 'DOCNUMBER'] });
        if (!page.ok) throw readFailure('bills', page.error);
        for (const b of page.value)
          bills.push({ recordNo: text(b.RECORDNO), vendorId: text(b.VENDORID), recordId: text(b.RECORDID), docNumber: text(b.DOCNUMBER) });
      }
      return bills;
    },
    async createPayments(writes: readonly ApPaymentWrite[]): Promise<GlWriteOutcome[]> {
      const functions = writes.map((w) =>
        fn.create('APPYMT', w.payload as IntacctRecord, {
          idempotencyKey: w.idempotencyKey,
          readBack: { object: 'APPYMT', query: `DOCNUMBER = ${quoteQueryValue(w.reference)}` },
        }),
      );
      const all = await client.execute(functions);
      return all.map((r) => writeOutcome(r, 'payment', { recordNo: (v) => v.data[0]?.RECORDNO }));
    },
    async createBills(writes: readonly ApBillWrite[]): Promise<GlWriteOutcome[]> {
      // A bill with attachment references goes right after its attachment record, in the same request.
      const results = await executeWithAttachmentRecords(client, writes, (bill, k) =>
        fn.create('APBILL', bill, {
          idempotencyKey: writes[k]!.idempotencyKey,
          readBack: { object: 'APBILL', query: `DOCNUMBER = ${quoteQueryValue(writes[k]!.reference)}` },
        }),
      );
      return results.map(({ result: r, supdocNote }) =>
        writeOutcome(r, 'bill', { recordNo: (v) => v.data[0]?.RECORDNO, note: supdocNote }),
      );
    },
  };
}
