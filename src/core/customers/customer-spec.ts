import { parseAmount } from '../../domain/money.ts';
import type { PartyInvalid, PartySpec } from '../parties/party-spec.ts';
import { normaliseName } from '../parties/party-spec.ts';
import { UNMAPPED_TERMS_PREFIX, type CustomerField, type CustomerRecord } from '../ports/customer-ports.ts';
import type { PartySystem } from '../ports/party-ports.ts';

const CUSTOMERS_PIPELINE = 'customers';

/** Every canonical customer field, in a fixed order (hashes and payloads list them this way). */
const CUSTOMER_FIELDS: readonly CustomerField[] = [
  'NAME',
  'STATUS',
  'EMAIL',
  'PHONE',
  'ADDRESS1',
  'ADDRESS2',
  'CITY',
  'STATE',
  'ZIP',
  'CURRENCY',
  'TERMS',
  'CREDITLIMIT',
];

/** Sage 300 column widths a customer written there must fit (ARCUS: IDCUST CHAR(12), NAMECUST CHAR(60), CODECURN CHAR(3)). */
const SAGE300_ID_MAX = 12;
const SAGE300_NAME_MAX = 60;
/** ARCUS address widths (TEXTSTRE1-2 CHAR(60), NAMECITY CHAR(30), CODESTTE CHAR(30), CODEPSTL CHAR(20); AOM, UNCONFIRMED per version). */
const SAGE300_WIDTHS: Partial<Record<CustomerField, number>> = { ADDRESS1: 60, ADDRESS2: 60, CITY: 30, STATE: 30, ZIP: 20 };

/**
 * Probable duplicates: the same name once case, punctuation and spacing are ignored. Sage 300 ARCUS carries no tax
 * id the reader exposes, so unlike vendors the name alone decides; legal suffixes are kept ("Acme Inc" and
 * "Acme LLC" stay apart) because names alone collide more easily. A match is only ever an exception, never a merge.
 */
function customerDuplicateKey(r: CustomerRecord): string | undefined {
  const name = normaliseName(r.fields.NAME, false);
  return name === '' ? undefined : name;
}

/** Why a customer record cannot be written to `target` as it stands. */
function customerInvalidFor(target: PartySystem, id: string, f: Readonly<Record<CustomerField, string>>): PartyInvalid | undefined {
  const from = target === 'sage300' ? 'Intacct' : 'Sage 300';
  if (f.NAME.trim() === '')
    return { message: 'NAME is blank (the customer name is required)', fix: `enter the customer's name in ${from}` };
  if (target === 'intacct') {
    if (f.TERMS.startsWith(UNMAPPED_TERMS_PREFIX)) {
      const code = f.TERMS.slice(UNMAPPED_TERMS_PREFIX.length);
      return {
        message: `Sage 300 terms code "${code}" has no row in payment-terms.csv`,
        fix: `add the row "${code},<Intacct TERMNAME>" to mappings/payment-terms.csv`,
      };
    }
    return undefined;
  }
  if (id.length > SAGE300_ID_MAX)
    return {
      message: `the id is ${id.length} characters; Sage 300 IDCUST holds at most ${SAGE300_ID_MAX}`,
      fix: `create the customer in Sage 300 under an id of at most ${SAGE300_ID_MAX} characters and add the pair to mappings/customers.csv`,
    };
  if (f.NAME.length > SAGE300_NAME_MAX)
    return {
      message: `NAME is ${f.NAME.length} characters; Sage 300 NAMECUST holds at most ${SAGE300_NAME_MAX}`,
      fix: 'shorten the name in Intacct',
    };
  for (const [field, max] of Object.entries(SAGE300_WIDTHS) as [CustomerField, number][]) {
    if (f[field].length > max)
      return { message: `${field} is ${f[field].length} characters; Sage 300 holds at most ${max}`, fix: `shorten ${field} in Intacct` };
  }
  if (f.CREDITLIMIT !== '' && parseAmount(f.CREDITLIMIT) === undefined)
    return { message: `CREDITLIMIT "${f.CREDITLIMIT}" is not an amount`, fix: 'correct the credit limit in Intacct' };
  if (f.CURRENCY !== '' && !/^[A-Z]{3}$/.test(f.CURRENCY))
    return { message: `CURRENCY "${f.CURRENCY}" is not a three-letter currency code`, fix: 'correct the currency in Intacct' };
  return undefined;
}

/**
 * The customer sync as a party sync: ARCUS ↔ CUSTOMER. Credit limit and terms changes are listed one by one with
 * before and after values in every preview (highlighted) and travel in the ordinary change set under the approval
 * policy; no customer field needs the two-approver rule (see README, "sync_customers").
 */
export const CUSTOMER_SPEC: PartySpec<CustomerField> = {
  pipeline: CUSTOMERS_PIPELINE,
  objectType: 'CUSTOMER',
  noun: 'customer',
  mappingFile: 'customers.csv',
  sorSetting: 'sync.customers.systemOfRecord',
  fields: CUSTOMER_FIELDS,
  statusField: 'STATUS',
  nameField: 'NAME',
  sensitive: new Set(),
  sensitiveApprovals: 2,
  sensitiveLabel: 'sensitive',
  highlighted: new Set<CustomerField>(['CREDITLIMIT', 'TERMS']),
  duplicateKey: customerDuplicateKey,
  duplicateBasis: 'same name',
  duplicateFix: 'if they are the same customer, add the row to mappings/customers.csv; otherwise change the name so they can be told apart',
  invalidFor: customerInvalidFor,
  functionLabel: { intacct: 'create/update CUSTOMER', sage300: 'AR/ARCustomers create/update' },
};
