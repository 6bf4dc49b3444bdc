import { partyPipeline, partyPreviewText, type PartyDeps, type PartyDirection, type PartyPreview, type PartySpec, type PartySyncSummary } from '../core/parties/index.ts';
import { runChangeSet } from '../core/sync/engine.ts';
import type { StateStore } from '../core/state/index.ts';
import { auditPath, type Config, type Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openAuditLog } from '../server/audit-log.ts';
import { openStateStore, pickCompany } from '../server/gl-wiring.ts';
import { parseFlags, UsageError } from './args.ts';
import { auditedCommand } from './cli-audit.ts';
import type { CliIo } from './emulate.ts';
import { operatorConfirmation } from './operator-confirm.ts';
import { SYNC_EXIT } from './sync-gl.ts';

const DIRECTIONS: readonly PartyDirection[] = ['both', 'to_intacct', 'to_sage300'];

/** What differs between `sync vendors` and `sync customers`. */
export interface PartyCommand<F extends string> {
  readonly spec: PartySpec<F>;
  readonly help: string;
  wire(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: PartyDeps<F>; close(): Promise<void> };
  /** Extra summary lines after the counts (e.g. changes waiting for two approvers). */
  extraLines(s: PartySyncSummary): string[];
}

function summaryLines<F extends string>(cmd: PartyCommand<F>, s: PartySyncSummary): string[] {
  const p = s.preview;
  const ex = s.execution;
  const title = `${cmd.spec.noun[0]!.toUpperCase()}${cmd.spec.noun.slice(1)}`;
  return [
    `${title} sync ${s.status}: to Intacct ${p.toIntacct.created} created, ${p.toIntacct.updated} updated, ${p.toIntacct.deactivated} deactivated; to Sage 300 ${p.toSage300.created} created, ${p.toSage300.updated} updated, ${p.toSage300.deactivated} deactivated.`,
    `${p.conflicts} conflicts, ${p.duplicates} probable duplicates, ${p.exceptions} exceptions; ${ex ? `${ex.written} written, ${ex.alreadyApplied} already applied, ${ex.failed} rejected, ${ex.unknown} unresolved` : 'nothing written'}.${s.runId ? ` Run ${s.runId}.` : ''}`,
    ...cmd.extraLines(s),
  ];
}

/** `sagebridge sync vendors|customers …`: plan, operator confirmation, execute, audited. */
export async function runSyncParty<F extends string>(cmd: PartyCommand<F>, argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const name = `sync ${cmd.spec.pipeline}`;
  const { values, positionals } = parseFlags(argv, {
    direction: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    company: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(cmd.help);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for '${name}'`);
  const direction = (values.direction ?? 'both') as PartyDirection;
  if (!DIRECTIONS.includes(direction)) throw new UsageError(`--direction expects one of ${DIRECTIONS.join(', ')}; got "${values.direction ?? ''}"`);
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
  const company = pickCompany(config, values.company);
  const audit = openAuditLog(auditPath(config));
  const state = openStateStore(config);
  const wired = cmd.wire(config, company, state.store, io.log);
  const deps = { ...wired.deps, audit };
  try {
    const summary = await auditedCommand(
      audit,
      config,
      `cli:${name}`,
      { ...values, company: company.key },
      () =>
        runChangeSet(partyPipeline(cmd.spec), deps, {
          company: company.key,
          principal: config.operator,
          direction,
          ...(values['dry-run'] ? { dryRun: true } : {}),
          approve: operatorConfirmation(config, io, { pipeline: cmd.spec.pipeline, yes: values.yes === true, json: values.json === true, audit, describe: (p: PartyPreview) => partyPreviewText(cmd.spec, company.key, p), question: () => `Write these ${cmd.spec.noun} changes` }),
        }),
      (s) => ({ outcome: s.status, changeSetId: s.preview.changeSetId, counts: { written: s.execution?.written ?? 0, exceptions: s.preview.exceptions } }),
    );
    if (values.json) io.out(JSON.stringify(summary));
    else for (const line of summaryLines(cmd, summary)) io.out(line);
    return SYNC_EXIT[summary.status];
  } finally {
    await wired.close();
    state.close();
    audit.close();
  }
}
