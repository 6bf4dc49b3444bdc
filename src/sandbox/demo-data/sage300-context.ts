import type Database from 'better-sqlite3';
import { insertRow, type Sage300Row } from '../sage300-db/schema.ts';
import type { Prng } from './sage300-prng.ts';
import { addDays, sageTime } from './sage300-calendar.ts';

/** Everything a demo-data section needs; passed explicitly instead of module state. */
export interface GenContext {
  readonly db: Database.Database;
  readonly rng: Prng;
  readonly orgId: string;
  readonly year: number;
  readonly scale: number;
  readonly user: string;
  /** Audit stamp for a row written on `date`, at a pseudo-random business-hours time. */
  stamp(date: number): Sage300Row;
  /** A stamp somewhere in the fiscal year, for master data maintained over time. */
  stampInYear(): Sage300Row;
  insert(table: string, row: Sage300Row): void;
  /** Volume for something that is `base` at scale 1 (never below 1). */
  scaled(base: number): number;
}

export function createContext(db: Database.Database, rng: Prng, orgId: string, year: number, scale: number): GenContext {
  const user = 'ADMIN';
  const stamp = (date: number): Sage300Row => ({
    AUDTDATE: date,
    AUDTTIME: sageTime(rng.int(7, 18), rng.int(0, 59), rng.int(0, 59), rng.int(0, 99)),
    AUDTUSER: user,
    AUDTORG: orgId,
  });
  return {
    db,
    rng,
    orgId,
    year,
    scale,
    user,
    stamp,
    stampInYear: () => stamp(addDays(year * 10000 + 101, rng.int(0, 364))),
    insert: (table, row) => insertRow(db, table, row),
    scaled: (base) => Math.max(1, Math.round(base * scale)),
  };
}
