/**
 * Single-table master-data resources (APVendors, ARCustomers, GLAccounts): GET by key and collection, POST
 * create, PATCH/PUT update. Sage-side defaults and rules (inactivation with an open balance) are per resource.
 */
import { Money } from '../../domain/money.ts';
import { insertStamped, sageToday, selectRow, updateRow, type WriteContext } from './db-write.ts';
import { bodyToColumns, cellText, keyToStored, rowToWire, type ResourceMap, type StoredValue } from './field-map.ts';
import type { JsonValue } from './json-wire.ts';
import { AP_VENDORS } from './map-ap-vendors.ts';
import { AR_CUSTOMERS } from './map-ar-customers.ts';
import { GL_ACCOUNTS } from './map-gl-accounts.ts';
import { queryCollection, type CollectionResult } from './odata-sql.ts';
import { badPayload, businessRule, duplicate, failed, ok, recordNotFound, type Handled } from './sage-errors.ts';

export interface MasterDataResource {
  map: ResourceMap;
  /** Wire name of the single key property. */
  keyName: string;
  /** Properties a create must carry (besides the key). */
  required: readonly string[];
  writable: boolean;
  /** Columns a new record gets unless the body sets them. */
  defaults?: (ctx: WriteContext) => Record<string, StoredValue>;
  /** Checks a change against the current row; `next` holds the columns the request sets. */
  checkUpdate?: (ctx: WriteContext, current: Record<string, unknown>, next: Map<string, StoredValue>) => Handled<void>;
}

const isZero = (text: unknown) => new Money(cellText(text) || '0').isZero();

/** Activating clears the inactive date; inactivating stamps today unless the body gave one. */
function activeSwitchDates(ctx: WriteContext, next: Map<string, StoredValue>): void {
  if (next.get('SWACTV') === 0 && !next.has('DATEINAC')) next.set('DATEINAC', sageToday(ctx.now()));
  if (next.get('SWACTV') === 1) next.set('DATEINAC', 0);
}

function openBalanceRule(what: string, keyColumn: string, docsTable: string, partyColumn: string) {
  return (ctx: WriteContext, current: Record<string, unknown>, next: Map<string, StoredValue>): Handled<void> => {
    if (next.get('SWACTV') === 0 && Number(current.SWACTV) !== 0) {
      const openDocs = ctx.db
        .prepare(`SELECT COUNT(*) AS n FROM "${docsTable}" WHERE "${partyColumn}" = ? AND "SWPAID" = 0 AND CAST("AMTDUEHC" AS REAL) <> 0`)
        .get(current[keyColumn]) as { n: number };
      if (!isZero(current.AMTBALDUEH) || Number(current.CNTOPENINV) > 0 || openDocs.n > 0) {
        return businessRule(`${what} has outstanding transactions and cannot be made inactive.`);
      }
    }
    activeSwitchDates(ctx, next);
    return ok(undefined);
  };
}

const masterDefaults = (ctx: WriteContext) => ({ SWACTV: 1, DATESTART: sageToday(ctx.now()), DATELASTMN: sageToday(ctx.now()) });

export const MASTER_DATA: Readonly<Record<string, MasterDataResource>> = {
  'AP/APVendors': {
    map: AP_VENDORS,
    keyName: 'VendorNumber',
    required: ['VendorName'],
    writable: true,
    defaults: masterDefaults,
    checkUpdate: openBalanceRule('Vendor', 'VENDORID', 'APOBL', 'IDVEND'),
  },
  'AR/ARCustomers': {
    map: AR_CUSTOMERS,
    keyName: 'CustomerNumber',
    required: ['CustomerName'],
    writable: true,
    defaults: masterDefaults,
    checkUpdate: openBalanceRule('Customer', 'IDCUST', 'AROBL', 'IDCUST'),
  },
  'GL/GLAccounts': { map: GL_ACCOUNTS, keyName: 'UnformattedAccount', required: [], writable: false },
};

function keyOf(res: MasterDataResource, key: string | number): Handled<{ column: string; value: StoredValue }> {
  const field = res.map.byName.get(res.keyName)!;
  const value = keyToStored(field, key);
  if (value === undefined) return failed(400, 'InvalidEntityKey', `'${String(key)}' is not a valid key for '${res.map.entitySet}'.`);
  return ok({ column: field.column, value });
}

export function getMasterRecord(ctx: WriteContext, res: MasterDataResource, key: string | number): Handled<Record<string, unknown>> {
  const k = keyOf(res, key);
  if (!k.ok) return k;
  const row = selectRow(ctx.db, res.map.table, { [k.value.column]: k.value.value });
  return row ? ok(rowToWire(res.map, row)) : recordNotFound();
}

export function listMasterRecords(ctx: WriteContext, res: MasterDataResource, search: URLSearchParams): Handled<CollectionResult> {
  return queryCollection(ctx.db, res.map, search);
}

export function createMasterRecord(ctx: WriteContext, res: MasterDataResource, body: JsonValue): Handled<Record<string, unknown>> {
  const parsed = bodyToColumns(res.map, body);
  if (!parsed.ok) return parsed;
  const keyField = res.map.byName.get(res.keyName)!;
  const keyValue = parsed.value.columns.get(keyField.column);
  if (typeof keyValue !== 'string' || keyValue.trim() === '') return badPayload(`The property '${res.keyName}' is required.`);
  for (const name of res.required) {
    const value = parsed.value.columns.get(res.map.byName.get(name)!.column);
    if (typeof value !== 'string' || value.trim() === '') return badPayload(`The property '${name}' is required.`);
  }
  if (selectRow(ctx.db, res.map.table, { [keyField.column]: keyValue })) {
    return duplicate(`${res.map.entitySet} record '${keyValue.trimEnd()}' already exists.`);
  }
  const row: Record<string, StoredValue> = { ...(res.defaults?.(ctx) ?? {}), ...Object.fromEntries(parsed.value.columns) };
  if (row.SWACTV === 0 && !parsed.value.columns.has('DATEINAC')) row.DATEINAC = sageToday(ctx.now());
  insertStamped(ctx, res.map.table, row);
  return ok(rowToWire(res.map, selectRow(ctx.db, res.map.table, { [keyField.column]: keyValue })!));
}

export function updateMasterRecord(ctx: WriteContext, res: MasterDataResource, key: string | number, body: JsonValue): Handled<void> {
  const k = keyOf(res, key);
  if (!k.ok) return k;
  const parsed = bodyToColumns(res.map, body);
  if (!parsed.ok) return parsed;
  const next = parsed.value.columns;
  const bodyKey = next.get(k.value.column);
  if (bodyKey !== undefined && bodyKey !== k.value.value)
    return badPayload(`The property '${res.keyName}' does not match the key in the URL.`);
  next.delete(k.value.column);
  const current = selectRow(ctx.db, res.map.table, { [k.value.column]: k.value.value });
  if (!current) return recordNotFound();
  const checked = res.checkUpdate?.(ctx, current, next) ?? ok(undefined);
  if (!checked.ok) return checked;
  if ('DATELASTMN' in current) next.set('DATELASTMN', sageToday(ctx.now()));
  updateRow(ctx, res.map.table, { [k.value.column]: k.value.value }, Object.fromEntries(next));
  return ok(undefined);
}
