import { invoicesNumbered, naturalKeyReads } from './natural-key-reads.ts';
import type { ArTargetPort, ArWrite, ExistingInvoice } from '../../core/ports/ar-ports.ts';
import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import { executeWithAttachmentRecords } from './attachment-records.ts';
import type { IntacctClient } from './client.ts';
import { controlIdFor } from './control-id.ts';
import { fn, quoteQueryValue } from './functions.ts';
import type { IntacctFunction, IntacctRecord } from './types.ts';
import { readFailure } from './read-failure.ts';
import { refusedWrite, writeOutcome } from './refused-write.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

async function send(client: IntacctClient, functions: IntacctFunction[], what: string): Promise<GlWriteOutcome[]> {
  return (await client.execute(functions)).map((r) => writeOutcome(r, what));
}

/**
 * The AR pipeline's view of Intacct: customer ids and AR invoices for the checks and the open-balance comparison,
 * create_invoice and ARPYMT creates packed into one multi-function request per batch with control ids from the
 * idempotency keys. An invoice is read back by customer and invoice number (RECORDID), a payment by its DOCNUMBER
 * (the `S300:` reference), so the RECORDNO is known after a replay too.
 */
export function createIntacctArTarget(client: IntacctClient, options: { batchSize: number; concurrency: number }): ArTargetPort {
  return {
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    requests: () => client.stats().requests,
    controlIdFor,
    invoicesByExternalId: naturalKeyReads(client, 'ARINVOICE', 'EXTERNALID'),
    existingPayments: naturalKeyReads(client, 'ARPYMT', 'DOCNUMBER'),
    invoicesNumbered: (numbers) => invoicesNumbered(client, numbers),
    async customerIds() {
      const all = await client.readAll('CUSTOMER', '', { fields: ['CUSTOMERID'] });
      if (!all.ok) throw readFailure('customers', all.error);
      return new Set(all.value.map((c) => text(c.CUSTOMERID)).filter((id) => id !== ''));
    },
    async invoices() {
      const all = await client.readAll('ARINVOICE', '', { fields: ['RECORDNO', 'CUSTOMERID', 'RECORDID', 'TOTALDUE'] });
      if (!all.ok) throw readFailure('AR invoices', all.error);
      return all.value.map((i): ExistingInvoice => ({
        recordNo: text(i.RECORDNO),
        customerId: text(i.CUSTOMERID),
        invoiceNo: text(i.RECORDID),
        totalDue: text(i.TOTALDUE) || '0',
      }));
    },
    async createInvoices(writes: readonly ArWrite[]) {
      // An invoice with attachment references goes right after its attachment record, in the same request.
      const results = await executeWithAttachmentRecords(client, writes, (p, k) => {
        const query = `CUSTOMERID = ${quoteQueryValue(text(p.customerid))} AND RECORDID = ${quoteQueryValue(text(p.invoiceno))}`;
        return fn.createInvoice(p, { idempotencyKey: writes[k]!.idempotencyKey, readBack: { object: 'ARINVOICE', query } });
      });
      return results.map(({ result, supdocNote }) => writeOutcome(result, 'invoice', { note: supdocNote }));
    },
    createCash(writes: readonly ArWrite[]) {
      const functions = writes.map((w) => fn.createArPayment(w.payload as IntacctRecord, { idempotencyKey: w.idempotencyKey }));
      return send(client, functions, 'payment');
    },
    async applyCash(writes: readonly ArWrite[]) {
      const functions = writes.map((w) => fn.applyArPayment(w.payload as IntacctRecord, { idempotencyKey: w.idempotencyKey }));
      const results = await client.execute(functions);
      // An application has no record of its own: the payment whose credit it used stands for it.
      return results.map((r, k): GlWriteOutcome => {
        if (!r.ok) return refusedWrite(r.error);
        const recordNo = text((writes[k]?.payload as IntacctRecord | undefined)?.arpaymentkey);
        return { ok: true, recordNo, alreadyApplied: r.value.alreadyApplied };
      });
    },
    createPayments(writes: readonly ArWrite[]) {
      const functions = writes.map((w) => {
        const p = w.payload as IntacctRecord;
        return fn.create('ARPYMT', p, {
          idempotencyKey: w.idempotencyKey,
          readBack: { object: 'ARPYMT', query: `DOCNUMBER = ${quoteQueryValue(text(p.DOCNUMBER))}` },
        });
      });
      return send(client, functions, 'payment');
    },
  };
}
