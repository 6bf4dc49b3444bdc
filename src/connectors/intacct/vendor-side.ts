import type { VendorSidePort } from '../../core/ports/party-ports.ts';
import type { VendorRecord, VendorWrite } from '../../core/ports/vendor-ports.ts';
import type { IntacctClient } from './client.ts';
import { createIntacctPartySide, nested, sortableStamp, text } from './party-side.ts';
import type { IntacctRecord } from './types.ts';

/** An Intacct VENDOR in the vendor sync's canonical form. PAYTO is the pay-to contact (the remit-to). */
function canonicalIntacctVendor(r: IntacctRecord): VendorRecord {
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

/** The vendor sync's view of Intacct: the party side over VENDOR (see createIntacctPartySide). */
export function createIntacctVendorSide(
  client: IntacctClient,
  options: { userId: string; batchSize: number; concurrency: number },
): VendorSidePort {
  return createIntacctPartySide(
    client,
    { object: 'VENDOR', idField: 'VENDORID', canonical: canonicalIntacctVendor, toWire: vendorFields },
    options,
  );
}
