/**
 * Typed operations on the resources the sync pipelines read and write. Each names the endpoint and the
 * properties it uses; anything not in the reference's official samples is flagged UNCONFIRMED here.
 *
 * Endpoints (reference §8.4): AP/APVendors, AR/ARCustomers, GL/GLAccounts, GL/GLJournalBatches,
 * GL/GLPostJournal($process), PO/POPurchaseOrders, PO/POReceipts (POST) + PO/POGetReceipts (GET).
 */
import type { CreateOptions, ODataPage, Sage300WebApiOperations } from './web-api-operations.ts';
import { makeWebApiError, type WebApiOutcome } from './web-api-errors.ts';
import { f, type ODataFilter, type ODataQuery } from './web-api-odata.ts';
import type { ProbeResult } from './web-api-transport.ts';
import type {
  ApVendor,
  ApVendorCreate,
  ApVendorFields,
  ArCustomer,
  ArCustomerCreate,
  ArCustomerFields,
  WebApiGlAccount,
  GlJournalBatch,
  GlJournalBatchCreate,
  PoPurchaseOrder,
  WebApiPoReceipt,
  PoReceiptCreate,
  PoStatusUpdate,
} from './web-api-types.ts';

const VENDORS = 'AP/APVendors';
const CUSTOMERS = 'AR/ARCustomers';
const GL_ACCOUNTS = 'GL/GLAccounts';
const GL_BATCHES = 'GL/GLJournalBatches';
const GL_POST = 'GL/GLPostJournal';
const PURCHASE_ORDERS = 'PO/POPurchaseOrders';
const RECEIPTS = 'PO/POReceipts';
const RECEIPTS_READ = 'PO/POGetReceipts';

/** Properties that carry amounts; integers arrive as JSON numbers and are turned into text like the rest. */
const AMOUNT_FIELDS = new Set([
  'CreditLimit',
  'BalanceDueInVendorCurrency',
  'BalanceDueInFunctionalCurrency',
  'CreditLimitCustomerCurrency',
  'BalanceDueInCustomerCurrency',
  'QuantityOrdered',
  'QuantityReceived',
  'QuantityCanceled',
  'QuantityOutstanding',
  'UnitCost',
  'ExtendedCost',
  'DocumentTotal',
  'Debits',
  'Credits',
  'Amount',
  'SourceCurrencyAmount',
]);

function amountsAsText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(amountsAsText);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = AMOUNT_FIELDS.has(k) && typeof v === 'number' ? String(v) : amountsAsText(v);
  }
  return out;
}

function normalised<T>(out: WebApiOutcome<T>): WebApiOutcome<T> {
  return out.ok ? { ok: true, value: amountsAsText(out.value) as T } : out;
}

interface GlPostResult {
  batchNumber: string;
  postingSequence?: number;
  /** True when a lost response was resolved by reading the batch back as already posted. */
  resolvedByReadBack: boolean;
}

