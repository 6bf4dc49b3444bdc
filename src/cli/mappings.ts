import { formatReport } from '../core/mapping/index.ts';
import type { Config } from '../platform/config.ts';
import { pickCompany, WiringError } from '../server/gl-wiring.ts';
import { checkMappings } from '../server/mapping-check.ts';
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
  let report;
  try {
    report = await checkMappings(config, company, asOf, io.log);
  } catch (err) {
    if (err instanceof WiringError) throw new UsageError(err.message);
    throw err;
  }
  io.out(values.json ? JSON.stringify(report) : formatReport(report));
  return report.ok ? 0 : 3;
}
