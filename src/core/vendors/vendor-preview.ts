import type { ChangeSet } from '../state/index.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { PlannedWrite } from './vendor-decide.ts';
import { mask } from './vendor-fields.ts';

/** Writes per kind in one direction. */
export interface DirectionCounts {
  created: number;
  updated: number;
  deactivated: number;
}

/** What a person reads before approving a vendor sync. */
export interface VendorPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  /** The separate change set of bank/remittance changes (two approvers), if any. */
  readonly sensitiveChangeSetId: number | null;
  readonly toIntacct: DirectionCounts;
  readonly toSage300: DirectionCounts;
  /** Bank/remittance writes waiting in the two-approver change set. */
  readonly sensitive: number;
  readonly conflicts: number;
  readonly duplicates: number;
  /** All exceptions raised (conflicts, duplicates, system-of-record refusals, unreadable rows). */
  readonly exceptions: number;
  readonly inSync: number;
  /** Writes already waiting in an earlier change set (not planned again). */
  readonly awaiting: number;
}

/** Counts of ordinary writes per direction. */
export function countWrites(writes: readonly PlannedWrite[]): { toIntacct: DirectionCounts; toSage300: DirectionCounts } {
  const zero = (): DirectionCounts => ({ created: 0, updated: 0, deactivated: 0 });
  const out = { toIntacct: zero(), toSage300: zero() };
  for (const w of writes) {
    if (w.sensitive) continue;
    const c = w.target === 'intacct' ? out.toIntacct : out.toSage300;
    if (w.op === 'create') c.created++;
    else if (w.op === 'deactivate') c.deactivated++;
    else c.updated++;
  }
  return out;
}

/** One line per sensitive write with masked before/after values, for the change set summary and the audit log. */
export function maskedSummary(writes: readonly PlannedWrite[]): string {
  return writes
    .map((w) => `${w.target} ${w.id}: ${Object.entries(w.fields).map(([f, v]) => `${f} ${mask(w.before[f as keyof typeof w.before] ?? '')} -> ${mask(v)}`).join(', ')}`)
    .join('; ');
}

const num = (s: JsonValue, name: string): number => {
  const v = s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as Record<string, JsonValue>)[name] : undefined;
  return typeof v === 'number' ? v : 0;
};

const counts = (s: JsonValue, name: string): DirectionCounts => {
  const v = s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as Record<string, JsonValue>)[name] : undefined;
  return { created: num(v ?? null, 'created'), updated: num(v ?? null, 'updated'), deactivated: num(v ?? null, 'deactivated') };
};

/** The preview of a stored vendor change set, rebuilt from its summary. */
export function vendorPreviewOf(cs: ChangeSet): VendorPreview {
  const s = cs.summary;
  return {
    changeSetId: cs.id,
    digest: cs.digest,
    sensitiveChangeSetId: cs.approvalsRequired > 1 ? cs.id : null,
    toIntacct: counts(s, 'toIntacct'),
    toSage300: counts(s, 'toSage300'),
    sensitive: num(s, 'sensitive'),
    conflicts: num(s, 'conflicts'),
    duplicates: num(s, 'duplicates'),
    exceptions: num(s, 'exceptions'),
    inSync: num(s, 'inSync'),
    awaiting: num(s, 'awaiting'),
  };
}

/** A few lines a person reads before confirming. */
export function vendorPreviewText(company: string, p: VendorPreview): string {
  const d = (c: DirectionCounts) => `${c.created} created, ${c.updated} updated, ${c.deactivated} deactivated`;
  const lines = [
    `Vendor sync for ${company}${p.changeSetId === null ? '' : ` (change set ${p.changeSetId})`}: to Intacct ${d(p.toIntacct)}; to Sage 300 ${d(p.toSage300)}.`,
    `${p.conflicts} conflicts and ${p.duplicates} probable duplicates in the exceptions queue (${p.exceptions} exceptions in all); ${p.inSync} already in sync; ${p.awaiting} waiting in earlier change sets.`,
  ];
  if (p.sensitive > 0) lines.push(`${p.sensitive} bank/remittance changes wait in change set ${p.sensitiveChangeSetId ?? '?'} for two approvers other than the requester.`);
  return lines.join('\n');
}
