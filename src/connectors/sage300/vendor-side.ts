import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { JsonValue, VendorChanges, VendorRecord, VendorSidePort, VendorWrite } from '../../core/ports/vendor-ports.ts';
import type { RowResult } from './normalise.ts';
import type { Sage300Reader } from './reader.ts';
import { parseAuditCursor } from './sql-cursor.ts';
import type { Vendor } from './types.ts';
import type { Sage300WebApiClient } from './web-api-client.ts';
import type { Sage300WebApiErrorCode, WebApiOutcome } from './web-api-errors.ts';
import type { ApVendorFields } from './web-api-types.ts';

/** Web API failures that certainly did not change the vendor. */
const DEFINITE: ReadonlySet<Sage300WebApiErrorCode> = new Set(['auth_failed', 'not_found', 'business_rule', 'duplicate', 'validation']);

/** A normalised APVEN row in the vendor sync's canonical form. */
export function canonicalSage300Vendor(v: Vendor): VendorRecord {
  return {
    id: v.vendorId,
    fields: { NAME: v.name, STATUS: v.active ? 'active' : 'inactive', TAXID: v.taxNumber, EMAIL: v.contact.contactEmail, REMITTO: v.remitTo },
    modifiedBy: v.audit.user.trim().toUpperCase(),
    modifiedAt: `${v.audit.date} ${v.audit.time.slice(0, 8)}`,
  };
}

function webApiFields(w: VendorWrite): ApVendorFields {
  const f = w.fields;
  const out: ApVendorFields = {};
  if (f.NAME !== undefined) out.VendorName = f.NAME;
  if (f.STATUS !== undefined) out.Status = f.STATUS === 'inactive' ? 'Inactive' : 'Active';
  if (f.TAXID !== undefined) out.TaxNumber = f.TAXID;
  if (f.EMAIL !== undefined) out.ContactsEmail = f.EMAIL;
  if (f.REMITTO !== undefined) out.PrimaryRemitToCode = f.REMITTO;
  return out;
}

/** A Web API write's outcome in the outbox's terms (which failures certainly changed nothing). */
export const outcomeOf = (id: string, r: WebApiOutcome<unknown>): GlWriteOutcome => {
  if (r.ok) return { ok: true, recordNo: id, alreadyApplied: false };
  const code = r.error.code === 'business_rule' || r.error.code === 'not_found' ? 'validation' : r.error.code === 'duplicate' ? 'duplicate' : r.error.code === 'auth_failed' ? 'auth_failed' : r.error.code === 'unknown_outcome' ? 'unknown_outcome' : 'transport';
  return { ok: false, code, message: r.error.message, definite: DEFINITE.has(r.error.code) };
};

/**
 * The vendor sync's view of Sage 300: changes from APVEN by AUDTDATE/AUDTTIME (SQL reader), writes through the Web
 * API (AP/APVendors create, PATCH update, inactivate; never a delete). A create whose response is lost is resolved
 * by the client reading the vendor back by its number, so it is applied once.
 */
export function createSage300VendorSide(reader: Sage300Reader, client: Sage300WebApiClient, options: { user: string; today?: () => string }): VendorSidePort {
  let requests = 0;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const collect = async (rows: AsyncIterable<RowResult<Vendor>>) => {
    const records: VendorRecord[] = [];
    const rowErrors: { key: string; message: string }[] = [];
    for await (const r of rows) {
      if (r.ok) records.push(canonicalSage300Vendor(r.value));
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
    async changes(cursor: JsonValue | null): Promise<VendorChanges> {
      const run = reader.ap.vendorChanges(cursor === null ? null : parseAuditCursor(cursor));
      const { records, rowErrors } = await collect(run);
      return { records, rowErrors, cursor: run.cursor() as unknown as JsonValue };
    },
    async all() {
      return (await collect(reader.ap.vendors())).records;
    },
    async write(writes) {
      const out: GlWriteOutcome[] = [];
      for (const w of writes) {
        requests++;
        if (w.op === 'create') out.push(outcomeOf(w.id, await client.vendors.create({ ...webApiFields(w), VendorNumber: w.id, VendorName: w.fields.NAME ?? w.id })));
        else if (w.op === 'deactivate') out.push(outcomeOf(w.id, await client.vendors.inactivate(w.id, today())));
        else out.push(outcomeOf(w.id, await client.vendors.update(w.id, webApiFields(w))));
      }
      return out;
    },
    requests: () => requests,
    controlIdFor: (key) => key,
  };
}
