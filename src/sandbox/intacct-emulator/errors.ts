/**
 * Error numbers the emulator answers with. Official ones are marked; the rest are our documented choices
 * (the real gateway's numbers for those cases are unconfirmed — see README.md).
 */
export const ERR = {
  /** Official: XML parse / schema failure (control level). */
  schema: 'XL03000003',
  /** Official: sign-in failure (control level for the sender, authentication level for the user). */
  auth: 'XL03000006',
  /** Official: transaction="true" rollback marker. */
  rollback: 'XL03000009',
  /** Our choice: uniqueid=true replay of an already-successful function controlid. */
  replay: 'XL03000010',
  /** Official: generic business-logic failure, used for every record-level rule here. */
  business: 'BL01001973',
  /** Our choice: bad function arguments (unknown object, bad query, bad pagesize, unknown resultId…). */
  request: 'DL02000001',
  /** Official: rate limit (HTTP 429). */
  rateLimit: 'GW-0010',
  /** Official code, our use: request rejected by the gateway before parsing (body too large). */
  invalidRequest: 'GW-0011',
  /** Our choice: function element known to the DTD but not emulated. */
  unsupported: 'DL02000002',
  /** Our choice: unexpected emulator bug while running a function. */
  internal: 'XL03000000',
} as const;

/** One `<error>` entry. */
export interface ErrorEntry {
  errorno: string;
  description: string;
  description2: string;
  correction: string;
}

export function err(errorno: string, description: string, description2 = '', correction = ''): ErrorEntry {
  return { errorno, description, description2, correction };
}

export const ROLLBACK_ERROR = err(ERR.rollback, '', 'The entire transaction in this operation has been rolled back due to an error.');

/** A business-rule error that names the offending field in both texts. */
export function fieldError(field: string, description: string, description2: string, correction = ''): ErrorEntry {
  return err(ERR.business, `${field}: ${description}`, description2, correction);
}

export function requestError(description2: string, correction = ''): ErrorEntry {
  return err(ERR.request, 'Invalid request', description2, correction);
}
