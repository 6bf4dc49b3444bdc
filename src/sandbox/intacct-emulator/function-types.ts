import type { ErrorEntry } from './errors.ts';
import type { RuleContext } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import type { XNode } from './xml-node.ts';

/** An element tree for XMLBuilder (`@_` keys are attributes; arrays repeat the element). */
export type XmlObject = { [key: string]: unknown };

/** What a function handler may use besides state: who is calling and how the request looks. */
export interface FunctionContext extends RuleContext {
  companyId: string;
  endpoint: string;
  /** Functions in the whole request (getAPISession must be alone). */
  functionsInRequest: number;
  /** Opens a session for the current user at the given entity ('' = top level); returns its id. */
  openSession(locationId: string): string;
  /** An opaque id for readByQuery result sets. */
  newResultId(): string;
  /** Switch `arPaymentWithoutItems` (behaviours.ts): whether create_arpayment may leave the whole amount as a credit. */
  arPaymentWithoutItems?: 'credit' | 'refused';
  /** How read functions present a stored record (behaviour switches); identity when absent. */
  present?: (object: string, record: StoredRecord) => StoredRecord;
}

/** One function's answer; the dispatcher wraps it into `<result>`. */
export interface FunctionResult {
  status: 'success' | 'failure';
  /** Legacy create functions answer `<key>` directly under `<result>`. */
  key?: string;
  data?: XmlObject;
  errors?: ErrorEntry[];
}

export type FunctionHandler = (node: XNode, ctx: FunctionContext) => FunctionResult;

export function failure(errors: ErrorEntry[], data?: XmlObject): FunctionResult {
  return data ? { status: 'failure', errors, data } : { status: 'failure', errors };
}
