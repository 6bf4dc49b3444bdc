import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { ExistingProject } from '../ports/project-ports.ts';
import type { PlanItem } from '../state/index.ts';
import { PROJECT_OBJECT, projectSourceKey } from './project-id.ts';
import { changedFields, type DesiredProject } from './project-records.ts';

const SOURCE = 'sage300';
const TARGET = 'intacct';

/** Outbox key prefixes, one per execution phase: projects, then entries and invoices, then deactivations. */
export const PHASES = [
  { prefix: 'project:', name: 'upsert PROJECT' },
  { prefix: 'project-entry:', name: 'create GLBATCH' },
  { prefix: 'ar-invoice:', name: 'create_invoice ARINVOICE' },
  { prefix: 'project-close:', name: 'update PROJECT' },
] as const;

/** What a PROJECT item carries: the write mode and the fields. */
export interface ProjectItemPayload {
  readonly mode: 'create' | 'update';
  readonly fields: Record<string, string>;
}

/**
 * The PROJECT writes of one plan. A project equal in Intacct is skipped. A project Sage 300 closed that still gets
 * entries or invoices in this change set is written active first and deactivated in the last phase, because Intacct
 * refuses an inactive project on a new transaction. Keys carry a digest of the Intacct state they start from and the
 * target state, so the same plan gives the same keys (an agent's retry) and a later change gets a new key.
 */
export function projectItems(
  company: string,
  desired: readonly DesiredProject[],
  intacct: ReadonlyMap<string, ExistingProject>,
  needsActive: ReadonlyMap<string, readonly string[]>,
): { items: PlanItem[]; closes: PlanItem[]; created: number; updated: number; skipped: number } {
  const out = { items: [] as PlanItem[], closes: [] as PlanItem[], created: 0, updated: 0, skipped: 0 };
  for (const d of desired) {
    const existing = intacct.get(d.projectId);
    const dependents = needsActive.get(d.projectId) ?? [];
    const closeAfter = d.fields.STATUS === 'inactive' && dependents.length > 0;
    const now = closeAfter ? { ...d.fields, STATUS: 'active' } : { ...d.fields };
    const changed = changedFields(now, existing);
    const sourceKey = projectSourceKey(company, d.projectId);
    if (changed.length > 0) {
      const payload: ProjectItemPayload = existing ? { mode: 'update', fields: now } : { mode: 'create', fields: now };
      const from = existing ? { recordNo: existing.recordNo, ...existing.fields } : null;
      const key = `project:${sourceKey}~${digestOf({ from, to: now }).slice(0, 12)}`;
      out.items.push({
        idempotencyKey: key,
        targetSystem: TARGET,
        objectType: PROJECT_OBJECT,
        sourceSystem: SOURCE,
        sourceKey,
        payload: payload as unknown as JsonValue,
      });
      if (existing) out.updated++;
      else out.created++;
    } else if (!closeAfter) out.skipped++;
    if (closeAfter) {
      const payload: ProjectItemPayload = { mode: 'update', fields: { PROJECTID: d.projectId, STATUS: 'inactive' } };
      const key = `project-close:${sourceKey}~${digestOf([...dependents].sort()).slice(0, 12)}`;
      out.closes.push({
        idempotencyKey: key,
        targetSystem: TARGET,
        objectType: PROJECT_OBJECT,
        sourceSystem: SOURCE,
        sourceKey,
        payload: payload as unknown as JsonValue,
      });
    }
  }
  return out;
}
