/**
 * The endpoints the emulator serves, keyed `MODULE/Resource`, and which verbs each accepts (reference §8.4:
 * master data GET/POST/PUT/PATCH; transactions GET/POST/PATCH; process resources POST `$process` only).
 * Anything absent answers 405 MethodNotAllowed (known resource) or 404 ResourceNotFound.
 */
import type { WriteContext } from './db-write.ts';
import { rowToWire } from './field-map.ts';
import { createGlBatch, getGlBatch, listGlBatches, patchGlBatch } from './gl-batches.ts';
import { GL_POST_TEMPLATE, postGlBatches } from './gl-posting.ts';
import type { JsonValue } from './json-wire.ts';
import {
  createMasterRecord,
  getMasterRecord,
  listMasterRecords,
  MASTER_DATA,
  updateMasterRecord,
  type MasterDataResource,
} from './master-data.ts';
import type { CollectionResult } from './odata-sql.ts';
import { getPo, listPos, patchPo } from './po-orders.ts';
import { createReceipt, getReceipt, listReceipts } from './po-receipts.ts';
import { ok, type Handled } from './sage-errors.ts';

export type Listing = Omit<CollectionResult, 'rows'> & { wire: Record<string, unknown>[] };

export interface ResourceHandlers {
  list?: (ctx: WriteContext, search: URLSearchParams) => Handled<Listing>;
  get?: (ctx: WriteContext, key: string | number) => Handled<Record<string, unknown>>;
  create?: (ctx: WriteContext, body: JsonValue) => Handled<Record<string, unknown>>;
  /** PATCH, and PUT where the resource allows it. */
  update?: (ctx: WriteContext, key: string | number, body: JsonValue) => Handled<void>;
  allowPut?: boolean;
  /** `$process`; no response body on success. */
  process?: (ctx: WriteContext, body: JsonValue) => Handled<unknown>;
  template?: Record<string, unknown>;
}

function masterHandlers(res: MasterDataResource): ResourceHandlers {
  const handlers: ResourceHandlers = {
    list: (ctx, search) => {
      const result = listMasterRecords(ctx, res, search);
      if (!result.ok) return result;
      return ok({ ...result.value, wire: result.value.rows.map((r) => rowToWire(res.map, r)) });
    },
    get: (ctx, key) => getMasterRecord(ctx, res, key),
  };
  if (res.writable) {
    handlers.create = (ctx, body) => createMasterRecord(ctx, res, body);
    handlers.update = (ctx, key, body) => updateMasterRecord(ctx, res, key, body);
    handlers.allowPut = true;
  }
  return handlers;
}

export const RESOURCES: ReadonlyMap<string, ResourceHandlers> = new Map<string, ResourceHandlers>([
  ...Object.entries(MASTER_DATA).map(([name, res]): [string, ResourceHandlers] => [name, masterHandlers(res)]),
  ['GL/GLJournalBatches', { list: listGlBatches, get: getGlBatch, create: createGlBatch, update: patchGlBatch }],
  ['GL/GLPostJournal', { process: postGlBatches, template: GL_POST_TEMPLATE }],
  // PATCH here is an UNCONFIRMED sandbox extension (the endpoint reference lists GET and POST).
  ['PO/POPurchaseOrders', { list: listPos, get: getPo, update: patchPo }],
  ['PO/POReceipts', { create: createReceipt }],
  ['PO/POGetReceipts', { list: listReceipts, get: getReceipt }],
]);
