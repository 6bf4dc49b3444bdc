import { runVendorSync, vendorPreviewText, type VendorDirection, type VendorPreview, type VendorSyncSummary } from '../core/vendors/index.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { openAuditLog } from '../server/audit-log.ts';
import { openStateStore, pickCompany } from '../server/gl-wiring.ts';
import { wireVendors } from '../server/vendor-wiring.ts';
import { parseFlags, UsageError } from './args.ts';
import { auditedCommand } from './cli-audit.ts';
import { operatorConfirmation } from './operator-confirm.ts';
import type { CliIo } from './emulate.ts';
import { SYNC_VENDORS_HELP } from './help.ts';
import { SYNC_EXIT } from './sync-gl.ts';

const DIRECTIONS: readonly VendorDirection[] = ['both', 'to_intacct', 'to_sage300'];

function summaryLines(s: VendorSyncSummary): string[] {
  const p = s.preview;
  const ex = s.execution;
  const lines = [
    `Vendor sync ${s.status}: to Intacct ${p.toIntacct.created} created, ${p.toIntacct.updated} updated, ${p.toIntacct.deactivated} deactivated; to Sage 300 ${p.toSage300.created} created, ${p.toSage300.updated} updated, ${p.toSage300.deactivated} deactivated.`,
    `${p.conflicts} conflicts, ${p.duplicates} probable duplicates, ${p.exceptions} exceptions; ${ex ? `${ex.written} written, ${ex.alreadyApplied} already applied, ${ex.failed} rejected, ${ex.unknown} unresolved` : 'nothing written'}.${s.runId ? ` Run ${s.runId}.` : ''}`,
  ];
  if (p.sensitiveChangeSetId !== null) lines.push(`Bank/remittance changes wait in change set ${p.sensitiveChangeSetId} for two approvers other than the requester (sagebridge approvals).`);
  return lines;
}

/** `sagebridge sync vendors …`. */
export async function runSyncVendors(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    direction: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    company: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(SYNC_VENDORS_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'sync vendors'`);
  const direction = (values.direction ?? 'both') as VendorDirection;
  if (!DIRECTIONS.includes(direction)) throw new UsageError(`--direction expects one of ${DIRECTIONS.join(', ')}; got "${values.direction ?? ''}"`);
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
  const company = pickCompany(config, values.company);
  const audit = openAuditLog(auditPath(config));
  const state = openStateStore(config);
  const wired = wireVendors(config, company, state.store, io.log);
  const deps = { ...wired.deps, audit };
  try {
    const summary = await auditedCommand(
      audit,
      config,
      'cli:sync vendors',
      { ...values, company: company.key },
      () =>
        runVendorSync(deps, {
          company: company.key,
          principal: config.operator,
          direction,
          ...(values['dry-run'] ? { dryRun: true } : {}),
          approve: operatorConfirmation(config, io, { pipeline: 'vendors', yes: values.yes === true, json: values.json === true, audit, describe: (p: VendorPreview) => vendorPreviewText(company.key, p), question: () => 'Write these vendor changes' }),
        }),
      (s) => ({ outcome: s.status, changeSetId: s.preview.changeSetId, counts: { written: s.execution?.written ?? 0, exceptions: s.preview.exceptions } }),
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
