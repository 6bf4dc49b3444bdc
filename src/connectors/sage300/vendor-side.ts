import type { VendorSidePort } from '../../core/ports/party-ports.ts';
import type { VendorField, VendorRecord, VendorWrite } from '../../core/ports/vendor-ports.ts';
import { createSage300PartySide, outcomeOf } from './party-side.ts';
import type { Sage300Reader } from './reader.ts';
import type { Vendor } from './types.ts';
import type { Sage300WebApiClient } from './web-api-client.ts';
import type { ApVendorFields } from './web-api-types.ts';

/** A normalised APVEN row in the vendor sync's canonical form. */
function canonicalSage300Vendor(v: Vendor): VendorRecord {
  return {
    id: v.vendorId,
    fields: {
      NAME: v.name,
      STATUS: v.active ? 'active' : 'inactive',
      TAXID: v.taxNumber,
      EMAIL: v.contact.contactEmail,
      REMITTO: v.remitTo,
    },
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

/**
 * The vendor sync's view of Sage 300: the party side over APVEN (SQL reader) and AP/APVendors (Web API create,
 * PATCH update, inactivate; never a delete).
 */
export function createSage300VendorSide(
  reader: Sage300Reader,
  client: Sage300WebApiClient,
  options: { user: string; today?: () => string },
): VendorSidePort {
  return createSage300PartySide<Vendor, VendorField>(
    {
      changes: (cursor) => reader.ap.vendorChanges(cursor),
      all: () => reader.ap.vendors(),
      canonical: canonicalSage300Vendor,
      async send(w, today) {
        if (w.op === 'create')
          return outcomeOf(
            w.id,
            await client.vendors.create({ ...webApiFields(w), VendorNumber: w.id, VendorName: w.fields.NAME ?? w.id }),
          );
        if (w.op === 'deactivate') return outcomeOf(w.id, await client.vendors.inactivate(w.id, today));
        return outcomeOf(w.id, await client.vendors.update(w.id, webApiFields(w)));
      },
    },
    options,
  );
}
