/** Public value types of the Intacct XML client. No runtime code lives here. */
import type { IntacctError } from './errors.ts';
import type { Result } from '../../domain/result.ts';

export type Outcome<T> = Result<T, IntacctError>;

/** Element name -> text (always a string from the wire) | nested record | repeated records. */
export type IntacctRecord = Record<string, unknown>;

/** How to find a record again when a write turns out to have been applied earlier. */
export interface ReadBackSpec {
  object: string;
  /** A readByQuery query, e.g. `REFERENCENO = 'JE-42'`. */
  query: string;
}

export interface WriteOptions {
  /** Stable key of the business effect; the function controlid is derived from it. */
  idempotencyKey: string;
  readBack?: ReadBackSpec;
}

export interface WriteResult {
  controlId: string;
  /** True when Intacct said this controlid had already been executed (a replay). */
  alreadyApplied: boolean;
  recordNo?: string;
  /** Legacy create_* functions answer with `<key>`. */
  key?: string;
  record?: IntacctRecord;
}

export type ResultStatus = 'success' | 'failure' | 'aborted';

export interface FunctionResult {
  status: ResultStatus;
  function: string;
  controlId: string;
  alreadyApplied: boolean;
  key?: string;
  listType?: string;
  count?: number;
  totalCount?: number;
  numRemaining?: number;
  resultId?: string;
  offset?: number;
  data: IntacctRecord[];
}

export interface Page {
  records: IntacctRecord[];
  totalCount: number;
  numRemaining: number;
}

type FilterOperator =
  | 'equalto'
  | 'notequalto'
  | 'lessthan'
  | 'lessthanorequalto'
  | 'greaterthan'
  | 'greaterthanorequalto'
  | 'like'
  | 'notlike'
  | 'isnull'
  | 'isnotnull'
  | 'in'
  | 'notin'
  | 'between';

export type QueryFilter = { and: QueryFilter[] } | { or: QueryFilter[] } | { op: FilterOperator; field: string; value?: string | string[] };

export interface QuerySpec {
  object: string;
  select: string[];
  filter?: QueryFilter;
  orderBy?: { field: string; descending?: boolean }[];
  caseInsensitive?: boolean;
}

/** Either an ISO date range (yyyy-mm-dd) or a named reporting period. */
export type TrialBalanceSpec =
  { startDate: string; endDate: string; reportingPeriodName?: never } | { reportingPeriodName: string; startDate?: never; endDate?: never };

export interface TrialBalanceRow {
  glAccountNo: string;
  startBalance: string;
  debits: string;
  credits: string;
  endBalance: string;
  departmentId?: string;
  locationId?: string;
}

/** One `<function>` ready to send; built by `fn.*`, executed by `client.execute`. */
export interface IntacctFunction {
  /** Element name inside `<function>`, e.g. `create`, `readByQuery`, `create_invoice`. */
  name: string;
  /** A write makes its request `uniqueid=true` and is never blindly resent after a timeout. */
  write: boolean;
  controlId: string;
  /** fast-xml-parser `preserveOrder` builder node for the function element. */
  body: unknown;
  readBack?: ReadBackSpec;
  object?: string;
}
