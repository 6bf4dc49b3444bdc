import type { JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet } from '../state/index.ts';
import type { RunOutcome, RunStatus } from './pipeline-definition.ts';

/** The counts a document pipeline's run summary starts with (also stored on the run). */
export interface RunCounts {
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly status: RunStatus;
  readonly planned: number;
  readonly written: number;
  readonly alreadyApplied: number;
  readonly skipped: number;
  /** Records with no cross-reference found already in Intacct by their natural key: linked, not sent. */
  readonly foundInIntacct: number;
  readonly exceptions: number;
  readonly unknown: number;
  readonly apiRequests: number;
}

/** The counts of a run, from its outcome and its preview. */
export function runCounts(
  o: RunOutcome<{ readonly toSend: number; readonly skipped: number; readonly foundInIntacct?: number }>,
): RunCounts {
  const ex = o.execution;
  return {
    runId: o.runId,
    changeSetId: o.changeSetId,
    status: o.status,
    planned: o.preview.toSend,
    written: ex?.written ?? 0,
    alreadyApplied: ex?.alreadyApplied ?? 0,
    skipped: o.preview.skipped,
    foundInIntacct: o.preview.foundInIntacct ?? 0,
    exceptions: o.exceptions,
    unknown: ex?.unknown ?? 0,
    apiRequests: ex?.apiRequests ?? 0,
  };
}

/** One member of a stored JSON object (a change set's summary), or undefined. */
export function field(value: JsonValue | undefined, name: string): JsonValue | undefined {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, JsonValue>)[name]
    : undefined;
}

/**
 * The fields every document pipeline stores in a change set's summary, read back: its id and digest, how many writes
 * it sends, what was skipped or raised, and its totals by currency; `value` reads a pipeline's own members.
 */
export function storedPreview(cs: ChangeSet) {
  const s = cs.summary;
  const num = (name: string): number => {
    const v = field(s, name);
    return typeof v === 'number' ? v : 0;
  };
  const toSend = num('toSend');
  return {
    head: {
      changeSetId: cs.id,
      digest: cs.digest,
      toSend,
      created: toSend,
      updated: 0,
      skipped: num('skipped'),
      foundInIntacct: num('foundInIntacct'),
      exceptions: num('exceptions'),
      totalsByCurrency: (field(s, 'totalsByCurrency') ?? {}) as Record<string, string>,
    },
    num,
    value: <T>(name: string, fallback: T): T => (field(s, name) ?? fallback) as unknown as T,
  };
}
