/**
 * AR/ARCustomers ↔ ARCUS (view AR0024). Names from the official sample (`CustomerNumber`, `ShortName`,
 * `GroupCode`, `Status`, `OnHold:"No"`, `CustomerName`, `AccountSet`, `BillingCycle`, `CurrencyCode`,
 * `AccountType:"OpenItem"`, `Terms`, `TaxGroup`, `CreditLimitCustomerCurrency`, `CustomerPriceList`) and the
 * AR national-account sample (address/contact); the rest UNCONFIRMED.
 */
import { ACTIVE_STATUS, ADDRESS_AND_CONTACT, defineResource, enumOf } from './field-map.ts';

export const AR_CUSTOMERS = defineResource('ARCustomers', 'ARCUS', [
  { name: 'CustomerNumber', column: 'IDCUST' },
  { name: 'ShortName', column: 'TEXTSNAM' },
  { name: 'GroupCode', column: 'IDGRP' },
  { name: 'NationalAccount', column: 'IDNATACCT' },
  { name: 'Status', column: 'SWACTV', kind: ACTIVE_STATUS },
  { name: 'InactiveDate', column: 'DATEINAC' },
  { name: 'DateLastMaintained', column: 'DATELASTMN', readOnly: true },
  {
    name: 'OnHold',
    column: 'SWHOLD',
    kind: enumOf([
      [0, 'No'],
      [1, 'Yes'],
    ]),
  },
  { name: 'StartDate', column: 'DATESTART' },
  { name: 'CustomerName', column: 'NAMECUST' },
  ...ADDRESS_AND_CONTACT,
  { name: 'AccountSet', column: 'IDACCTSET' },
  { name: 'BillingCycle', column: 'IDBILLCYCL' },
  { name: 'InterestProfile', column: 'IDSVCCHRG' },
  { name: 'CurrencyCode', column: 'CODECURN' },
  {
    name: 'AccountType',
    column: 'SWBALFWD',
    kind: enumOf([
      [0, 'OpenItem'],
      [1, 'BalanceForward'],
    ]),
  },
  { name: 'Terms', column: 'CODETERM' },
  { name: 'RateType', column: 'IDRATETYPE' },
  { name: 'TaxGroup', column: 'CODETAXGRP' },
  { name: 'TaxRegistrationNumber1', column: 'IDTAXREGI1' },
  { name: 'CreditLimitCustomerCurrency', column: 'AMTCRLIMT' },
  { name: 'BalanceDueInCustomerCurrency', column: 'AMTBALDUET', readOnly: true },
  { name: 'BalanceDueInFunctionalCurrency', column: 'AMTBALDUEH', readOnly: true },
  { name: 'NumberOfOpenInvoices', column: 'CNTOPENINV', readOnly: true },
  { name: 'CustomerPriceList', column: 'PRICLIST' },
  { name: 'PrimaryShipToCode', column: 'PRIMSHIPTO' },
]);
