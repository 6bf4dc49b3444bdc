import { invoicesNumbered, naturalKeyReads } from './natural-key-reads.ts';
import type { ExistingProject, InvoiceWrite, ProjectTargetPort, ProjectWrite } from '../../core/ports/project-ports.ts';
import type { IntacctClient } from './client.ts';
import { controlIdFor } from './control-id.ts';
import { fn, quoteQueryValue } from './functions.ts';
import type { IntacctRecord } from './types.ts';
import { readFailure } from './read-failure.ts';
import { writeOutcome } from './refused-write.ts';

/** PROJECT fields the projects pipeline maintains (and compares before writing). */
const PROJECT_FIELDS = [
  'RECORDNO',
  'PROJECTID',
  'NAME',
  'PARENTID',
  'PROJECTCATEGORY',
  'CUSTOMERID',
  'BEGINDATE',
  'ENDDATE',
  'DEPARTMENTID',
  'LOCATIONID',
  'STATUS',
  'WHENMODIFIED',
];

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * The projects pipeline's view of Intacct: PROJECT and CUSTOMER reads, PROJECT creates/updates (generic functions,
 * read back by PROJECTID) and milestone invoices (legacy create_invoice, read back by RECORDID = invoice number and
 * CUSTOMERID). Writes are packed into one multi-function request per batch with control ids from the idempotency keys.
 */
export function createIntacctProjectTarget(client: IntacctClient, options: { batchSize: number; concurrency: number }): ProjectTargetPort {
  return {
    batchSize: options.batchSize,
    invoicesNumbered: (numbers) => invoicesNumbered(client, numbers),
    invoicesByExternalId: naturalKeyReads(client, 'ARINVOICE', 'EXTERNALID'),
    concurrency: options.concurrency,
    requests: () => client.stats().requests,
    controlIdFor,
    async projects() {
      const all = await client.readAll('PROJECT', '', { fields: PROJECT_FIELDS });
      if (!all.ok) throw readFailure('projects', all.error);
      const map = new Map<string, ExistingProject>();
      for (const p of all.value) {
        const fields = Object.fromEntries(PROJECT_FIELDS.filter((f) => f !== 'RECORDNO').map((f) => [f, text(p[f])]));
        map.set(text(p.PROJECTID), { recordNo: text(p.RECORDNO), fields });
      }
      return map;
    },
    async customerIds() {
      const all = await client.readAll('CUSTOMER', "STATUS = 'active'", { fields: ['CUSTOMERID'] });
      if (!all.ok) throw readFailure('customers', all.error);
      return new Set(all.value.map((c) => text(c.CUSTOMERID)).filter((id) => id !== ''));
    },
    async upsertProjects(writes: readonly ProjectWrite[]) {
      const functions = writes.map((w) =>
        w.mode === 'create'
          ? fn.create('PROJECT', w.payload as IntacctRecord, { idempotencyKey: w.idempotencyKey })
          : fn.update('PROJECT', w.payload as IntacctRecord, { idempotencyKey: w.idempotencyKey }),
      );
      const results = await client.execute(functions);
      return results.map((r) => writeOutcome(r, 'project'));
    },
    async createInvoices(writes: readonly InvoiceWrite[]) {
      const functions = writes.map((w) =>
        fn.createInvoice(w.payload as IntacctRecord, {
          idempotencyKey: w.idempotencyKey,
          readBack: {
            object: 'ARINVOICE',
            query: `RECORDID = ${quoteQueryValue(w.invoiceNumber)} AND CUSTOMERID = ${quoteQueryValue(w.customerId)}`,
          },
        }),
      );
      const results = await client.execute(functions);
      return results.map((r) => writeOutcome(r, 'invoice'));
    },
  };
}
