import { executeVendorChangeSet, vendorExecutionStatus, vendorPreviewOf, type VendorExecution, type VendorPreview } from '../../src/core/vendors/index.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';
import type { SyncVendorsOutput } from './schema.ts';

/** The tool output for a vendor sync in a given state. */
export function vendorOutput(company: string, p: VendorPreview, status: SyncVendorsOutput['status'], extra: { message: string; policy?: string | null; expiresAt?: string | null; execution?: VendorExecution }): SyncVendorsOutput {
  const ex = extra.execution;
  return {
    status,
    company,
    change_set_id: p.changeSetId,
    digest: p.changeSetId === null ? null : p.digest,
    sensitive_change_set_id: p.sensitiveChangeSetId,
    message: extra.message,
    policy: extra.policy ?? null,
    expires_at: extra.expiresAt ?? null,
    to_intacct: { ...p.toIntacct },
    to_sage300: { ...p.toSage300 },
    sensitive: p.sensitive,
    conflicts: p.conflicts,
    duplicates: p.duplicates,
    exceptions: p.exceptions + (ex?.failed ?? 0),
    in_sync: p.inSync,
    awaiting: p.awaiting,
    written: ex?.written ?? 0,
    already_applied: ex?.alreadyApplied ?? 0,
    failed: ex?.failed ?? 0,
    unknown: ex?.unknown ?? 0,
  };
}

/** One line on what an execution did. */
export const executionText = (ex: VendorExecution): string =>
  `${ex.written} vendor writes made, ${ex.alreadyApplied} already applied, ${ex.failed} rejected (see list_exceptions), ${ex.unknown} unresolved${ex.notSent ? `, ${ex.notSent} not sent because the call was cancelled` : ''}.`;

/** Executes an approved vendor change set (an approval that arrived after the planning call) under the company lock. */
export const vendorsExecutor: ChangeSetExecutor = async (cs: ChangeSet, by, ctx: ToolContext) => {
  const deps = ctx.services.vendors(cs.company);
  const preview = vendorPreviewOf(cs);
  const ex = await executeVendorChangeSet(deps, cs.id, { principal: by.name, signal: ctx.signal });
  return vendorOutput(cs.company, preview, vendorExecutionStatus({ ...preview, sensitive: 0 }, ex), { message: `Approved by ${by.name}: ${executionText(ex)}`, execution: ex });
};