export interface Sage300Resources {
  vendors: {
    list(query?: ODataQuery): Promise<WebApiOutcome<ApVendor[]>>;
    page(query?: ODataQuery): Promise<WebApiOutcome<ODataPage<ApVendor>>>;
    get(vendorNumber: string): Promise<WebApiOutcome<ApVendor>>;
    create(vendor: ApVendorCreate): Promise<WebApiOutcome<ApVendor>>;
    update(vendorNumber: string, fields: ApVendorFields): Promise<WebApiOutcome<void>>;
    /** Sage keeps vendors forever (history); the pipelines never DELETE, they inactivate. */
    inactivate(vendorNumber: string, inactiveDate: string): Promise<WebApiOutcome<void>>;
  };
  customers: {
    list(query?: ODataQuery): Promise<WebApiOutcome<ArCustomer[]>>;
    get(customerNumber: string): Promise<WebApiOutcome<ArCustomer>>;
    create(customer: ArCustomerCreate): Promise<WebApiOutcome<ArCustomer>>;
    update(customerNumber: string, fields: ArCustomerFields): Promise<WebApiOutcome<void>>;
  };
  glAccounts: {
    list(query?: ODataQuery): Promise<WebApiOutcome<WebApiGlAccount[]>>;
    get(unformattedAccount: string): Promise<WebApiOutcome<WebApiGlAccount>>;
  };
  purchaseOrders: {
    list(query?: ODataQuery): Promise<WebApiOutcome<PoPurchaseOrder[]>>;
    get(sequenceKey: number): Promise<WebApiOutcome<PoPurchaseOrder>>;
    findByNumber(purchaseOrderNumber: string): Promise<WebApiOutcome<PoPurchaseOrder>>;
    /** PATCH of header status fields. UNCONFIRMED: the endpoint reference lists POPurchaseOrders as GET/POST only. */
    updateStatus(sequenceKey: number, update: PoStatusUpdate): Promise<WebApiOutcome<void>>;
  };
  receipts: {
    /** POST PO/POReceipts; a lost response is resolved by finding the receipt by PO number + Reference. */
    create(receipt: PoReceiptCreate): Promise<WebApiOutcome<WebApiPoReceipt>>;
    list(query?: ODataQuery): Promise<WebApiOutcome<WebApiPoReceipt[]>>;
  };
  glBatches: {
    /** POST GL/GLJournalBatches; the batch number is system-assigned, so `Description` is the read-back tag. */
    create(batch: GlJournalBatchCreate): Promise<WebApiOutcome<GlJournalBatch>>;
    get(batchNumber: string): Promise<WebApiOutcome<GlJournalBatch>>;
    list(query?: ODataQuery): Promise<WebApiOutcome<GlJournalBatch[]>>;
    /** PATCH `{"Status":"ReadyToPost"}` (the AP analogue `BatchStatus` is documented; GL `Status` is UNCONFIRMED). */
    setReadyToPost(batchNumber: string): Promise<WebApiOutcome<void>>;
    /** POST GL/GLPostJournal('$process') with FromBatchNumber/ToBatchNumber (names UNCONFIRMED). */
    post(batchNumber: string): Promise<WebApiOutcome<GlPostResult>>;
  };
}

/** Read-back that says whether any record matches the filter. */
function existsProbe(ops: Sage300WebApiOperations, resource: string, filter: ODataFilter): () => Promise<ProbeResult> {
  return async () => {
    const page = await ops.listPage(resource, { filter, top: 1 });
    if (!page.ok) return 'unavailable';
    return page.value.value.length > 0 ? 'present' : 'absent';
  };
}

