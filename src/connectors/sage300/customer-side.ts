import { UNMAPPED_TERMS_PREFIX, type CustomerField, type CustomerRecord, type CustomerWrite } from '../../core/ports/customer-ports.ts';
import type { CustomerSidePort } from '../../core/ports/party-ports.ts';
import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import { formatAmount, Money } from '../../domain/money.ts';
import { createSage300PartySide, outcomeOf } from './party-side.ts';
import type { Sage300Reader } from './reader.ts';
import type { Customer } from './types.ts';
import type { Sage300WebApiClient } from './web-api-client.ts';
import type { ArCustomerFields } from './web-api-types.ts';

/** Terms translation through payment-terms.csv: Sage 300 CODETERM ↔ Intacct TERMNAME. */
export interface TermsTranslation {
  toIntacct(termsCode: string): string | undefined;
  toSage300(termName: string): string | undefined;
}

/**
 * A normalised ARCUS row in the customer sync's canonical form (EMAIL is EMAIL2, the customer's own address;
 * ADDRESS1/2 are the first two non-blank street lines; country is not synced: Sage 300 holds free text, Intacct a
 * country name and code).
 */
export function canonicalSage300Customer(c: Customer, terms: TermsTranslation): CustomerRecord {
  const code = c.termsCode.trim();
  return {
    id: c.customerId,
    fields: {
      NAME: c.name,
      STATUS: c.active ? 'active' : 'inactive',
      EMAIL: c.contact.email,
      PHONE: c.contact.phone,
      ADDRESS1: c.address.lines[0] ?? '',
      ADDRESS2: c.address.lines[1] ?? '',
      CITY: c.address.city,
      STATE: c.address.state,
      ZIP: c.address.postalCode,
      CURRENCY: c.currency,
      TERMS: code === '' ? '' : (terms.toIntacct(code) ?? `${UNMAPPED_TERMS_PREFIX}${code}`),
      CREDITLIMIT: formatAmount(c.creditLimit),
    },
    modifiedBy: c.audit.user.trim().toUpperCase(),
    modifiedAt: `${c.audit.date} ${c.audit.time.slice(0, 8)}`,
  };
}

const refused = (message: string): GlWriteOutcome => ({ ok: false, code: 'validation', message, definite: true });

/** The AR/ARCustomers body of a write, or the reason it cannot be sent. */
function webApiFields(w: CustomerWrite, terms: TermsTranslation): ArCustomerFields | string {
  const f = w.fields;
  const out: ArCustomerFields = {};
  if (f.NAME !== undefined) out.CustomerName = f.NAME;
  if (f.STATUS !== undefined) out.Status = f.STATUS === 'inactive' ? 'Inactive' : 'Active';
  if (f.EMAIL !== undefined) out.Email = f.EMAIL;
  if (f.PHONE !== undefined) out.PhoneNumber = f.PHONE;
  if (f.ADDRESS1 !== undefined) out.AddressLine1 = f.ADDRESS1;
  if (f.ADDRESS2 !== undefined) out.AddressLine2 = f.ADDRESS2;
  if (f.CITY !== undefined) out.City = f.CITY;
  if (f.STATE !== undefined) out.StateProvince = f.STATE;
  if (f.ZIP !== undefined) out.ZipPostalCode = f.ZIP;
  if (f.CURRENCY !== undefined && f.CURRENCY !== '') out.CurrencyCode = f.CURRENCY;
  if (f.TERMS !== undefined && f.TERMS !== '') {
    const code = terms.toSage300(f.TERMS);
    if (code === undefined)
      return `Intacct term "${f.TERMS}" has no row in payment-terms.csv; add "<Sage 300 terms code>,${f.TERMS}" there`;
    out.Terms = code;
  }
  if (f.CREDITLIMIT !== undefined) out.CreditLimitCustomerCurrency = new Money(f.CREDITLIMIT === '' ? '0' : f.CREDITLIMIT);
  return out;
}

/**
 * The customer sync's view of Sage 300: the party side over ARCUS (SQL reader, AUDTDATE/AUDTTIME changes) and
 * AR/ARCustomers (Web API create, PATCH update, inactivation as Status Inactive with today's date; never a delete).
 */
export function createSage300CustomerSide(
  reader: Sage300Reader,
  client: Sage300WebApiClient,
  options: { user: string; terms: TermsTranslation; today?: () => string },
): CustomerSidePort {
  const { terms } = options;
  return createSage300PartySide<Customer, CustomerField>(
    {
      changes: (cursor) => reader.ar.customerChanges(cursor),
      all: () => reader.ar.customers(),
      canonical: (c) => canonicalSage300Customer(c, terms),
      async send(w, today) {
        const body = webApiFields(w, terms);
        if (typeof body === 'string') return refused(body);
        if (w.op === 'create')
          return outcomeOf(w.id, await client.customers.create({ ...body, CustomerNumber: w.id, CustomerName: w.fields.NAME ?? w.id }));
        if (w.op === 'deactivate') return outcomeOf(w.id, await client.customers.update(w.id, { Status: 'Inactive', InactiveDate: today }));
        return outcomeOf(w.id, await client.customers.update(w.id, body));
      },
    },
    { user: options.user, ...(options.today ? { today: options.today } : {}) },
  );
}
