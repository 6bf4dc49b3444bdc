import type { PartyChanges, PartyRecord, PartySidePort, PartyWrite } from './party-ports.ts';

export type { JsonValue } from '../state/canonical-json.ts';

/**
 * Canonical customer fields, named the same on both sides. TERMS holds the Intacct TERMNAME (Sage 300 CODETERM is
 * translated through payment-terms.csv); CREDITLIMIT is a decimal with two places ('' when not set).
 */
export type CustomerField = 'NAME' | 'STATUS' | 'EMAIL' | 'PHONE' | 'ADDRESS1' | 'ADDRESS2' | 'CITY' | 'STATE' | 'ZIP' | 'CURRENCY' | 'TERMS' | 'CREDITLIMIT';

export type CustomerRecord = PartyRecord<CustomerField>;
export type CustomerChanges = PartyChanges<CustomerField>;
export type CustomerWrite = PartyWrite<CustomerField>;
export type CustomerSidePort = PartySidePort<CustomerField>;

/**
 * The TERMS value of a Sage 300 customer whose terms code has no row in payment-terms.csv: the prefix followed by
 * the code. Such a customer is never written to Intacct (the sync raises an exception naming the missing row).
 */
export const UNMAPPED_TERMS_PREFIX = 'unmapped-terms:';
