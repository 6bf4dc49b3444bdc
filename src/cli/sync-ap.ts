import { runApSync, type ApPreview, type ApSyncSummary } from '../core/ap/ap-pipeline.ts';
import type { ApSelection } from '../core/ports/ap-ports.ts';
import type { JsonValue } from '../core/state/index.ts';
import { redactArguments } from '../governance/redact.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { wireAp } from '../server/ap-wiring.ts';
import { openAuditLog } from '../server/audit-log.ts';
import { openStateStore, pickCompany } from '../server/gl-wiring.ts';
import { parseFlags, UsageError } from './args.ts';
import { operatorConfirmation } from './operator-confirm.ts';
import type { CliIo } from './emulate.ts';
import { SYNC_AP_HELP } from './help.ts';
import { SYNC_EXIT } from './sync-gl.ts';

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function parseSelection(values: { period?: string | undefined; from?: string | undefined; to?: string | undefined }): ApSelection {
  const chosen = [values.period !== undefined, values.from !== undefined || values.to !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('choose exactly one of --period YYYY-MM or --from DATE --to DATE');
  if (values.period !== undefined) {
    const m = PERIOD_RE.exec(values.period);
    if (!m) throw new UsageError(`--period expects YYYY-MM, e.g. 2026-03; got "${values.period}"`);
    return { kind: 'period', year: Number(m[1]), period: Number(m[2]) };
  }
  if (!values.from || !values.to) throw new UsageError('--from and --to go together, both as YYYY-MM-DD');
  for (const [flag, v] of [['from', values.from], ['to', values.to]] as const) {
    // Date.parse rolls 2026-02-30 over to March 2; only a date that survives the round trip is real.
    const real = DATE_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
    if (!real) throw new UsageError(`--${flag} expects a real date YYYY-MM-DD, got "${v}"`);
  }
  if (values.from > values.to) throw new UsageError(`--from ${values.from} is after --to ${values.to}`);
  return { kind: 'range', from: values.from, to: values.to };
}

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
  const selection = parseSelection(values);
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
  const company = pickCompany(config, values.company);

  const audit = openAuditLog(auditPath(config));
  const state = openStateStore(config);
  const wired = wireAp(config, company, state.store, io.log);
  const deps = { ...wired.deps, audit };
  const startedAt = performance.now();
  const args = redactArguments({ ...values, company: company.key }) as JsonValue;
  try {
    // Fail closed like the MCP tools: the command is in the audit log before it reads or writes anything.
    audit.append({ kind: 'tool_call', principal: config.operator, action: 'cli:sync ap', decision: 'allowed', outcome: 'started', changeSetId: null, detail: { arguments: args, via: 'cli' } });
    const summary = await runApSync(deps, {
      company: company.key,
      principal: config.operator,
      selection,
      ...(values['dry-run'] ? { dryRun: true } : {}),
      approve: operatorConfirmation(config, io, { pipeline: 'ap', yes: values.yes === true, json: values.json === true, audit, describe: (p: ApPreview) => previewLines(p).join('\n'), question: (p) => `Create ${p.toSend} bills in Intacct` }),
    });
    audit.append({ kind: 'tool_call', principal: config.operator, action: 'cli:sync ap', decision: 'allowed', outcome: summary.status, durationMs: Math.round(performance.now() - startedAt), changeSetId: summary.changeSetId, detail: { arguments: args, via: 'cli', written: summary.written, exceptions: summary.exceptions } });
    if (values.json) io.out(JSON.stringify(summary));
    else for (const line of summaryLines(summary)) io.out(line);
    return SYNC_EXIT[summary.status];
  } finally {
    await wired.close();
    state.close();
    audit.close();
  }
}
