/**
 * Milestone billing: a reached milestone (a PMBWD line Sage 300 posted, DOCNUM naming the AR invoice) becomes one
 * Intacct AR invoice through legacy create_invoice, keyed as the AR/projects key contract says, so sync_ar and
 * sync_projects never make two: cross-reference ARINVOICE `company:customer:document`, outbox key
 * `ar-invoice:<sourceKey>` without a content digest, invoice number = the Sage 300 document number.
 */
import { formatAmount, Money } from '../../domain/money.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { PmMilestoneRecord, PmProjectRecord } from '../ports/project-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { StateStore } from '../state/index.ts';
import type { DesiredProject } from './project-records.ts';
import { AR_INVOICE_OBJECT, arInvoiceKey, arSourceKey } from '../ar/ar-keys.ts';
import { slotFor } from '../ar/ar-slot.ts';
import { intacctProjectId } from './project-id.ts';
import { PROJECTS_PIPELINE } from './project-types.ts';
import type { EntryProblem } from './project-entries.ts';
import { DOCUMENT_REFERENCE_PREFIX } from '../sync/sync-references.ts';

/** One invoice ready to plan. */
interface MilestoneInvoice {
  readonly sourceKey: string;
  readonly idempotencyKey: string;
  readonly projectId: string;
  readonly contract: string;
  readonly invoiceNumber: string;
  readonly customerId: string;
  readonly amount: Money;
  readonly payload: JsonValue;
}

export interface InvoicePlan {
  invoices: MilestoneInvoice[];
  problems: EntryProblem[];
  /** Reached milestones already linked or planned (by this flow or sync_ar), with the reason. */
  skipped: { sourceKey: string; reason: string }[];
  pending: number;
}

/**
 * Plans one invoice per reached milestone. A milestone is skipped when its invoice is already linked or planned by
 * either flow (a still-pending plan of identical content is planned again so an agent's retry gets the same change
 * set); a failed earlier attempt with the same content is re-planned under its own key.
 */
