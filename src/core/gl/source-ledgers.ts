/**
 * Which Sage 300 source ledgers the GL sync leaves out, derived from which other pipelines a company has enabled.
 *
 * A Sage 300 subledger (AP, AR, PM) posts its documents to the GL as batches of its own source ledger (GLPOST
 * SRCELEDGER). When another pipeline replicates those documents to Intacct (bills, invoices, payments), the Intacct
 * documents post to the Intacct GL themselves; sending the Sage 300 GL batches as journal entries too would put every
 * such document in Intacct twice. So the exclusion follows from the configuration, not from an opt-in list.
 */
import type { SourceEntry } from './gl-entries.ts';

/** The pipelines whose documents post to the Intacct GL on their own, by the config key that enables them. */
export type ReplicatingPipeline = 'apInvoices' | 'ar' | 'projects';

/** One source ledger another pipeline replicates: the documents and the tool that sends them. */
interface Replication {
  readonly ledger: string;
  readonly pipeline: ReplicatingPipeline;
  readonly tool: string;
  readonly documents: string;
}

/** Every source ledger with a replicating pipeline: the one list the GL sync, previews and checks read. */
const REPLICATIONS: readonly Replication[] = [
  {
    ledger: 'AP',
    pipeline: 'apInvoices',
    tool: 'replicate_ap_invoices',
    documents: 'AP invoices, debit and credit notes and payments as Intacct bills and AP payments',
  },
  { ledger: 'AR', pipeline: 'ar', tool: 'sync_ar', documents: 'AR invoices and receipts as Intacct invoices and payments' },
  {
    ledger: 'PM',
    pipeline: 'projects',
    tool: 'sync_projects',
    documents: 'PM billings and project costs (milestone invoices, project entries)',
  },
];

/** A source ledger the GL sync leaves out, and why. */
interface LeftOutLedger {
  readonly ledger: string;
  /** The tool that replicates its documents, or null for a ledger left out by `gl.sourceLedgers.exclude`. */
  readonly replicatedBy: string | null;
  readonly reason: string;
}

/** A source ledger the GL sync sends although another enabled pipeline replicates it (`gl.sourceLedgers.include`). */
interface OverriddenLedger {
  readonly ledger: string;
  readonly replicatedBy: string;
  readonly warning: string;
}

/** The source ledgers of one company's GL sync: what is left out and what an override puts back. */
export interface GlLedgerPlan {
  readonly leftOut: readonly LeftOutLedger[];
  readonly overridden: readonly OverriddenLedger[];
}

/** The explicit override of the derived exclusion (`sage300.companies[].gl.sourceLedgers`). */
export interface SourceLedgerOverride {
  /** Ledgers sent although an enabled pipeline replicates them (documents may be posted twice). */
  readonly include: readonly string[];
  /** Further ledgers left out although no pipeline replicates them. */
  readonly exclude: readonly string[];
}

/** Derives the GL sync's source ledgers from the enabled pipelines and the explicit override. */
export function glLedgerPlan(enabled: Readonly<Record<ReplicatingPipeline, boolean>>, override: SourceLedgerOverride): GlLedgerPlan {
  const include = new Set(override.include);
  const leftOut: LeftOutLedger[] = [];
  const overridden: OverriddenLedger[] = [];
  for (const r of REPLICATIONS) {
    if (!enabled[r.pipeline]) continue;
    if (include.has(r.ledger))
      overridden.push({
        ledger: r.ledger,
        replicatedBy: r.tool,
        warning: `gl.sourceLedgers.include sends source ledger ${r.ledger} to the GL although ${r.tool} replicates its documents (${r.documents}): those documents may be posted to Intacct twice`,
      });
    else leftOut.push({ ledger: r.ledger, replicatedBy: r.tool, reason: `replicated by ${r.tool} (${r.documents})` });
  }
  for (const ledger of override.exclude)
    if (!leftOut.some((l) => l.ledger === ledger) && !include.has(ledger))
      leftOut.push({ ledger, replicatedBy: null, reason: 'left out by gl.sourceLedgers.exclude' });
  return { leftOut, overridden };
}

/** The ledgers the GL sync leaves out, as a set for the filter. */
export const leftOutLedgers = (plan: GlLedgerPlan): ReadonlySet<string> => new Set(plan.leftOut.map((l) => l.ledger));

/** One line an approver reads: `Left out: AP (replicated by replicate_ap_invoices), AR (…)`, plus overrides. */
export function ledgerPlanLines(plan: GlLedgerPlan | LedgerCounts): string[] {
  const lines: string[] = [];
  const n = (l: object): string => ('entries' in l ? `, ${String(l.entries)} entries` : '');
  const out = plan.leftOut.map((l) => `${l.ledger} (${l.replicatedBy ? `replicated by ${l.replicatedBy}` : l.reason}${n(l)})`);
  lines.push(`Left out of the GL sync: ${out.length > 0 ? out.join(', ') : 'no source ledger'}.`);
  for (const o of plan.overridden) lines.push(`Override: ${o.warning}${'entries' in o ? ` (${String(o.entries)} entries sent)` : ''}.`);
  return lines;
}

/** The ledger plan of one GL selection, as previews show it: how many entries each left-out or overridden ledger holds. */
export interface LedgerCounts {
  readonly leftOut: readonly (LeftOutLedger & { readonly entries: number })[];
  readonly overridden: readonly (OverriddenLedger & { readonly entries: number })[];
}

/** Counts the entries the plan left out (per ledger) and the entries sent from an overridden ledger. */
export function ledgerCounts(plan: GlLedgerPlan, all: readonly SourceEntry[], kept: readonly SourceEntry[]): LedgerCounts {
  const count = (entries: readonly SourceEntry[], ledger: string): number =>
    entries.filter((e) => e.lines.some((l) => l.sourceLedger === ledger)).length;
  const keptSet = new Set(kept);
  const dropped = all.filter((e) => !keptSet.has(e));
  return {
    leftOut: plan.leftOut.map((l) => ({ ...l, entries: count(dropped, l.ledger) })),
    overridden: plan.overridden.map((o) => ({ ...o, entries: count(kept, o.ledger) })),
  };
}
