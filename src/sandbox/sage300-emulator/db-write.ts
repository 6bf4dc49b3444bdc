/**
 * The writes every resource shares: the audit stamp Sage's business layer puts on each row it touches, and
 * column-wise UPDATE/INSERT of already-stored values.
 */
import type Database from 'better-sqlite3';
import { insertRow, padChar, storedValue, tableDef, type Sage300Row } from '../sage300-db/schema.ts';
import type { Sage300Behaviours } from './behaviours.ts';

export interface WriteContext {
  db: Database.Database;
  companyId: string;
  /** The authenticated Sage user (AUDTUSER). */
  user: string;
  now: () => Date;
  /** The emulator's current switches (behaviours.ts); the defaults when absent. */
  behaviours?: Readonly<Sage300Behaviours>;
}

/** YYYYMMDD of `now` in UTC (evidence points to UTC for AUDTDATE; reference §1). */
export function sageToday(now: Date): number {
  return now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
}

/** HHMMSSCC of `now` in UTC, as an integer (no leading zero, like Sage). */
function sageTimeNow(now: Date): number {
  return (
    now.getUTCHours() * 1_000_000 + now.getUTCMinutes() * 10_000 + now.getUTCSeconds() * 100 + Math.floor(now.getUTCMilliseconds() / 10)
  );
}

function auditStamp(ctx: WriteContext): Record<'AUDTDATE' | 'AUDTTIME' | 'AUDTUSER' | 'AUDTORG', string | number> {
  const now = ctx.now();
  return {
    AUDTDATE: sageToday(now),
    AUDTTIME: sageTimeNow(now),
    AUDTUSER: padChar(ctx.user.toUpperCase().slice(0, 8), 8),
    AUDTORG: padChar(ctx.companyId.slice(0, 6), 6),
  };
}

const q = (name: string) => `"${name}"`;

/** UPDATE of stored values by primary key, adding the audit stamp. Returns the number of rows changed. */
export function updateRow(
  ctx: WriteContext,
  table: string,
  key: Record<string, string | number>,
  columns: Readonly<Record<string, string | number>>,
): number {
  const entries = Object.entries(columns);
  const def = tableDef(table);
  // Normalise through the schema so a caller's unpadded CHAR or unscaled decimal is stored like insertRow would.
  const stored = (c: string, v: string | number): string | number => {
    const col = def.columns.find((x) => x.name === c);
    if (!col) throw new Error(`${table}: unknown column ${c}`);
    return storedValue(table, col, v);
  };
  const all = [...entries.filter(([c]) => !(c in key)), ...Object.entries(auditStamp(ctx))].map(([c, v]): [string, string | number] => [
    c,
    stored(c, v),
  ]);
  const sets = all.map(([c]) => `${q(c)} = ?`).join(', ');
  const where = Object.keys(key)
    .map((c) => `${q(c)} = ?`)
    .join(' AND ');
  return ctx.db.prepare(`UPDATE ${q(table)} SET ${sets} WHERE ${where}`).run(...all.map(([, v]) => v), ...Object.values(key)).changes;
}

/** INSERT of a full row (missing columns become Sage blanks), adding the audit stamp. */
export function insertStamped(ctx: WriteContext, table: string, row: Record<string, string | number>): void {
  const full: Sage300Row = { ...row, ...auditStamp(ctx) };
  insertRow(ctx.db, table, full);
}

export function selectRow(db: Database.Database, table: string, key: Record<string, string | number>): Record<string, unknown> | undefined {
  const where = Object.keys(key)
    .map((c) => `${q(c)} = ?`)
    .join(' AND ');
  return db.prepare(`SELECT * FROM ${q(table)} WHERE ${where}`).get(...Object.values(key)) as Record<string, unknown> | undefined;
}
