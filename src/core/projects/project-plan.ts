import type { PmContractRecord, PmProjectRecord } from '../ports/project-ports.ts';
import { type JsonValue } from '../state/canonical-json.ts';
import type { PlanItem } from '../state/index.ts';
import type { PlanDraft } from '../sync/pipeline-definition.ts';
import { arInvoiceLookup } from '../ar/ar-lookup.ts';
import { AR_INVOICE_OBJECT } from '../ar/ar-keys.ts';
import { documentLookup } from '../sync/document-lookup.ts';
import { planLookupsInTarget, type FoundInTarget } from '../sync/target-lookup.ts';
import { invoicesTaggedByProjects, planMilestoneInvoices } from './milestone-invoices.ts';
import { buildTaggingEntries, type EntryProblem } from './project-entries.ts';
import { PROJECT_ENTRY_OBJECT, intacctProjectId, projectSourceKey } from './project-id.ts';
import { projectItems } from './project-items.ts';
import { desiredContract, desiredProject, resolveCustomer, type DesiredProject } from './project-records.ts';
import { previewOf, ProjectTotals } from './project-summary.ts';
import type { ProjectDeps, ProjectPreview } from './project-types.ts';
import { PROJECT_ENTRY_REFERENCE_PREFIX } from '../sync/sync-references.ts';

const SOURCE = 'sage300';
const TARGET = 'intacct';
const PROBLEMS_KEPT = 500;

/** What to plan: everything Sage 300 PM holds for one company. */
export interface ProjectPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly dryRun?: boolean;
  readonly expiresAt?: string;
  /** Intacct journal of the tagging entries for this call (default: the company's GL journal). */
  readonly journal?: string;
}

/**
 * A tagging entry with no cross-reference is looked up in Intacct by its journal entry's REFERENCENO
 * (`S300PM:<company>:<project>:<period>`).
 */
export const projectEntryLookup = documentLookup<ProjectDeps>({
  objectType: PROJECT_ENTRY_OBJECT,
  sourceSystem: SOURCE,
  targetSystem: TARGET,
  reads: (deps) => deps.entries.existing,
  naturalKey: (sourceKey) => `${PROJECT_ENTRY_REFERENCE_PREFIX}${sourceKey}`,
  prefix: (company) => `${PROJECT_ENTRY_REFERENCE_PREFIX}${company}:`,
});

/**
 * Reads everything Sage 300 PM holds: contracts and projects to create or update, one tagging entry per project
 * and period, one AR invoice per reached milestone; bad records are problems. Nothing is written here.
 */
