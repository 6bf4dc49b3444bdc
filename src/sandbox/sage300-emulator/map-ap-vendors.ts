/**
 * AP/APVendors ↔ APVEN (view AP0015). `VendorNumber`, `ShortName`, `GroupCode`, `OnHold`, `VendorName` are from
 * the official sample payload; the rest are PascalCase renderings of the AOM descriptions (UNCONFIRMED until
 * checked against `$metadata`).
 */
import { ACTIVE_STATUS, ADDRESS_AND_CONTACT, defineResource, enumOf } from './field-map.ts';

export const AP_VENDORS = defineResource('APVendors', 'APVEN', [
  { name: 'VendorNumber', column: 'VENDORID' },
  { name: 'ShortName', column: 'SHORTNAME' },
  { name: 'GroupCode', column: 'IDGRP' },
  { name: 'Status', column: 'SWACTV', kind: ACTIVE_STATUS },
  { name: 'InactiveDate', column: 'DATEINAC' },
  { name: 'DateLastMaintained', column: 'DATELASTMN', readOnly: true },
  {
    name: 'OnHold',
    column: 'SWHOLD',
    kind: enumOf([
      [0, 'NotOnHold'],
      [1, 'OnHold'],
    ]),
  },
  { name: 'StartDate', column: 'DATESTART' },
  { name: 'VendorName', column: 'VENDNAME' },
  { name: 'LegalName', column: 'LEGALNAME' },
  ...ADDRESS_AND_CONTACT,
  { name: 'AccountSet', column: 'IDACCTSET' },
  { name: 'CurrencyCode', column: 'CURNCODE' },
  { name: 'RateType', column: 'RATETYPE' },
  { name: 'BankCode', column: 'BANKID' },
  { name: 'Terms', column: 'TERMSCODE' },
  { name: 'TaxGroup', column: 'CODETAXGRP' },
  {
    name: 'TaxReportingType',
    column: 'TAXRPTSW',
    kind: enumOf([
      [0, 'None'],
      [1, '1099'],
      [2, 'CPRS'],
    ]),
  },
  { name: 'TaxNumber', column: 'TAXNBR' },
  { name: 'PrimaryRemitToCode', column: 'PRIMRMIT' },
  { name: 'TaxRegistrationNumber1', column: 'IDTAXREGI1' },
  { name: 'CreditLimit', column: 'AMTCRLIMT' },
  { name: 'BalanceDueInVendorCurrency', column: 'AMTBALDUET', readOnly: true },
  { name: 'BalanceDueInFunctionalCurrency', column: 'AMTBALDUEH', readOnly: true },
  { name: 'NumberOfOpenInvoices', column: 'CNTOPENINV', readOnly: true },
  { name: 'DateOfLastPayment', column: 'DATELASTPA', readOnly: true },
]);
