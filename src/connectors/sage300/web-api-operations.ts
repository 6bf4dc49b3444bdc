/** The resource-agnostic operations of the Sage 300 Web API client, shared by the client and its typed resources. */
import type { WebApiOutcome } from './web-api-errors.ts';
import type { EntityKey, ODataQuery } from './web-api-odata.ts';
import type { ProbeResult } from './web-api-transport.ts';

export interface ODataPage<T> {
  value: T[];
  nextLink?: string;
  count?: number;
}

export interface CreateOptions {
  /** The key the new record will have; lets a lost response be resolved by a read-back GET. */
  key?: EntityKey;
  /** Custom read-back for creates whose key is system-assigned (batches, receipts). */
  probe?: () => Promise<ProbeResult>;
}

/** Resource-agnostic operations; `resource` is `MODULE/Resource`, e.g. `AP/APVendors`. */
export interface Sage300WebApiOperations {
  getOne<T>(resource: string, key: EntityKey, select?: readonly string[]): Promise<WebApiOutcome<T>>;
  /** One page (Sage pages at 100 by default). */
  listPage<T>(resource: string, query?: ODataQuery): Promise<WebApiOutcome<ODataPage<T>>>;
  /** Follows `@odata.nextLink`, re-applying our own options each time (Sage drops `$select` from it). */
  listAll<T>(resource: string, query?: ODataQuery, options?: { maxItems?: number }): Promise<WebApiOutcome<T[]>>;
  create<T>(resource: string, body: unknown, options?: CreateOptions): Promise<WebApiOutcome<T>>;
  /** PATCH of fields by key; repeatable because it sets values rather than adding to them. */
  patch(resource: string, key: EntityKey, body: unknown): Promise<WebApiOutcome<void>>;
  /** PUT (replace) by key; repeatable. */
  put(resource: string, key: EntityKey, body: unknown): Promise<WebApiOutcome<void>>;
  /** `POST …/Resource('$process')`; repeated only when `probe` proves the first run did not happen. */
  process(resource: string, body: unknown, options?: { probe?: () => Promise<ProbeResult> }): Promise<WebApiOutcome<unknown>>;
}
