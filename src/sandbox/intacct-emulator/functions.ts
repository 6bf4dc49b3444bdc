import { companyPrefsFunction } from './company-prefs.ts';
import type { FunctionHandler } from './function-types.ts';
import { applyArPaymentFunction, createArPaymentFunction } from './ar-cash-functions.ts';
import { createSupdocFunction } from './attachment-functions.ts';
import { createInvoiceFunction } from './legacy-functions.ts';
import { approveFunction, declineFunction } from './po-approval.ts';
import { createPoTransactionWorkflow, updatePoTransactionFunction } from './po-workflow.ts';
import { queryFunction, readByNameFunction, readByQueryFunction, readFunction, readMoreFunction } from './read-functions.ts';
import { getApiSessionFunction } from './session-function.ts';
import { trialBalanceFunction } from './trial-balance.ts';
import { createFunction, deleteFunction, updateFunction } from './write-functions.ts';

/** Function elements the emulator implements, by element name. */
export const FUNCTION_HANDLERS: Readonly<Record<string, FunctionHandler>> = {
  getAPISession: getApiSessionFunction,
  create: createFunction,
  update: updateFunction,
  delete: deleteFunction,
  read: readFunction,
  readByName: readByNameFunction,
  readByQuery: readByQueryFunction,
  readMore: readMoreFunction,
  query: queryFunction,
  create_invoice: createInvoiceFunction,
  create_potransaction: createPoTransactionWorkflow,
  update_potransaction: updatePoTransactionFunction,
  approve: approveFunction,
  decline: declineFunction,
  get_trialbalance: trialBalanceFunction,
  create_supdoc: createSupdocFunction,
  create_arpayment: createArPaymentFunction,
  apply_arpayment: applyArPaymentFunction,
  get_companyprefs: companyPrefsFunction,
};

/** Functions that change state: the hangAfterCommit fault only fires for requests containing one. */
export const WRITE_FUNCTIONS: ReadonlySet<string> = new Set([
  'create',
  'update',
  'delete',
  'create_invoice',
  'create_potransaction',
  'update_potransaction',
  'create_supdoc',
  'create_arpayment',
  'apply_arpayment',
  'approve',
  'decline',
]);

/**
 * Valid in the 3.0 DTD but not emulated: answered with a result-level failure rather than the schema error an
 * unknown element gets, so a client sees the difference between "bad XML" and "emulator gap". Not exhaustive.
 */
const KNOWN_UNEMULATED: ReadonlySet<string> = new Set([
  'lookup',
  'inspect',
  'getDimensions',
  'post',
  'reverse',
  'get_list',
  'get',
  'create_bill',
  'update_bill',
  'delete_bill',
  'update_invoice',
  'delete_invoice',
  'reverse_invoice',
  'delete_potransaction',
  'create_sotransaction',
  'get_accountbalances',
  'get_accountbalancesbydimensions',
  'delete_vendor',
  'delete_customer',
  'delete_project',
  'create_gltransaction',
  'create_journal',
  'installApp',
  'getUserPermissions',
  'getFinancialSetup',
]);

export function isKnownFunction(name: string): boolean {
  return name in FUNCTION_HANDLERS || KNOWN_UNEMULATED.has(name);
}
