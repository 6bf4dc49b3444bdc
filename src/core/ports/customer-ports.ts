import type { CustomerField, PartyRecord, PartyWrite } from '../../domain/party.ts';

// Ports import only the domain: CustomerSidePort is declared beside its generic PartySidePort in party-ports.ts.
export type { CustomerField } from '../../domain/party.ts';

export type CustomerRecord = PartyRecord<CustomerField>;
export type CustomerWrite = PartyWrite<CustomerField>;

/**
 * The TERMS value of a Sage 300 customer whose terms code has no row in payment-terms.csv: the prefix followed by
 * the code. Such a customer is never written to Intacct (the sync raises an exception naming the missing row).
 */
export const UNMAPPED_TERMS_PREFIX = 'unmapped-terms:';
