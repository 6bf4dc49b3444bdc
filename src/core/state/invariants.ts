import type { StateDb } from '../../platform/state-db.ts';

/**
 * Cross-table rules the store must keep even across crashes; empty means healthy. Used by the crash test and meant
 * for a `doctor` command: a violation means a bug, never an upstream problem.
 */
export function findStateViolations(db: StateDb): string[] {
  const violations: string[] = [];
  const confirmedWithoutXref = db
    .prepare<[], { key: string }>(
      `SELECT o.idempotency_key AS key FROM outbox o
       WHERE o.state = 'confirmed' AND NOT EXISTS (
         SELECT 1 FROM xrefs x WHERE x.object_type = o.object_type AND x.source_system = o.source_system
           AND x.source_key = o.source_key AND x.target_system = o.target_system AND x.target_key = o.target_key)`,
    )
    .all();
  for (const r of confirmedWithoutXref) violations.push(`outbox ${r.key} is confirmed but has no matching xref`);
  const xrefWithoutConfirmed = db
    .prepare<[], { id: number; key: string }>(
      `SELECT x.id, x.last_outbox_key AS key FROM xrefs x LEFT JOIN outbox o ON o.idempotency_key = x.last_outbox_key
       WHERE x.last_outbox_key IS NOT NULL AND (o.state IS NOT 'confirmed' OR o.target_key IS NOT x.target_key)`,
    )
    .all();
  for (const r of xrefWithoutConfirmed)
    violations.push(`xref ${r.id} was written by outbox ${r.key}, which is not confirmed to that target`);
  const orphanItems = db
    .prepare<[], { n: number }>(
      'SELECT COUNT(*) AS n FROM change_set_items i LEFT JOIN outbox o USING (idempotency_key) WHERE o.idempotency_key IS NULL',
    )
    .get();
  if (orphanItems && orphanItems.n > 0) violations.push(`${orphanItems.n} change set item(s) point at missing outbox rows`);
  const withoutPayload = db
    .prepare<[], { n: number }>(
      'SELECT COUNT(*) AS n FROM outbox o LEFT JOIN outbox_payloads p USING (idempotency_key) WHERE p.idempotency_key IS NULL',
    )
    .get();
  if (withoutPayload && withoutPayload.n > 0) violations.push(`${withoutPayload.n} outbox row(s) have no stored payload`);
  return violations;
}
