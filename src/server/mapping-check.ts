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
  return validateMappings(engine, {
    sage300Accounts,
    asOf,
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
