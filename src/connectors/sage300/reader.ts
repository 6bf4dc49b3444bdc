/** The Sage 300 SQL reader: one company database, typed async iterables per table family. */
import type { Logger } from '../../platform/logger.ts';
import type { SqlBackend } from './sql-backend.ts';
import { createSqlContext, type ReadStats } from './sql-keyset.ts';
import { createGlReader, type GlReader } from './reader-gl.ts';
import { createApReader, createArReader, type ApReader, type ArReader } from './reader-ap-ar.ts';
import { createPmReader, createPoReader, type PmReader, type PoReader } from './reader-po-pm.ts';

export interface Sage300ReaderOptions {
  readonly log: Logger;
  /** Company org id (= database name); used in logs. */
  readonly companyId: string;
  /** Rows per keyset page (default 1000). */
  readonly pageSize?: number;
  /** Seconds re-read before an audit watermark (default 600: stamps are 1/100 s and writes are not atomic). */
  readonly overlapSeconds?: number;
  /**
   * Posting sequences re-read before the GLPOST cursor's own (default 0: only the cursor's sequence is read again).
   * Raise it if posting runs can finish out of sequence order.
   */
  readonly overlapSequences?: number;
}

export interface Sage300Reader {
  readonly companyId: string;
  readonly gl: GlReader;
  readonly ap: ApReader;
  readonly ar: ArReader;
  readonly po: PoReader;
  readonly pm: PmReader;
  /** Query/row counters and the buffered-rows high-water mark. */
  stats(): Readonly<ReadStats>;
  close(): Promise<void>;
}

/** Creates a reader over a backend that is connected to ONE company database. */
export function createSage300Reader(backend: SqlBackend, options: Sage300ReaderOptions): Sage300Reader {
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 100_000) throw new Error(`bad pageSize ${pageSize}`);
  const overlap = options.overlapSeconds ?? 600;
  const overlapSequences = options.overlapSequences ?? 0;
  if (!Number.isSafeInteger(overlapSequences) || overlapSequences < 0) throw new Error(`bad overlapSequences ${overlapSequences}`);
  const log = options.log.child({ module: 'sage300-sql-reader', companyId: options.companyId, dialect: backend.dialect });
  const ctx = createSqlContext(backend, pageSize, log);
  return {
    companyId: options.companyId,
    gl: createGlReader(ctx, overlap, overlapSequences),
    ap: createApReader(ctx, overlap),
    ar: createArReader(ctx, overlap),
    po: createPoReader(ctx, overlap),
    pm: createPmReader(ctx, overlap),
    stats: () => ({ ...ctx.stats }),
    close: () => backend.close(),
  };
}