export async function draftProjects(deps: ProjectDeps, request: ProjectPlanRequest): Promise<PlanDraft<ProjectPreview>> {
  const { store, engine } = deps;
  const { company } = request;
  const data = await deps.source.read();
  const [intacct, customers] = await Promise.all([deps.target.projects(), deps.target.customerIds()]);
  const problems: EntryProblem[] = data.rowErrors.map((r) => ({
    key: r.key,
    record: { key: r.key },
    problem: { class: 'validation', message: `Sage 300 row ${r.key} could not be read: ${r.message}`, fix: 'correct the row in Sage 300' },
  }));
  const resolve = (id: string) => resolveCustomer(store, engine, company, id, customers);

  // Contracts first (parents), then their projects; a project whose parent is neither valid nor in Intacct waits.
  const desired = new Map<string, DesiredProject>();
  const blockedWhy = new Map<string, string>();
  const contracts = new Map<string, PmContractRecord>(data.contracts.map((c) => [c.contract, c]));
  const fail = (o: { projectId: string; record: JsonValue; message: string; problem: EntryProblem['problem'] }): void => {
    problems.push({ key: projectSourceKey(company, o.projectId), record: o.record, problem: o.problem });
    blockedWhy.set(o.projectId, o.message);
  };
  for (const c of data.contracts) {
    const d = desiredContract(c, resolve);
    if (d.ok) desired.set(d.value.projectId, d.value);
    else fail({ projectId: d.projectId, record: c as unknown as JsonValue, message: d.problem.message, problem: d.problem });
  }
  const available = (id: string): string | null => {
    if (desired.has(id)) return null;
    const there = intacct.get(id);
    if (there && there.fields.STATUS !== 'inactive') return null;
    return blockedWhy.get(id) ?? `project ${id} is not in Intacct`;
  };
  const projects = new Map<string, PmProjectRecord>();
  for (const p of data.projects) {
    projects.set(`${p.contract}|${p.project}`, p);
    const parent = available(intacctProjectId(p.contract));
    const d = desiredProject(engine, p, contracts.get(p.contract), resolve);
    if (d.ok && parent !== null && !intacct.has(intacctProjectId(p.contract))) {
      fail({
        projectId: d.value.projectId,
        record: p as unknown as JsonValue,
        message: `its contract cannot be created (${parent})`,
        problem: {
          class: 'mapping',
          message: `project ${p.contract}/${p.project}: parent contract ${intacctProjectId(p.contract)} cannot be created (${parent})`,
          fix: 'resolve the exception of the contract; the project follows on the next run',
        },
      });
    } else if (d.ok) desired.set(d.value.projectId, d.value);
    else fail({ projectId: d.projectId, record: p as unknown as JsonValue, message: d.problem.message, problem: d.problem });
  }

  const totals = new ProjectTotals();
  for (const d of desired.values()) totals.describe(d.projectId, d.fields.NAME ?? '');
  const items: PlanItem[] = [];
  const needsActive = new Map<string, string[]>();
  const depend = (projectId: string, key: string): void => void needsActive.set(projectId, [...(needsActive.get(projectId) ?? []), key]);
  let skipped = 0;

  // Milestones first: revenue billed on an invoice this flow creates carries the PROJECTID on the invoice line, so
  // the reclass below must leave it alone or the project's revenue would be tagged twice.
  const billing = planMilestoneInvoices(store, engine, company, data.milestones, projects, desired, available);
  problems.push(...billing.problems);
  // A milestone invoice already in Intacct (its cross-reference lost) is linked, not created again; it stays in
  // `billing` so its revenue is still left out of the reclass below.
  const invoicesFound = (
    await planLookupsInTarget(
      deps,
      arInvoiceLookup,
      billing.invoices.map((i) => i.sourceKey),
    )
  ).found;
  const invoiceTagged = invoicesTaggedByProjects(store, billing);
  const tagging = buildTaggingEntries(
    company,
    data.transactions,
    projects,
    available,
    engine,
    request.journal ? { ...deps.entryOptions, journal: request.journal } : deps.entryOptions,
    invoiceTagged,
  );
  problems.push(...tagging.problems);
  const lookups = await planLookupsInTarget(
    deps,
    projectEntryLookup,
    tagging.entries.map((e) => e.sourceKey),
  );
  const entriesFound: FoundInTarget[] = [];
  for (const e of tagging.entries) {
    const there = lookups.found.get(e.sourceKey);
    if (there) {
      // Found by its REFERENCENO: the period was tagged; linked with this plan's totals as what was tagged.
      entriesFound.push({ ...there, contentHash: e.contentHash });
      continue;
    }
    // The link itself is read only for the periods already tagged: its content hash tells a changed period.
    const linked = lookups.linked.has(e.sourceKey) ? store.xrefs.bySource(PROJECT_ENTRY_OBJECT, SOURCE, e.sourceKey, TARGET) : undefined;
    if (linked) {
      // A link recovered by `state rebuild` knows the entry, not the totals it tagged: it is trusted as tagged.
      if (linked.contentHash === e.contentHash || linked.contentHash === null) skipped++;
      else
        problems.push({
          key: e.sourceKey,
          record: e.payload,
          problem: {
            class: 'validation',
            message: `project ${e.projectId}: the PMTRAN totals of ${e.sourceKey.split(':').pop() ?? ''} changed after the period was tagged (Intacct entry ${linked.targetKey})`,
            fix: 'reverse Intacct entry in the journal by hand and post the corrected reclass, then resolve this exception; the pipeline never tags a period twice',
          },
        });
      continue;
    }
    // A write that may already have landed is only ever resent with its own key and payload, never re-planned.
    const inflight = lookups.inflight.get(e.sourceKey);
    const key = inflight ? inflight.idempotencyKey : `project-entry:${e.sourceKey}~${e.contentHash.slice(0, 12)}`;
    items.push({
      idempotencyKey: key,
      targetSystem: TARGET,
      objectType: PROJECT_ENTRY_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: e.sourceKey,
      payload: inflight ? inflight.payload : e.payload,
    });
    totals.tag(e.projectId, e.cost, e.revenue, contracts.get(e.contract)?.currency || 'USD');
    depend(e.projectId, key);
  }

  skipped += billing.skipped.length;
  for (const inv of billing.invoices) {
    if (invoicesFound.has(inv.sourceKey)) continue;
    items.push({
      idempotencyKey: inv.idempotencyKey,
      targetSystem: TARGET,
      objectType: 'ARINVOICE',
      sourceSystem: SOURCE,
      sourceKey: inv.sourceKey,
      payload: inv.payload,
    });
    totals.invoice(inv.projectId, inv.amount, contracts.get(inv.contract)?.currency || 'USD');
    depend(inv.projectId, inv.idempotencyKey);
  }

  const ordered = [...desired.values()].sort((a, b) =>
    a.kind === b.kind ? a.projectId.localeCompare(b.projectId) : a.kind === 'contract' ? -1 : 1,
  );
  const writes = projectItems(company, ordered, intacct, needsActive);
  skipped += writes.skipped;
  const all = [...writes.items, ...items, ...writes.closes];

  const counts = {
    contracts: data.contracts.length,
    projects: data.projects.length,
    transactions: data.transactions.length,
    milestonesReached: data.milestones.filter((m) => m.reached).length,
    projectsCreated: writes.created,
    projectsUpdated: writes.updated,
    projectsClosed: writes.closes.length,
    entries: items.filter((i) => i.objectType === PROJECT_ENTRY_OBJECT).length,
    invoices: billing.invoices.length - invoicesFound.size,
    skipped,
    foundInIntacct: entriesFound.length + invoicesFound.size,
  };
  const problemList = problems.map((p) => ({ sourceKey: p.key, class: p.problem.class, message: p.problem.message, fix: p.problem.fix }));
  const preview = (cs: { id: number; digest: string } | null) =>
    previewOf(cs, counts, all.length, totals, problemList.slice(0, PROBLEMS_KEPT), problemList.length);
  return {
    items: all,
    // Unreadable rows are problems like any other here: a dismissed one is not raised again.
    problems,
    found: [
      { objectType: PROJECT_ENTRY_OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: entriesFound },
      { objectType: AR_INVOICE_OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: [...invoicesFound.values()] },
    ],
    preview,
    summary: () => {
      const p0 = preview(null);
      return {
        ...p0,
        problems: p0.problems as unknown as JsonValue,
        totalsByProject: p0.totalsByProject as unknown as JsonValue,
        problemsOmitted: Math.max(0, problemList.length - PROBLEMS_KEPT),
      };
    },
  };
}
