import { createIntacctClient } from '../connectors/intacct/index.ts';
import { validateMappings, type CatalogEntry, type MappingReport } from '../core/mapping/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { loadEngine, openReader, WiringError } from './gl-wiring.ts';

/** Validates the mapping files for one company against the live Sage 300 chart and the live Intacct catalogs. */
export async function checkMappings(config: Config, company: Sage300CompanyConfig, asOf: string, log: Logger): Promise<MappingReport> {
  const engine = loadEngine(config, company);
  const reader = openReader(company, log);
  const sage300Accounts: { formatted: string; active: boolean }[] = [];
  try {
    for await (const a of reader.gl.accounts()) if (a.ok) sage300Accounts.push({ formatted: a.value.accountFormatted, active: a.value.active });
  } finally {
    await reader.close();
  }
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany);
  if (!intacctConfig) throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
  const client = createIntacctClient(company.intacctEntityId ? { ...intacctConfig, entityId: company.intacctEntityId } : intacctConfig, { log });
  const catalog = async (object: string, idField: string): Promise<CatalogEntry[]> => {
    const rows = await client.readAll(object, '', { fields: [idField, 'STATUS'] });
    if (!rows.ok) throw new WiringError(`cannot read ${object} from Intacct: ${rows.error.message}`);
    return rows.value.map((r) => ({ id: typeof r[idField] === 'string' ? r[idField] : '', active: r.STATUS !== 'inactive' }));
  };
  try {
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
  } finally {
    await client.close();
  }
}
