import type { CustomerField, CustomerRecord, CustomerWrite } from '../../core/ports/customer-ports.ts';
import type { CustomerSidePort } from '../../core/ports/party-ports.ts';
import { formatAmount, parseAmount } from '../../domain/money.ts';
import type { IntacctClient } from './client.ts';
import { createIntacctPartySide, nested, sortableStamp, text } from './party-side.ts';
import type { IntacctRecord } from './types.ts';

/** A credit limit as a two-place decimal; blank counts as 0.00; text that is no amount is kept as it is. */
function creditLimit(raw: string): string {
  const n = parseAmount(raw === '' ? '0' : raw);
  return n === undefined ? raw : formatAmount(n);
}

/** An Intacct CUSTOMER in the customer sync's canonical form (e-mail, phone and mail address from the display contact). */
export function canonicalIntacctCustomer(r: IntacctRecord): CustomerRecord {
  const contact = r.DISPLAYCONTACT;
  const mail = contact !== null && typeof contact === 'object' ? (contact as Record<string, unknown>).MAILADDRESS : undefined;
  return {
    id: text(r.CUSTOMERID),
    fields: {
      NAME: text(r.NAME),
      STATUS: text(r.STATUS) === 'inactive' ? 'inactive' : 'active',
      EMAIL: nested(r.DISPLAYCONTACT, 'EMAIL1') || text(r.EMAIL1),
      PHONE: nested(r.DISPLAYCONTACT, 'PHONE1') || text(r.PHONE1),
      ADDRESS1: nested(mail, 'ADDRESS1'),
      ADDRESS2: nested(mail, 'ADDRESS2'),
      CITY: nested(mail, 'CITY'),
      STATE: nested(mail, 'STATE'),
      ZIP: nested(mail, 'ZIP'),
      CURRENCY: text(r.CURRENCY),
      TERMS: text(r.TERMNAME),
      CREDITLIMIT: creditLimit(text(r.CREDITLIMIT)),
    },
    modifiedBy: text(r.MODIFIEDBY),
    modifiedAt: sortableStamp(text(r.WHENMODIFIED)),
  };
}

/**
 * The CUSTOMER create/update body, in the SDK's field order (reference §7.3). E-mail, phone and mail address live
 * in DISPLAYCONTACT and are always sent together (from the record the write leaves), so updating one never blanks
 * the others; a create also sends PRINTAS = NAME as the SDK does. UNCONFIRMED against a real company: whether an update's
 * DISPLAYCONTACT replaces or merges the contact's other fields.
 */
const CONTACT_FIELDS: readonly CustomerField[] = ['EMAIL', 'PHONE', 'ADDRESS1', 'ADDRESS2', 'CITY', 'STATE', 'ZIP'];

function customerFields(w: CustomerWrite): IntacctRecord {
  const f = w.fields;
  const all = { ...w.expected, ...f };
  const out: IntacctRecord = { CUSTOMERID: w.id };
  if (f.NAME !== undefined) out.NAME = f.NAME;
  if (w.op === 'create' || CONTACT_FIELDS.some((c) => f[c] !== undefined)) {
    const mail = {
      ADDRESS1: all.ADDRESS1 ?? '',
      ADDRESS2: all.ADDRESS2 ?? '',
      CITY: all.CITY ?? '',
      STATE: all.STATE ?? '',
      ZIP: all.ZIP ?? '',
    };
    out.DISPLAYCONTACT = {
      ...(w.op === 'create' ? { PRINTAS: all.NAME ?? w.id } : {}),
      PHONE1: all.PHONE ?? '',
      EMAIL1: all.EMAIL ?? '',
      MAILADDRESS: mail,
    };
  }
  if (f.STATUS !== undefined) out.STATUS = f.STATUS;
  if (f.TERMS !== undefined) out.TERMNAME = f.TERMS;
  if (f.CREDITLIMIT !== undefined) out.CREDITLIMIT = f.CREDITLIMIT;
  if (f.CURRENCY !== undefined) out.CURRENCY = f.CURRENCY;
  return out;
}

/** The customer sync's view of Intacct: the party side over CUSTOMER (top-level company; customers are shared master data). */
export function createIntacctCustomerSide(
  client: IntacctClient,
  options: { userId: string; batchSize: number; concurrency: number },
): CustomerSidePort {
  return createIntacctPartySide(
    client,
    { object: 'CUSTOMER', idField: 'CUSTOMERID', canonical: canonicalIntacctCustomer, toWire: customerFields },
    options,
  );
}
