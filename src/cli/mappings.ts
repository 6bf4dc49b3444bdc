import { createIntacctClient } from '../connectors/intacct/index.ts';
import { formatReport, validateMappings, type CatalogEntry } from '../core/mapping/index.ts';
import type { Config } from '../platform/config.ts';
import { loadEngine, openReader, pickCompany } from '../server/gl-wiring.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { MAPPINGS_HELP } from './help.ts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** `sagebridge mappings validate`: the mapping files against both live charts, with file:line for every problem. */
export async function runMappings(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    io.out(MAPPINGS_HELP);
    return action === undefined ? 2 : 0;
  }
  if (action !== 'validate') throw new UsageError(`unknown mappings action "${action}"; available: validate`);
  const { values } = parseFlags(rest, { company: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } });
  const asOf = values['as-of'] ?? new Date().toISOString().slice(0, 10);
  if (!DATE_RE.test(asOf) || new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf) throw new UsageError(`--as-of expects a real date YYYY-MM-DD, got "${asOf}"`);
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG');
  const company = pickCompany(config, values.company);
  const engine = loadEngine(config, company);

  const reader = openReader(company, io.log);
  const sage300Accounts: { formatted: string; active: boolean }[] = [];
  try {
    for await (const a of reader.gl.accounts()) if (a.ok) sage300Accounts.push({ formatted: a.value.accountFormatted, active: a.value.active });
  } finally {
    await reader.close();
  }
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany)!;
  const client = createIntacctClient(company.intacctEntityId ? { ...intacctConfig, entityId: company.intacctEntityId } : intacctConfig, { log: io.log });
  const catalog = async (object: string, idField: string): Promise<CatalogEntry[]> => {
    const rows = await client.readAll(object, '', { fields: [idField, 'STATUS'] });
    if (!rows.ok) throw new UsageError(`cannot read ${object} from Intacct: ${rows.error.message}`);
    return rows.value.map((r) => ({ id: typeof r[idField] === 'string' ? r[idField] : '', active: r.STATUS !== 'inactive' }));
  };
  try {
    const report = validateMappings(engine, {
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
    io.out(values.json ? JSON.stringify(report) : formatReport(report));
    return report.ok ? 0 : 3;
  } finally {
    await client.close();
  }
}
