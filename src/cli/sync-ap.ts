import { apPipeline, type ApPreview, type ApSyncSummary } from '../core/ap/ap-pipeline.ts';
import { runChangeSet } from '../core/sync/engine.ts';
import type { ApSelection } from '../core/ports/ap-ports.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { wireAp } from '../server/ap-wiring.ts';
import { openAuditLog } from '../server/audit-log.ts';
import { openStateStore, pickCompany } from '../server/gl-wiring.ts';
import { parseFlags, UsageError } from './args.ts';
import { auditedCommand } from './cli-audit.ts';
import { operatorConfirmation } from './operator-confirm.ts';
import { parseSelectionFlags } from './selection.ts';
import type { CliIo } from './emulate.ts';
import { SYNC_AP_HELP } from './help.ts';
import { SYNC_EXIT } from './sync-gl.ts';


function previewLines(p: ApPreview): string[] {
  const totals = Object.entries(p.totalsByCurrency).map(([c, t]) => `${t} ${c}`).join(', ') || 'nothing';
  const lines = [
    `Change set ${p.changeSetId} (digest ${p.digest.slice(0, 12)}…): ${p.toSend} bills to create in Intacct, ${p.skipped} already there, ${p.exceptions} to the exceptions queue.`,
    `Bill totals (credit notes negative): ${totals}.`,
  ];
  for (const problem of p.problems.slice(0, 5)) lines.push(`  ! ${problem.class}: ${problem.message}`);
  if (p.problems.length > 5) lines.push(`  … and ${p.problems.length - 5} more`);
  return lines;
}

function summaryLines(s: ApSyncSummary): string[] {
  const totals = Object.entries(s.totalsByCurrency).map(([c, t]) => `${t} ${c}`).join(', ') || '-';
  return [
    `AP sync ${s.status}: ${s.documents} documents read, ${s.written} bills created, ${s.alreadyApplied} already applied, ${s.skipped} skipped, ${s.exceptions} exceptions, ${s.unknown} unresolved.`,
    `Intacct requests: ${s.apiRequests}. Bill totals planned: ${totals}.${s.runId ? ` Run ${s.runId}.` : ''}`,
  ];
}

/** `sagebridge sync ap …`. */
export async function runSyncAp(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    period: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    company: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(SYNC_AP_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'sync ap'`);
  const selection = parseSelectionFlags(values, { incremental: false }) as ApSelection;
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
  const company = pickCompany(config, values.company);

  const audit = openAuditLog(auditPath(config));
  const state = openStateStore(config);
  const wired = wireAp(config, company, state.store, io.log);
  const deps = { ...wired.deps, audit };
  try {
    const summary = await auditedCommand(
      audit,
      config,
      'cli:sync ap',
      { ...values, company: company.key },
      () =>
        runChangeSet(apPipeline, deps, {
          company: company.key,
          principal: config.operator,
          selection,
          ...(values['dry-run'] ? { dryRun: true } : {}),
          approve: operatorConfirmation(config, io, { pipeline: 'ap', yes: values.yes === true, json: values.json === true, audit, describe: (p: ApPreview) => previewLines(p).join('\n'), question: (p) => `Create ${p.toSend} bills in Intacct` }),
        }),
      (s) => ({ outcome: s.status, changeSetId: s.changeSetId, counts: { written: s.written, exceptions: s.exceptions } }),
    );
    if (values.json) io.out(JSON.stringify(summary));
    else for (const line of summaryLines(summary)) io.out(line);
    return SYNC_EXIT[summary.status];
  } finally {
    await wired.close();
    state.close();
    audit.close();
  }
}
