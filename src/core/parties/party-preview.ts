import type { PartySystem } from '../ports/party-ports.ts';
import type { ChangeSet } from '../state/index.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { PlannedWrite } from './party-decide.ts';
import { mask, type PartySpec } from './party-spec.ts';

/** Writes per kind in one direction. */
export interface DirectionCounts {
  created: number;
  updated: number;
  deactivated: number;
}

/** One change of a highlighted field (e.g. a credit limit), with its values before and after. */
export interface Highlight {
  readonly target: PartySystem;
  readonly id: string;
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** What a person reads before approving a party sync. */
export interface PartyPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  /** The separate change set of sensitive changes (more approvers), if any. */
  readonly sensitiveChangeSetId: number | null;
  readonly toIntacct: DirectionCounts;
  readonly toSage300: DirectionCounts;
  /** Sensitive writes waiting in the multi-approver change set. */
  readonly sensitive: number;
  readonly conflicts: number;
  readonly duplicates: number;
  /** All exceptions raised (conflicts, duplicates, system-of-record refusals, invalid and unreadable rows). */
  readonly exceptions: number;
  readonly inSync: number;
  /** Unlinked parties paired by the same id on the other side (a lost state store), not created again. */
  readonly foundInIntacct: number;
  /** Writes already waiting in an earlier change set (not planned again). */
  readonly awaiting: number;
  /** Every planned change of a highlighted field, before → after (empty for pipelines without any). */
  readonly highlights: readonly Highlight[];
}

/** Counts of ordinary writes per direction. */
export function countWrites<F extends string>(
  writes: readonly PlannedWrite<F>[],
): { toIntacct: DirectionCounts; toSage300: DirectionCounts } {
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

/** The highlighted field changes among the writes, in write order. */
export function highlightsOf<F extends string>(spec: PartySpec<F>, writes: readonly PlannedWrite<F>[]): Highlight[] {
  return writes.flatMap((w) =>
    (Object.keys(w.fields) as F[])
      .filter((f) => spec.highlighted.has(f))
      .map((f) => ({ target: w.target, id: w.id, field: f, before: w.before[f] ?? '', after: w.fields[f] ?? '' })),
  );
}

/** One line per sensitive write with masked before/after values, for the change set summary and the audit log. */
export function maskedSummary<F extends string>(writes: readonly PlannedWrite<F>[]): string {
  return writes
    .map(
      (w) =>
        `${w.target} ${w.id}: ${Object.entries(w.fields)
          .map(([f, v]) => `${f} ${mask(w.before[f as F] ?? '')} -> ${mask(v as string)}`)
          .join(', ')}`,
    )
    .join('; ');
}

const rec = (s: JsonValue): Record<string, JsonValue> =>
  s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as Record<string, JsonValue>) : {};
const num = (s: JsonValue, name: string): number => {
  const v = rec(s)[name];
  return typeof v === 'number' ? v : 0;
};
const counts = (s: JsonValue, name: string): DirectionCounts => {
  const v = rec(s)[name] ?? null;
  return { created: num(v, 'created'), updated: num(v, 'updated'), deactivated: num(v, 'deactivated') };
};
const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');
const highlightsIn = (s: JsonValue): Highlight[] => {
  const v = rec(s).highlights;
  if (!Array.isArray(v)) return [];
  return (v as JsonValue[])
    .map((h) => rec(h))
    .map((h) => ({
      target: h.target === 'sage300' ? 'sage300' : 'intacct',
      id: str(h.id),
      field: str(h.field),
      before: str(h.before),
      after: str(h.after),
    }));
};

/** The preview of a stored party change set, rebuilt from its summary. */
export function partyPreviewOf(cs: ChangeSet): PartyPreview {
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
    foundInIntacct: num(s, 'foundInIntacct'),
    awaiting: num(s, 'awaiting'),
    highlights: highlightsIn(s),
  };
}
