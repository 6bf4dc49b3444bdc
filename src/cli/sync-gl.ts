import { glPipeline, type GlPreview, type GlSyncSummary } from '../core/gl/gl-pipeline.ts';
import { runChangeSet } from '../core/sync/engine.ts';
import type { GlSelection } from '../core/ports/gl-ports.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { openAuditLog } from '../server/audit-log.ts';
import { openReader, openStateStore, pickCompany, wireGl } from '../server/gl-wiring.ts';
import { parseFlags, UsageError } from './args.ts';
import { auditedCommand } from './cli-audit.ts';
import { operatorConfirmation } from './operator-confirm.ts';
import { parseSelectionFlags } from './selection.ts';
import type { CliIo } from './emulate.ts';
import { SYNC_GL_HELP } from './help.ts';


/** Exit codes of `sync`: scripts can tell a clean run from one that left exceptions or awaits approval. */
export const SYNC_EXIT = { completed: 0, nothing_to_do: 0, dry_run: 0, partial: 3, cancelled: 3, awaiting_approval: 4, rejected: 5 } as const;

function previewLines(p: GlPreview): string[] {
  const totals = Object.entries(p.totalsByCurrency).map(([c, t]) => `${t} ${c}`).join(', ') || 'nothing';
  const lines = [
    `Change set ${p.changeSetId} (digest ${p.digest.slice(0, 12)}…): ${p.toSend} journal entries to create in Intacct, ${p.skipped} already there, ${p.exceptions} to the exceptions queue.`,
    `Debit totals: ${totals}.`,
  ];
  for (const problem of p.problems.slice(0, 5)) lines.push(`  ! ${problem.class}: ${problem.message}`);
  if (p.problems.length > 5) lines.push(`  … and ${p.problems.length - 5} more`);
  return lines;
}

function progressBar(io: CliIo): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
    void io;
  };
}

function summaryLines(s: GlSyncSummary): string[] {
  const totals = Object.entries(s.totalsByCurrency).map(([c, t]) => `${t} ${c}`).join(', ') || '-';
  return [
    `GL sync ${s.status}: ${s.entries} entries read, ${s.written} created, ${s.alreadyApplied} already applied, ${s.skipped} skipped, ${s.exceptions} exceptions, ${s.unknown} unresolved.`,
    `Intacct requests: ${s.apiRequests}. Debit totals planned: ${totals}.${s.runId ? ` Run ${s.runId}.` : ''}`,
  ];
}

/** `sagebridge sync gl …`. */
export async function runSyncGl(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    period: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    incremental: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    company: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(SYNC_GL_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'sync gl'`);
  const selection = parseSelectionFlags(values, { incremental: true }) as GlSelection;
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
  const company = pickCompany(config, values.company);

  // A period outside every fiscal year is bad input: refuse it before any state is touched.
  if (selection.kind === 'period') {
    const reader = openReader(company, io.log);
    try {
      let known = false;
      for await (const y of reader.gl.fiscalYears()) if (y.ok && Number(y.value.year) === selection.year && selection.period <= y.value.periods) known = true;
      if (!known) throw new UsageError(`--period ${values.period} is outside every fiscal year of Sage 300 company ${company.companyId}`);
    } finally {
      await reader.close();
    }
  }

  const progress = values.json ? undefined : progressBar(io);
  const audit = openAuditLog(auditPath(config));
  const state = openStateStore(config);
  const store = state.store;
  const wired = wireGl(config, company, store, io.log);
  const deps = { ...wired.deps, audit };
  try {
    const summary = await auditedCommand(
      audit,
      config,
      'cli:sync gl',
      { ...values, company: company.key },
      () =>
        runChangeSet(glPipeline, deps, {
          company: company.key,
          principal: config.operator,
          selection,
          options: company.gl,
          ...(values['dry-run'] ? { dryRun: true } : {}),
          approve: operatorConfirmation(config, io, { pipeline: 'gl', yes: values.yes === true, json: values.json === true, audit, describe: (p: GlPreview) => previewLines(p).join('\n'), question: (p) => `Create ${p.toSend} entries in Intacct` }),
          ...(progress ? { onProgress: progress } : {}),
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
