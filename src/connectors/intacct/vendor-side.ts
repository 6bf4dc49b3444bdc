import type { GlWriteErrorCode, GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { JsonValue, VendorChanges, VendorRecord, VendorSidePort, VendorWrite } from '../../core/ports/vendor-ports.ts';
import type { IntacctClient } from './client.ts';
import { controlIdFor } from './control-id.ts';
import { fn, quoteQueryValue } from './functions.ts';
import type { IntacctRecord } from './types.ts';

/** Codes that mean Intacct certainly did not apply the write. */
const DEFINITE: ReadonlySet<GlWriteErrorCode> = new Set(['validation', 'duplicate', 'auth_failed', 'transaction_aborted']);

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const nested = (v: unknown, field: string): string => (v !== null && typeof v === 'object' ? text((v as Record<string, unknown>)[field]) : text(v));

/** `mm/dd/yyyy HH:MM:SS` → sortable `yyyy-mm-dd HH:MM:SS` ('' when not a stamp). */
export function sortableStamp(stamp: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+(\d{2}:\d{2}:\d{2}))?/.exec(stamp);
  return m ? `${m[3]}-${m[1]}-${m[2]} ${m[4] ?? '00:00:00'}` : '';
}

/** An Intacct VENDOR in the vendor sync's canonical form. PAYTO is the pay-to contact (the remit-to). */
export function canonicalIntacctVendor(r: IntacctRecord): VendorRecord {
  return {
    id: text(r.VENDORID),
    fields: {
      NAME: text(r.NAME),
      STATUS: text(r.STATUS) === 'inactive' ? 'inactive' : 'active',
      TAXID: text(r.TAXID),
      EMAIL: text(r.EMAIL1) || nested(r.DISPLAYCONTACT, 'EMAIL1'),
      REMITTO: nested(r.PAYTO, 'CONTACTNAME'),
    },
    modifiedBy: text(r.MODIFIEDBY),
    modifiedAt: sortableStamp(text(r.WHENMODIFIED)),
  };
}

function vendorFields(w: VendorWrite): IntacctRecord {
  const f = w.fields;
  const out: IntacctRecord = { VENDORID: w.id };
  if (f.NAME !== undefined) out.NAME = f.NAME;
  if (f.STATUS !== undefined) out.STATUS = f.STATUS;
  if (f.TAXID !== undefined) out.TAXID = f.TAXID;
  if (f.EMAIL !== undefined) out.EMAIL1 = f.EMAIL;
  // UNCONFIRMED against a real company: PAYTO names an existing contact.
  if (f.REMITTO !== undefined) out.PAYTO = { CONTACTNAME: f.REMITTO };
  return out;
}

/**
 * The vendor sync's view of Intacct: VENDOR changes by WHENMODIFIED (readByQuery; the cursor keeps the day of the
 * newest change and re-reads that day, which is harmless because unchanged records compare equal), and VENDOR
 * create/update (STATUS inactive for a deactivation, never a delete) with uniqueid control ids from the keys and a
 * read-back by VENDORID for replays. The outcome's `recordNo` is the VENDORID, the key the cross-reference uses.
 */
export function createIntacctVendorSide(client: IntacctClient, options: { userId: string; batchSize: number; concurrency: number }): VendorSidePort {
  const readAll = async (query: string): Promise<{ records: VendorRecord[]; latest: string }> => {
    const got = await client.readAll('VENDOR', query);
    if (!got.ok) throw new Error(`Intacct VENDOR read failed: ${got.error.message}`);
    const records = got.value.map(canonicalIntacctVendor);
    const latest = got.value.map((r) => text(r.WHENMODIFIED)).reduce((a, b) => (sortableStamp(b) > sortableStamp(a) ? b : a), '');
    return { records, latest };
  };
  return {
    system: 'intacct',
    integrationUser: options.userId,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    async changes(cursor: JsonValue | null): Promise<VendorChanges> {
      const since = cursor !== null && typeof cursor === 'object' && !Array.isArray(cursor) ? text((cursor as Record<string, unknown>).since) : '';
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
        const opts = { idempotencyKey: w.idempotencyKey, readBack: { object: 'VENDOR', query: `VENDORID = ${quoteQueryValue(w.id)}` } };
        return w.op === 'create' ? fn.create('VENDOR', vendorFields(w), opts) : fn.update('VENDOR', vendorFields(w), opts);
      });
      const results = await client.execute(functions);
      return results.map((r, i): GlWriteOutcome => {
        if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message, ...(r.error.errorno ? { errorno: r.error.errorno } : {}), definite: DEFINITE.has(r.error.code) };
        return { ok: true, recordNo: writes[i]!.id, alreadyApplied: r.value.alreadyApplied };
      });
    },
    requests: () => client.stats().requests,
    controlIdFor,
  };
}