export function bindSage300Resources(ops: Sage300WebApiOperations): Sage300Resources {
  const list = async <T>(resource: string, query?: ODataQuery): Promise<WebApiOutcome<T[]>> =>
    normalised(await ops.listAll<T>(resource, query));
  const get = async <T>(resource: string, key: string | number): Promise<WebApiOutcome<T>> =>
    normalised(await ops.getOne<T>(resource, key));
  const create = async <T>(resource: string, body: unknown, options: CreateOptions): Promise<WebApiOutcome<T>> =>
    normalised(await ops.create<T>(resource, body, options));

  const batchStatusProbe = (batchNumber: string) => async (): Promise<ProbeResult> => {
    const batch = await ops.getOne<GlJournalBatch>(GL_BATCHES, batchNumber);
    if (!batch.ok) return 'unavailable';
    if (batch.value.Status === 'Posted') return 'present';
    return batch.value.Status === 'Open' || batch.value.Status === 'ReadyToPost' ? 'absent' : 'unavailable';
  };

  return {
    vendors: {
      list: (query) => list<ApVendor>(VENDORS, query),
      page: async (query) => normalised(await ops.listPage<ApVendor>(VENDORS, query)),
      get: (vendorNumber) => get<ApVendor>(VENDORS, vendorNumber),
      create: (vendor) => create<ApVendor>(VENDORS, vendor, { key: vendor.VendorNumber }),
      update: (vendorNumber, fields) => ops.patch(VENDORS, vendorNumber, fields),
      inactivate: (vendorNumber, inactiveDate) => ops.patch(VENDORS, vendorNumber, { Status: 'Inactive', InactiveDate: inactiveDate }),
    },
    customers: {
      list: (query) => list<ArCustomer>(CUSTOMERS, query),
      get: (customerNumber) => get<ArCustomer>(CUSTOMERS, customerNumber),
      create: (customer) => create<ArCustomer>(CUSTOMERS, customer, { key: customer.CustomerNumber }),
      update: (customerNumber, fields) => ops.patch(CUSTOMERS, customerNumber, fields),
    },
    glAccounts: {
      list: (query) => list<WebApiGlAccount>(GL_ACCOUNTS, query),
      get: (account) => get<WebApiGlAccount>(GL_ACCOUNTS, account),
    },
    purchaseOrders: {
      list: (query) => list<PoPurchaseOrder>(PURCHASE_ORDERS, query),
      get: (sequenceKey) => get<PoPurchaseOrder>(PURCHASE_ORDERS, sequenceKey),
      async findByNumber(purchaseOrderNumber) {
        const found = await list<PoPurchaseOrder>(PURCHASE_ORDERS, { filter: f.eq('PurchaseOrderNumber', purchaseOrderNumber), top: 1 });
        if (!found.ok) return found;
        const first = found.value[0];
        if (first === undefined) {
          return {
            ok: false,
            error: makeWebApiError({
              code: 'not_found',
              request: `GET ${PURCHASE_ORDERS}`,
              text: `no purchase order ${purchaseOrderNumber}`,
            }),
          };
        }
        return { ok: true, value: first };
      },
      async updateStatus(sequenceKey, update) {
        const out = await ops.patch(PURCHASE_ORDERS, sequenceKey, update);
        if (out.ok || out.error.httpStatus !== 405) return out;
        // The endpoint reference lists PO/POPurchaseOrders as GET and POST only; there is no other documented route.
        return {
          ok: false,
          error: makeWebApiError({
            code: 'validation',
            ...(out.error.request === undefined ? {} : { request: out.error.request }),
            httpStatus: 405,
            ...(out.error.sageCode === undefined ? {} : { sageCode: out.error.sageCode }),
            text:
              'this Sage 300 Web API refuses PATCH on PO/POPurchaseOrders (behaviour "PATCH on POPurchaseOrders refused"), ' +
              "so a purchase order's hold or completion cannot be written back through it; change it in Sage 300",
          }),
        };
      },
    },
    receipts: {
      create: (receipt) =>
        create<WebApiPoReceipt>(RECEIPTS, receipt, {
          probe: existsProbe(
            ops,
            RECEIPTS_READ,
            f.and(f.eq('PurchaseOrderNumber', receipt.PurchaseOrderNumber), f.eq('Reference', receipt.Reference)),
          ),
        }),
      list: (query) => list<WebApiPoReceipt>(RECEIPTS_READ, query),
    },
    glBatches: {
      async create(batch) {
        const byTag = f.eq('Description', batch.Description);
        const out = await create<GlJournalBatch>(GL_BATCHES, batch, { probe: existsProbe(ops, GL_BATCHES, byTag) });
        if (!out.ok || (typeof out.value.BatchNumber === 'string' && out.value.BatchNumber !== '')) return out;
        // A create answered without the entity (HTTP 204, UNCONFIRMED §11): the Description tag finds the new batch.
        const found = await list<GlJournalBatch>(GL_BATCHES, { filter: byTag, top: 1 });
        if (!found.ok) return found;
        const first = found.value[0];
        if (first !== undefined) return { ok: true, value: first };
        return {
          ok: false,
          error: makeWebApiError({
            code: 'unknown_outcome',
            request: `POST ${GL_BATCHES}`,
            text: `the create was answered without the batch and no batch has Description '${batch.Description}'`,
          }),
        };
      },
      get: (batchNumber) => get<GlJournalBatch>(GL_BATCHES, batchNumber),
      list: (query) => list<GlJournalBatch>(GL_BATCHES, query),
      setReadyToPost: (batchNumber) => ops.patch(GL_BATCHES, batchNumber, { Status: 'ReadyToPost' }),
      async post(batchNumber) {
        const out = await ops.process(
          GL_POST,
          { FromBatchNumber: batchNumber, ToBatchNumber: batchNumber },
          { probe: batchStatusProbe(batchNumber) },
        );
        // Posting converges on a state ("batch posted"), so a read-back that finds it posted is success.
        const resolvedByReadBack = !out.ok && out.error.code === 'unknown_outcome' && out.error.probe === 'found';
        if (!out.ok && !resolvedByReadBack) return out;
        const batch = await ops.getOne<GlJournalBatch>(GL_BATCHES, batchNumber);
        if (!batch.ok) return { ok: true, value: { batchNumber, resolvedByReadBack } };
        return {
          ok: true,
          value: {
            batchNumber,
            resolvedByReadBack,
            ...(batch.value.PostingSequence === undefined ? {} : { postingSequence: batch.value.PostingSequence }),
          },
        };
      },
    },
  };
}
