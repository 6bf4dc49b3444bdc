import type { MappingError } from './mapping-error.ts';
import type { MappingFileName } from './mapping-files.ts';
import { fail, ok, type Outcome } from './outcome.ts';
import type { MappingTables } from './tables.ts';

/** Id lookups through vendors.csv, customers.csv, tax-codes.csv, payment-terms.csv and items.csv (both ways for parties). */
export interface CodeLookups {
  /** Intacct VENDORID for a Sage 300 VENDORID. */
  vendorId(s300VendorId: string): Outcome<string, MappingError>;
  /** Intacct CUSTOMERID for a Sage 300 IDCUST. */
  customerId(s300CustomerId: string): Outcome<string, MappingError>;
  /** Sage 300 VENDORID for an Intacct VENDORID. */
  s300VendorId(intacctVendorId: string): Outcome<string, MappingError>;
  /** Sage 300 IDCUST for an Intacct CUSTOMERID. */
  s300CustomerId(intacctCustomerId: string): Outcome<string, MappingError>;
  /** Intacct tax detail id for a Sage 300 tax group (CODETAXGRP). */
  taxDetail(taxGroup: string): Outcome<string, MappingError>;
  /** Intacct TERMNAME for a Sage 300 terms code (TERMSCODE / CODETERM). */
  termName(termsCode: string): Outcome<string, MappingError>;
  /** Intacct ITEMID for a Sage 300 item number (POPORL.ITEMNO, formatted), through items.csv. */
  itemId(s300Item: string): Outcome<string, MappingError>;
  /** Intacct exchange rate type (EXCH_RATE_TYPE_ID) for a Sage 300 rate type (RATETYPE, e.g. SP). */
  rateType(s300RateType: string): Outcome<string, MappingError>;
}

function lookup(
  file: MappingFileName,
  what: string,
  entries: Iterable<readonly [string, string]>,
  example: (id: string) => string,
  note = '',
) {
  const map = new Map(entries);
  return (id: string): Outcome<string, MappingError> => {
    const found = map.get(id.trimEnd());
    if (found !== undefined) return ok(found);
    return fail({
      code: 'mapping_missing',
      subject: id,
      file,
      message: `no row for ${what} "${id}" in ${file}`,
      fix: `add the row "${example(id.trimEnd())}" to ${file}${note}`,
    });
  };
}

/** Builds the lookups; ids are matched exactly (case-sensitive) after dropping trailing Sage 300 CHAR padding. */
export function createCodeLookups(tables: MappingTables): CodeLookups {
  const partyNote = ' (records a sync creates are cross-referenced in the state store and need no row)';
  return {
    vendorId: lookup(
      'vendors.csv',
      'Sage 300 vendor',
      tables.vendors.map((r) => [r.s300Id, r.intacctId] as const),
      (id) => `${id},<Intacct VENDORID>`,
      partyNote,
    ),
    customerId: lookup(
      'customers.csv',
      'Sage 300 customer',
      tables.customers.map((r) => [r.s300Id, r.intacctId] as const),
      (id) => `${id},<Intacct CUSTOMERID>`,
      partyNote,
    ),
    s300VendorId: lookup(
      'vendors.csv',
      'Intacct vendor',
      tables.vendors.map((r) => [r.intacctId, r.s300Id] as const),
      (id) => `<Sage 300 VENDORID>,${id}`,
      partyNote,
    ),
    s300CustomerId: lookup(
      'customers.csv',
      'Intacct customer',
      tables.customers.map((r) => [r.intacctId, r.s300Id] as const),
      (id) => `<Sage 300 IDCUST>,${id}`,
      partyNote,
    ),
    taxDetail: lookup(
      'tax-codes.csv',
      'Sage 300 tax group',
      tables.taxCodes.map((r) => [r.taxGroup, r.taxDetailId] as const),
      (id) => `${id},<Intacct tax detail id>,`,
    ),
    termName: lookup(
      'payment-terms.csv',
      'Sage 300 terms code',
      tables.paymentTerms.map((r) => [r.termsCode, r.termName] as const),
      (id) => `${id},<Intacct TERMNAME>`,
    ),
    itemId: lookup(
      'items.csv',
      'Sage 300 item',
      tables.items.map((r) => [r.s300Item, r.intacctItemId] as const),
      (id) => `${id},<Intacct ITEMID>,`,
      ' (mappings/README.md: items.csv)',
    ),
    rateType: lookup(
      'rate-types.csv',
      'Sage 300 rate type',
      tables.rateTypes.map((r) => [r.rateType, r.intacctRateType] as const),
      (id) => `${id},<Intacct exchange rate type, e.g. Intacct Daily Rate>`,
      ' (create mappings/rate-types.csv with the header s300_rate_type,intacct_rate_type if it is missing)',
    ),
  };
}
