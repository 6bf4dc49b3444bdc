import { validateMappings, type CatalogEntry, type MappingEngine, type MappingReport } from '../core/mapping/index.ts';
import type { CompanyRuntime } from './company-runtime.ts';
import { WiringError } from './gl-wiring.ts';
import { readFailure } from '../connectors/intacct/read-failure.ts';
import { UpstreamError } from '../domain/upstream-error.ts';

/**
 * Validates mapping tables for one company against the live Sage 300 chart and the live Intacct catalogs, read over
 * the company's runtime (its reader, and its Intacct client in the entity, within the company's limit and session).
 */
export async function checkCompanyMappings(rt: CompanyRuntime, engine: MappingEngine, asOf: string): Promise<MappingReport> {
  const sage300Accounts: { formatted: string; active: boolean }[] = [];
  for await (const a of rt.reader.gl.accounts())
    if (a.ok) sage300Accounts.push({ formatted: a.value.accountFormatted, active: a.value.active });
  const client = rt.intacctEntity();
  const catalog = async (object: string, idField: string): Promise<CatalogEntry[]> => {
    const rows = await client.readAll(object, '', { fields: [idField, 'STATUS'] });
    if (!rows.ok) {
      const failure = readFailure(object, rows.error);
      throw failure instanceof UpstreamError ? failure : new WiringError(`cannot read ${object} from Intacct: ${rows.error.message}`);
    }
    return rows.value.map((r) => ({ id: typeof r[idField] === 'string' ? r[idField] : '', active: r.STATUS !== 'inactive' }));
  };
  const openPoLines = await readOpenPoLines(rt);
  // ITEM is read only where items matter (a company without purchasing may not grant the integration user ITEM).
  const items =
    engine.tables.items.length > 0 || openPoLines.length > 0 ? { intacct: await catalog('ITEM', 'ITEMID'), openPoLines } : undefined;
  return validateMappings(engine, {
    sage300Accounts,
    asOf,
    ...(items ? { items } : {}),
    intacct: {
      accounts: await catalog('GLACCOUNT', 'ACCOUNTNO'),
      dimensions: {
        DEPARTMENT: await catalog('DEPARTMENT', 'DEPARTMENTID'),
        LOCATION: await catalog('LOCATION', 'LOCATIONID'),
        CLASS: await catalog('CLASS', 'CLASSID'),
        PROJECT: await catalog('PROJECT', 'PROJECTID'),
      },
    },
  });
}

/**
 * The lines the PO sync would send (open orders: POPORH1 not complete; open lines: not completed, quantity
 * outstanding), with their item numbers: what items.csv must cover. Rows the reader cannot normalise are left to
 * the PO sync, which reports them.
 */
async function readOpenPoLines(rt: CompanyRuntime): Promise<{ poNumber: string; line: number; item: string }[]> {
  const lines: { poNumber: string; line: number; item: string }[] = [];
  for await (const r of rt.reader.po.purchaseOrders()) {
    if (!r.ok || r.value.complete) continue;
    for (const l of r.value.lines) {
      const item = l.itemNumber.trim();
      if (!l.completed && l.quantityOutstanding.gt(0) && item !== '')
        lines.push({ poNumber: r.value.poNumber, line: l.lineRevision, item });
    }
  }
  return lines;
}
