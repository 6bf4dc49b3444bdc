import type { ChangeSet, PlanItem, StateStore } from '../state/index.ts';

function pendingSets(store: StateStore, pipeline: string, company: string): ChangeSet[] {
  return store.changeSets.list({ pipeline, company, status: 'planned' });
}

/**
 * A pending change set of the pipeline with the same keys in the same order (keys embed the payload digest, so the
 * same plan): an agent that retries a call gets it back instead of a second one to approve.
 */
export function findReusableChangeSet(
  store: StateStore,
  pipeline: string,
  company: string,
  items: readonly PlanItem[],
): ChangeSet | undefined {
  const pending = pendingSets(store, pipeline, company);
  if (pending.length === 0) return undefined;
  const keyOrder = items.map((i) => i.idempotencyKey).join('\n');
  const now = new Date().toISOString();
  return pending.find(
    (cs) =>
      (cs.expiresAt === null || cs.expiresAt > now) &&
      store.changeSets
        .items(cs.id)
        .map((i) => i.idempotencyKey)
        .join('\n') === keyOrder,
  );
}

/**
 * An approved change set of the pipeline that nobody is executing (an execution stopped with items left, or its
 * process died and recovery returned it) whose remaining items are exactly `items` (the same keys; a key names one
 * outbox row and its payload): re-planning the same selection resumes it under the approval it already has,
 * instead of storing a copy of the plan in a new change set. The order is the stored one, so it is not compared.
 */
export function findResumableChangeSet(
  store: StateStore,
  pipeline: string,
  company: string,
  items: readonly PlanItem[],
): ChangeSet | undefined {
  const approved = store.changeSets.list({ pipeline, company, status: 'approved' });
  if (approved.length === 0) return undefined;
  const keys = new Set(items.map((i) => i.idempotencyKey));
  return approved.find((cs) => {
    const left = store.outbox.pendingFor(cs.id);
    return left.length === keys.size && left.every((e) => keys.has(e.idempotencyKey));
  });
}

/** Expires older pending change sets covering the same source records: a plan that changed needs a new approval. */
export function supersedeOverlapping(
  store: StateStore,
  pipeline: string,
  company: string,
  fresh: ChangeSet,
  items: readonly PlanItem[],
): void {
  const keys = new Set(items.map((i) => i.sourceKey));
  for (const cs of pendingSets(store, pipeline, company)) {
    if (cs.id !== fresh.id && store.changeSets.items(cs.id).some((i) => keys.has(i.sourceKey)))
      store.changeSets.expire(cs.id, `superseded by change set ${fresh.id}`);
  }
}
