import { SYSTEM_LABEL, type DirectionCounts, type PartyPreview, type PartySpec } from '../../src/core/parties/index.ts';
import type { ChangeSetPresentation, OutputFacts, WriteStatus } from '../../src/governance/change-set-tool.ts';

/** The fields sync_vendors and sync_customers share (see tools/sync-vendors/schema.ts for their meaning). */
export interface PartyToolOutput {
  status: WriteStatus;
  company: string;
  change_set_id: number | null;
  digest: string | null;
  sensitive_change_set_id: number | null;
  message: string;
  policy: string | null;
  expires_at: string | null;
  console_url: string | null;
  to_intacct: DirectionCounts;
  to_sage300: DirectionCounts;
  sensitive: number;
  conflicts: number;
  duplicates: number;
  exceptions: number;
  in_sync: number;
  found_in_intacct: number;
  awaiting: number;
  written: number;
  already_applied: number;
  failed: number;
  unknown: number;
}

function partyOutput(company: string, p: PartyPreview, status: WriteStatus, facts: OutputFacts<never>): PartyToolOutput {
  const ex = facts.execution;
  return {
    status,
    company,
    change_set_id: p.changeSetId,
    digest: p.changeSetId === null ? null : p.digest,
    sensitive_change_set_id: p.sensitiveChangeSetId,
    message: facts.message,
    policy: facts.policy,
    expires_at: facts.expiresAt,
    console_url: facts.consoleUrl,
    to_intacct: { ...p.toIntacct },
    to_sage300: { ...p.toSage300 },
    sensitive: p.sensitive,
    conflicts: p.conflicts,
    duplicates: p.duplicates,
    exceptions: p.exceptions + (ex?.failed ?? 0),
    in_sync: p.inSync,
    found_in_intacct: p.foundInIntacct,
    awaiting: p.awaiting,
    written: ex?.written ?? 0,
    already_applied: ex?.alreadyApplied ?? 0,
    failed: ex?.failed ?? 0,
    unknown: ex?.unknown ?? 0,
  };
}

/**
 * How a party sync tool (vendors, customers) presents its plan: both directions' writes, every highlighted field
 * change with its before and after value, and the sensitive changes waiting in their own change set. `finish` adds the
 * tool's own output fields to the shared ones.
 */
export function partyPresentation<F extends string, D, O>(
  spec: PartySpec<F>,
  finish: (base: PartyToolOutput, p: PartyPreview) => O,
): ChangeSetPresentation<unknown, O, D, PartyPreview, never> {
  const counts = (c: DirectionCounts): string => `${c.created} created, ${c.updated} updated, ${c.deactivated} deactivated`;
  const value = (v: string): string => (v === '' ? '(blank)' : v);
  const approvers = spec.sensitiveApprovals === 2 ? 'two' : String(spec.sensitiveApprovals);
  return {
    progress: `${spec.noun} writes sent`,
    written: `${spec.noun} writes made`,
    preview: (p) => ({
      writes: `${spec.noun} writes to Intacct ${counts(p.toIntacct)}; to Sage 300 ${counts(p.toSage300)}`,
      counts: [
        `${p.inSync} already in sync`,
        `${p.foundInIntacct} paired by the same id (no cross-reference)`,
        `${p.awaiting} waiting in earlier change sets`,
        `${p.exceptions} to the exceptions queue (${p.conflicts} conflicts, ${p.duplicates} probable duplicates)`,
      ],
      totals: [],
      highlights: {
        title: `${p.highlights.length} ${[...spec.highlighted].join('/')} change(s), check before approving`,
        lines: p.highlights.map(
          (h) => `${SYSTEM_LABEL[h.target]} ${spec.noun} ${h.id}: ${h.field} ${value(h.before)} -> ${value(h.after)}`,
        ),
      },
      notes:
        p.sensitive > 0
          ? [
              `${p.sensitive} ${spec.sensitiveLabel} changes wait in change set ${p.sensitiveChangeSetId ?? '?'} for ${approvers} approvers other than the requester.`,
            ]
          : [],
      problems: [],
      actions: {
        create: p.toIntacct.created + p.toSage300.created,
        update: p.toIntacct.updated + p.toIntacct.deactivated + p.toSage300.updated + p.toSage300.deactivated,
        skip: p.inSync + p.foundInIntacct,
      },
    }),
    // Master data carries no amounts: an `auto` policy's threshold has nothing to hold back.
    policyTotals: () => ({}),
    output: (company, p, status, facts) => finish(partyOutput(company, p, status, facts), p),
  };
}
