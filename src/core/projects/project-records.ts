import type { MappingEngine } from '../mapping/index.ts';
import type { ExistingProject, PmContractRecord, PmProjectRecord, PmStatusName } from '../ports/project-ports.ts';
import type { StateStore } from '../state/index.ts';
import { checkProjectId, intacctProjectId } from './project-id.ts';
import type { ProjectProblem } from './project-types.ts';

/** A contract or project as it should be in Intacct: the PROJECT fields the pipeline maintains. */
export interface DesiredProject {
  readonly projectId: string;
  readonly kind: 'contract' | 'project';
  /** Sage 300 customer of the record (IDCUST), kept for milestone invoices. */
  readonly sageCustomerId: string;
  readonly intacctCustomerId: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Sage 300 statuses that leave the Intacct project active; closed, completed and inactive make it inactive. */
const ACTIVE: ReadonlySet<PmStatusName> = new Set(['estimate', 'approved', 'open', 'on_hold']);
const intacctStatus = (s: PmStatusName): 'active' | 'inactive' => (ACTIVE.has(s) ? 'active' : 'inactive');

const usDate = (iso: string | null): string => (iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '');

/**
 * The Intacct customer of a Sage 300 customer: the CUSTOMER cross-reference a customer sync recorded (bare or
 * company-scoped key), else mappings/customers.csv; it must exist (and be active) in Intacct. Never a default.
 */
export function resolveCustomer(
  store: StateStore,
  engine: MappingEngine,
  company: string,
  customerId: string,
  intacctCustomers: ReadonlySet<string>,
): { ok: true; value: string } | { ok: false; problem: ProjectProblem } {
  const fix = `sync customers first or add a row "${customerId},<Intacct CUSTOMERID>" to mappings/customers.csv, and make sure that customer is active in Intacct`;
  if (customerId === '')
    return {
      ok: false,
      problem: { class: 'validation', message: 'has no customer in Sage 300', fix: 'set the customer on the contract in Sage 300 PM' },
    };
  const xref =
    store.xrefs.bySource('CUSTOMER', 'sage300', `${company}:${customerId}`, 'intacct') ??
    store.xrefs.bySource('CUSTOMER', 'sage300', customerId, 'intacct');
  const mapped = xref ? { ok: true as const, value: xref.targetKey } : engine.customerId(customerId);
  if (!mapped.ok)
    return {
      ok: false,
      problem: {
        class: 'mapping',
        message: `Sage 300 customer ${customerId} has no Intacct customer (no cross-reference, no row in customers.csv)`,
        fix,
      },
    };
  if (!intacctCustomers.has(mapped.value))
    return {
      ok: false,
      problem: {
        class: 'mapping',
        message: `Sage 300 customer ${customerId} maps to Intacct customer ${mapped.value}, which is not an active customer in Intacct`,
        fix,
      },
    };
  return { ok: true, value: mapped.value };
}

/** Department and location of a project: the dimensions its revenue account maps to (where Sage 300 PM carries them). */
function dimensionsOf(engine: MappingEngine, project: PmProjectRecord): Record<string, string> {
  if (project.revenueAccount === '') return {};
  const resolved = engine.resolveAccount(project.revenueAccount, project.startDate ?? '1970-01-01');
  if (!resolved.ok) return {};
  const d = resolved.value.dimensions;
  return { ...(d.DEPARTMENT ? { DEPARTMENTID: d.DEPARTMENT } : {}), ...(d.LOCATION ? { LOCATIONID: d.LOCATION } : {}) };
}

type Resolve = (customerId: string) => { ok: true; value: string } | { ok: false; problem: ProjectProblem };
export type DesiredOutcome =
  | { ok: true; value: DesiredProject }
  | { ok: false; projectId: string; record: PmContractRecord | PmProjectRecord; problem: ProjectProblem };

/** The contract as a parent PROJECT (PROJECTCATEGORY Contract, customer, dates, status). */
export function desiredContract(c: PmContractRecord, resolve: Resolve): DesiredOutcome {
  const projectId = intacctProjectId(c.contract);
  const bad = checkProjectId(projectId);
  if (bad)
    return {
      ok: false,
      projectId,
      record: c,
      problem: {
        class: 'validation',
        message: `contract ${c.contract}: ${bad}`,
        fix: 'shorten the contract code in Sage 300, or create the project in Intacct by hand and link it',
      },
    };
  const customer = resolve(c.customerId);
  if (!customer.ok)
    return {
      ok: false,
      projectId,
      record: c,
      problem: { ...customer.problem, message: `contract ${c.contract}: ${customer.problem.message}` },
    };
  return {
    ok: true,
    value: {
      projectId,
      kind: 'contract',
      sageCustomerId: c.customerId,
      intacctCustomerId: customer.value,
      fields: {
        PROJECTID: projectId,
        NAME: (c.description || `Contract ${c.contract}`).slice(0, 200),
        PROJECTCATEGORY: 'Contract',
        CUSTOMERID: customer.value,
        BEGINDATE: usDate(c.startDate),
        ENDDATE: usDate(c.endDate),
        STATUS: intacctStatus(c.status),
      },
    },
  };
}

/** A contract project as a child PROJECT of its contract, with the contract's customer when it has none of its own. */
export function desiredProject(
  engine: MappingEngine,
  p: PmProjectRecord,
  contract: PmContractRecord | undefined,
  resolve: Resolve,
): DesiredOutcome {
  const projectId = intacctProjectId(p.contract, p.project);
  const bad = checkProjectId(projectId);
  if (bad)
    return {
      ok: false,
      projectId,
      record: p,
      problem: {
        class: 'validation',
        message: `project ${p.contract}/${p.project}: ${bad}`,
        fix: 'shorten the contract or project code in Sage 300',
      },
    };
  const customerId = p.customerId || contract?.customerId || '';
  const customer = resolve(customerId);
  if (!customer.ok)
    return {
      ok: false,
      projectId,
      record: p,
      problem: { ...customer.problem, message: `project ${p.contract}/${p.project}: ${customer.problem.message}` },
    };
  return {
    ok: true,
    value: {
      projectId,
      kind: 'project',
      sageCustomerId: customerId,
      intacctCustomerId: customer.value,
      fields: {
        PROJECTID: projectId,
        NAME: (p.description || `${p.contract} ${p.project}`).slice(0, 200),
        PARENTID: intacctProjectId(p.contract),
        PROJECTCATEGORY: 'Contract',
        CUSTOMERID: customer.value,
        BEGINDATE: usDate(p.startDate),
        ENDDATE: usDate(p.endDate),
        ...dimensionsOf(engine, p),
        STATUS: intacctStatus(p.status),
      },
    },
  };
}

/** The fields that differ between what Intacct has and what Sage 300 says (every maintained field when it is new). */
export function changedFields(desired: Readonly<Record<string, string>>, existing: ExistingProject | undefined): string[] {
  if (!existing) return Object.keys(desired);
  return Object.keys(desired).filter((k) => k !== 'PROJECTID' && (existing.fields[k] ?? '') !== desired[k]);
}
