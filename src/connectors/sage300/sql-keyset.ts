/**
 * Keyset paging: `WHERE (key) > (@last key) ORDER BY key` with a literal page size, never OFFSET
 * scans. Pages are fully read before they are handed on, so a live cursor never spans a consumer
 * await, and memory is bounded by one page (plus that page's child rows).
 */
import type { Logger } from '../../platform/logger.ts';
import type { SqlBackend, SqlParams, SqlRow } from './sql-backend.ts';
import { renderSelect, type RenderedSql } from './sql-dialect.ts';
import { AFTER_PREFIX, KEY_PREFIX, type SelectSpec } from './sql-statement.ts';
import { rtrim } from './normalise.ts';

/** Counters exposed for tests and the benchmark. */
export interface ReadStats {
  queries: number;
  rows: number;
  /** Rows currently held in page buffers (parents + children). */
  bufferedRows: number;
  /** High-water mark of `bufferedRows`: proves reads never hold more than one page. */
  maxBufferedRows: number;
}

export interface SqlContext {
  readonly backend: SqlBackend;
  readonly pageSize: number;
  readonly stats: ReadStats;
  readonly log: Logger;
  render(spec: SelectSpec, after: boolean): RenderedSql;
}

/** Creates the shared read context; rendered statements are cached per spec and variant. */
export function createSqlContext(backend: SqlBackend, pageSize: number, log: Logger): SqlContext {
  const cache = new Map<SelectSpec, [RenderedSql | undefined, RenderedSql | undefined]>();
  const stats: ReadStats = { queries: 0, rows: 0, bufferedRows: 0, maxBufferedRows: 0 };
  return {
    backend,
    pageSize,
    stats,
    log,
    render(spec, after) {
      let entry = cache.get(spec);
      if (!entry) {
        entry = [undefined, undefined];
        cache.set(spec, entry);
      }
      const i = after ? 1 : 0;
      return (entry[i] ??= renderSelect(backend.dialect, spec, { after, limit: pageSize }));
    },
  };
}

export function hold(stats: ReadStats, n: number): void {
  stats.bufferedRows += n;
  if (stats.bufferedRows > stats.maxBufferedRows) stats.maxBufferedRows = stats.bufferedRows;
}

export function release(stats: ReadStats, n: number): void {
  stats.bufferedRows -= n;
}

/** Raw keyset values of a row (`__k0..`), exactly as stored: CHAR keys stay padded. */
export function rawKey(row: SqlRow, length: number): (string | number)[] {
  const out: (string | number)[] = [];
  for (let i = 0; i < length; i++) {
    const v = row[`${KEY_PREFIX}${i}`];
    if (typeof v === 'string' || typeof v === 'number') out.push(v);
    else if (typeof v === 'bigint') out.push(Number(v));
    else throw new Error(`key column ${KEY_PREFIX}${i} is ${typeof v}; keyset keys must be text or integers`);
  }
  return out;
}

/** Grouping text of the first `length` key parts (RTRIMmed so CHAR widths of parent and child need not match). */
export function groupKey(row: SqlRow, length: number): string {
  return JSON.stringify(rawKey(row, length).map((v) => (typeof v === 'string' ? rtrim(v) : v)));
}

/** Yields whole pages of a keyset-paged query; each page holds at most `pageSize` rows. */
export async function* keysetPages(ctx: SqlContext, spec: SelectSpec, params: SqlParams): AsyncGenerator<SqlRow[]> {
  let after: (string | number)[] | undefined;
  for (;;) {
    const sql = ctx.render(spec, after !== undefined);
    const bound: Record<string, string | number> = { ...params };
    after?.forEach((v, i) => (bound[`${AFTER_PREFIX}${i}`] = v));
    let page: SqlRow[] = [];
    if (ctx.backend.queryPage) page = await ctx.backend.queryPage(sql, bound);
    else for await (const row of ctx.backend.query(sql, bound)) page.push(row);
    ctx.stats.queries += 1;
    ctx.stats.rows += page.length;
    const last = page.at(-1);
    if (page.length > 0) yield page;
    if (last === undefined || page.length < ctx.pageSize) return;
    after = rawKey(last, spec.key.length);
  }
}

/** Row-at-a-time view over `keysetPages`, accounting each page in the buffer stats while it is consumed. */
export async function* keysetRows(ctx: SqlContext, spec: SelectSpec, params: SqlParams): AsyncGenerator<SqlRow> {
  for await (const page of keysetPages(ctx, spec, params)) {
    hold(ctx.stats, page.length);
    try {
      yield* page;
    } finally {
      release(ctx.stats, page.length);
    }
  }
}

/**
 * Reads the children of one page of parents in a single keyset-paged range query
 * (`parent key BETWEEN first AND last of the page`, over the first `rangePrefix` key parts of the parents)
 * and groups them by the first `groupPrefix` key parts of the children.
 * Rows are held (and counted) until the caller calls the returned `release`.
 */
export async function childrenOfPage(
  ctx: SqlContext,
  spec: SelectSpec,
  parents: readonly SqlRow[],
  rangePrefix: number,
  groupPrefix: number = rangePrefix,
): Promise<{ groups: Map<string, SqlRow[]>; release: () => void }> {
  const groups = new Map<string, SqlRow[]>();
  const first = parents[0];
  const last = parents.at(-1);
  let count = 0;
  if (first !== undefined && last !== undefined) {
    const bound: Record<string, string | number> = {};
    rawKey(first, rangePrefix).forEach((v, i) => (bound[`lo${i}`] = v));
    rawKey(last, rangePrefix).forEach((v, i) => (bound[`hi${i}`] = v));
    for await (const page of keysetPages(ctx, spec, bound)) {
      hold(ctx.stats, page.length);
      count += page.length;
      for (const row of page) {
        const k = groupKey(row, groupPrefix);
        const list = groups.get(k);
        if (list) list.push(row);
        else groups.set(k, [row]);
      }
    }
  }
  return { groups, release: () => release(ctx.stats, count) };
}

/** Children of ONE parent (exact parent-key match `p0..`), for pages whose parents are not key-contiguous. */
export async function childrenOfParent(ctx: SqlContext, spec: SelectSpec, parentKey: readonly (string | number)[]): Promise<SqlRow[]> {
  const bound: Record<string, string | number> = {};
  parentKey.forEach((v, i) => (bound[`p${i}`] = v));
  const rows: SqlRow[] = [];
  for await (const page of keysetPages(ctx, spec, bound)) rows.push(...page);
  return rows;
}
