/** Fiscal year/period of a date from CSFSC, and the company's home currency from CSCOM. */
import type Database from 'better-sqlite3';

export interface FiscalPeriod {
  year: string;
  /** 1-based period number. */
  period: number;
}

/**
 * The CSFSC year whose BGNDATEn..ENDDATEn contains the date. A company with no fiscal calendar at all falls back
 * to calendar months, so an empty sandbox database still accepts entries.
 */
export function fiscalPeriodOf(db: Database.Database, yyyymmdd: number): FiscalPeriod | undefined {
  const years = db.prepare('SELECT * FROM "CSFSC" ORDER BY "FSCYEAR"').all() as Record<string, unknown>[];
  if (years.length === 0) return { year: String(Math.floor(yyyymmdd / 10000)), period: Math.floor(yyyymmdd / 100) % 100 };
  for (const y of years) {
    const periods = Number(y.PERIODS) || 12;
    for (let n = 1; n <= periods; n++) {
      const begin = Number(y[`BGNDATE${n}`]);
      const end = Number(y[`ENDDATE${n}`]);
      if (begin > 0 && begin <= yyyymmdd && yyyymmdd <= end) return { year: String(y.FSCYEAR).trimEnd(), period: n };
    }
  }
  return undefined;
}

export function homeCurrency(db: Database.Database): string {
  const row = db.prepare('SELECT "HOMECUR" FROM "CSCOM" LIMIT 1').get() as { HOMECUR: string } | undefined;
  const code = row?.HOMECUR.trimEnd() ?? '';
  return code === '' ? 'USD' : code;
}
