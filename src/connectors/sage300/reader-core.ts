/** Generic read loops shared by the family readers: full keyset scans, parents with children, incremental runs. */
import type { SqlParams, SqlRow } from './sql-backend.ts';
import { STAMP_DATE, STAMP_TIME, type SelectSpec } from './sql-statement.ts';
import {
  childrenOfPage,
  childrenOfParent,
  groupKey,
  hold,
  keysetPages,
  keysetRows,
  rawKey,
  release,
  type SqlContext,
} from './sql-keyset.ts';
import { ChangeTracker, type AuditCursor } from './sql-cursor.ts';
import type { RowResult } from './normalise.ts';

/** How to fetch one kind of child row for a page of parents. */
export interface ChildPlan {
  readonly specs: { readonly range: SelectSpec; readonly exact: SelectSpec };
  /** Leading parent key parts the child's key starts with. */
  readonly parentKeyLength: number;
  /** Child key parts to group by (>= parentKeyLength for grandchildren grouped under a child). */
  readonly groupLength: number;
}

/** Child rows of the current page, grouped per plan; look up with `childKey(row, n)` of the owning row. */
export type ChildGroups = readonly Map<string, SqlRow[]>[];

/** Builds one record from a parent row and its grouped children; `offset` skips leading key parts before the record's own key. */
export type Build<T> = (row: SqlRow, children: ChildGroups, offset: number) => RowResult<T>;

/** Grouping text of key parts `[offset, offset + length)` of a row (same text as `groupKey` for offset 0). */
export function childKey(row: SqlRow, length: number, offset = 0): string {
  if (offset === 0) return groupKey(row, length);
  return JSON.stringify(
    rawKey(row, offset + length)
      .slice(offset)
      .map((v) => (typeof v === 'string' ? v.replace(/ +$/, '') : v)),
  );
}

export function childrenOf(groups: ChildGroups, plan: number, key: string): SqlRow[] {
  return groups[plan]?.get(key) ?? [];
}

/** Full keyset scan, one normalised record per row. */
export async function* readAll<R>(ctx: SqlContext, spec: SelectSpec, params: SqlParams, normalise: (row: SqlRow) => R): AsyncGenerator<R> {
  // Pages straight from the keyset scan: one async step per row, not one per generator layer.
  for await (const page of keysetPages(ctx, spec, params)) {
    hold(ctx.stats, page.length);
    try {
      for (const row of page) yield normalise(row);
    } finally {
      release(ctx.stats, page.length);
    }
  }
}

/** Keyset scan of parents; each page's children come from one range query per plan. */
export async function* readWithChildren<T>(
  ctx: SqlContext,
  spec: SelectSpec,
  params: SqlParams,
  plans: readonly ChildPlan[],
  build: Build<T>,
): AsyncGenerator<RowResult<T>> {
  for await (const page of keysetPages(ctx, spec, params)) {
    hold(ctx.stats, page.length);
    const loaded: { groups: Map<string, SqlRow[]>; release: () => void }[] = [];
    try {
      for (const plan of plans) loaded.push(await childrenOfPage(ctx, plan.specs.range, page, plan.parentKeyLength, plan.groupLength));
      const groups = loaded.map((l) => l.groups);
      for (const row of page) yield build(row, groups, 0);
    } finally {
      for (const l of loaded) l.release();
      release(ctx.stats, page.length);
    }
  }
}

async function childrenForOne(ctx: SqlContext, row: SqlRow, plans: readonly ChildPlan[]): Promise<Map<string, SqlRow[]>[]> {
  const parentKey = rawKey(row, Math.max(0, ...plans.map((p) => p.parentKeyLength)));
  const out: Map<string, SqlRow[]>[] = [];
  for (const plan of plans) {
    const groups = new Map<string, SqlRow[]>();
    for (const child of await childrenOfParent(ctx, plan.specs.exact, parentKey.slice(0, plan.parentKeyLength))) {
      const k = groupKey(child, plan.groupLength);
      const list = groups.get(k);
      if (list) list.push(child);
      else groups.set(k, [child]);
    }
    out.push(groups);
  }
  return out;
}

/** An incremental read: iterate it to the end, then take `cursor()` and store it once the records are durable. */
export interface ChangeRun<T> extends AsyncIterable<RowResult<T>> {
  /** The next cursor; throws if the run has not been iterated to completion (a caller bug). */
  cursor(): AuditCursor;
}

/**
 * Audit-stamp incremental read over a `changesOf` spec (paged on the table's unique key, filtered on the stamp).
 * Re-reads `overlapSeconds` before the watermark and skips rows already delivered with the same stamp, so a row that
 * landed late with a stamp inside the window is still found and one already delivered is not delivered again.
 */
export function readChanges<T>(
  ctx: SqlContext,
  spec: SelectSpec,
  previous: AuditCursor | null,
  overlapSeconds: number,
  build: Build<T>,
  plans: readonly ChildPlan[] = [],
): ChangeRun<T> {
  const tracker = new ChangeTracker(previous, overlapSeconds);
  const pkLength = spec.key.length;
  let complete = false;
  async function* run(): AsyncGenerator<RowResult<T>> {
    for await (const row of keysetRows(ctx, spec, tracker.from())) {
      if (!tracker.accept(childKey(row, pkLength), Number(row[STAMP_DATE]), Number(row[STAMP_TIME]))) continue;
      const groups = plans.length > 0 ? await childrenForOne(ctx, row, plans) : [];
      yield build(row, groups, 0);
    }
    complete = true;
  }
  return {
    [Symbol.asyncIterator]: () => run(),
    cursor(): AuditCursor {
      if (!complete) throw new Error(`${spec.name}: cursor() called before the change run was fully read`);
      return tracker.cursor();
    },
  };
}