export function planMilestoneInvoices(
  store: StateStore,
  engine: MappingEngine,
  company: string,
  milestones: readonly PmMilestoneRecord[],
  projects: ReadonlyMap<string, PmProjectRecord>,
  desired: ReadonlyMap<string, DesiredProject>,
  available: (projectId: string) => string | null,
): InvoicePlan {
  const out: InvoicePlan = { invoices: [], problems: [], skipped: [], pending: 0 };
  const seen = new Set<string>();
  for (const m of milestones) {
    if (!m.reached) {
      out.pending++;
      continue;
    }
    const record = m as unknown as JsonValue;
    const lineKey = `${company}:PMBWD:${m.worksheetId}:${m.line}`;
    const project = projects.get(`${m.contract}|${m.project}`);
    const projectId = intacctProjectId(m.contract, m.project);
    if (m.invoiceNumber === '') {
      out.problems.push({
        key: lineKey,
        record,
        problem: {
          class: 'validation',
          message: `milestone ${m.worksheetId}/${m.line} (${m.description}) is posted but names no AR invoice (DOCNUM is blank)`,
          fix: 'post the billing worksheet to AR in Sage 300 so the line names its invoice',
        },
      });
      continue;
    }
    const wanted = desired.get(projectId);
    if (!project || !wanted) {
      const why = !project
        ? `contract ${m.contract} project ${m.project} is not a Sage 300 contract project`
        : `project ${projectId} could not be prepared (see its exception)`;
      out.problems.push({
        key: lineKey,
        record,
        problem: {
          class: 'mapping',
          message: `milestone ${m.worksheetId}/${m.line} invoice ${m.invoiceNumber}: ${why}`,
          fix: 'resolve the project first; the invoice follows on the next run',
        },
      });
      continue;
    }
    const sourceKey = arSourceKey(company, wanted.sageCustomerId, m.invoiceNumber);
    if (seen.has(sourceKey)) continue; // two worksheet lines billed on one invoice: the invoice is planned once (first line).
    seen.add(sourceKey);
    const linked = store.xrefs.bySource(AR_INVOICE_OBJECT, 'sage300', sourceKey, 'intacct');
    if (linked) {
      out.skipped.push({ sourceKey, reason: `already linked to Intacct invoice ${linked.targetKey}` });
      continue;
    }
    const blocked = available(projectId);
    if (blocked) {
      out.problems.push({
        key: sourceKey,
        record,
        problem: {
          class: 'mapping',
          message: `milestone invoice ${m.invoiceNumber} of project ${projectId} cannot be created: ${blocked}`,
          fix: 'resolve the exception of the project itself; the invoice follows on the next run',
        },
      });
      continue;
    }
    const resolved = engine.resolveAccount(project.revenueAccount, m.billDate ?? '1970-01-01');
    if (!resolved.ok || m.billDate === null) {
      const problem = resolved.ok
        ? { message: 'has no bill date', fix: 'set the bill date on the worksheet line in Sage 300' }
        : { message: `revenue account ${project.revenueAccount || '(none)'}: ${resolved.error.message}`, fix: resolved.error.fix };
      out.problems.push({
        key: sourceKey,
        record,
        problem: {
          class: 'mapping',
          message: `milestone invoice ${m.invoiceNumber} of project ${projectId} ${problem.message}`,
          fix: problem.fix,
        },
      });
      continue;
    }
    const amount = new Money(formatAmount(new Money(m.amount), 2));
    const dims = resolved.value.dimensions;
    const payload: JsonValue = {
      customerid: wanted.intacctCustomerId,
      datecreated: m.billDate,
      dateposted: m.billDate,
      invoiceno: m.invoiceNumber,
      description: `${m.contract} milestone: ${m.description}`.slice(0, 100),
      // The `S300:` reference sync_ar stamps too: what `state rebuild` recovers the invoice by.
      externalid: `${DOCUMENT_REFERENCE_PREFIX}${sourceKey}`,
      invoiceitems: {
        lineitem: [
          {
            glaccountno: resolved.value.targetAccount,
            amount: formatAmount(amount, 2),
            memo: m.description.slice(0, 100),
            ...(dims.LOCATION ? { locationid: dims.LOCATION } : {}),
            ...(dims.DEPARTMENT ? { departmentid: dims.DEPARTMENT } : {}),
            projectid: projectId,
            ...(dims.CLASSID ? { classid: dims.CLASSID } : {}),
          },
        ],
      },
    };
    // The same slot rule as sync_ar (see the AR invoice contract), so both flows converge on one key and one invoice.
    const slot = slotFor(store, 'sage300', sourceKey, AR_INVOICE_OBJECT, PROJECTS_PIPELINE, payload, (n) => arInvoiceKey(sourceKey, n));
    if (slot.kind === 'busy') {
      out.skipped.push({ sourceKey, reason: slot.note });
      continue;
    }
    const idempotencyKey = slot.idempotencyKey;
    if (slot.kind === 'resend') {
      out.invoices.push({
        sourceKey,
        idempotencyKey,
        projectId,
        contract: m.contract,
        invoiceNumber: m.invoiceNumber,
        customerId: wanted.intacctCustomerId,
        amount,
        payload: slot.payload,
      });
      continue;
    }
    out.invoices.push({
      sourceKey,
      idempotencyKey,
      projectId,
      contract: m.contract,
      invoiceNumber: m.invoiceNumber,
      customerId: wanted.intacctCustomerId,
      amount,
      payload,
    });
  }
  return out;
}

/**
 * Sage 300 AR document numbers whose revenue is project-tagged on the Intacct invoice itself: milestone invoices this
 * run plans, and those this flow already wrote (an invoice sync_ar wrote first carries no PROJECTID, so its revenue
 * still needs the reclass).
 */
export function invoicesTaggedByProjects(store: StateStore, billing: InvoicePlan): Set<string> {
  const out = new Set(billing.invoices.map((i) => i.invoiceNumber));
  for (const { sourceKey } of billing.skipped) {
    const rows = store.outbox.bySource('sage300', sourceKey).filter((e) => e.objectType === AR_INVOICE_OBJECT && e.state !== 'failed');
    if (rows.some((e) => store.changeSets.get(e.changeSetId)?.pipeline === PROJECTS_PIPELINE))
      out.add(sourceKey.split(':').slice(2).join(':'));
  }
  return out;
}
