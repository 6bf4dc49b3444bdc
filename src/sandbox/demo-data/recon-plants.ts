import type Database from 'better-sqlite3';

/** A journal entry made directly in Intacct (not through the sync), seeded into the demo company. */
export interface DirectIntacctEntry {
  readonly header: Record<string, string>;
  readonly lines: Record<string, string>[];
}

/** The differences planted for the trial-balance reconciliation, for tests to assert against. */
export interface ReconPlants {
  /** Entries made directly in Intacct: reference, ISO date, Intacct period, debit total, and the lines' keys. */
  readonly directIntacct: readonly {
    reference: string;
    date: string;
    period: string;
    debits: string;
    lines: { account: string; department: string; location: string; amount: string }[];
  }[];
  /** A Sage 300 entry posted to one fiscal period but dated in the next, so its Intacct entry lands in another period. */
  readonly periodMismatch: {
    readonly sourceKey: string;
    readonly fiscalPeriod: string;
    readonly date: string;
    readonly intacctPeriod: string;
  } | null;
  /** Periods with no planted difference (the unmapped-account traps still post in every period). */
  readonly plantFreePeriods: readonly string[];
}

/** The planted Intacct-only entries: deterministic, on mapped accounts with dimensions the demo has. */
export function directIntacctEntries(year: number): DirectIntacctEntry[] {
  const y = String(year);
  const entry = (
    day: string,
    ref: string,
    title: string,
    debit: [string, string, string],
    credit: string,
    amount: string,
  ): DirectIntacctEntry => ({
    header: { JOURNAL: 'GJ', BATCH_DATE: `03/${day}/${y}`, BATCH_TITLE: title, REFERENCENO: ref, STATE: 'Posted' },
    lines: [
      {
        ACCOUNTNO: debit[0],
        DEPARTMENT: debit[1],
        LOCATION: debit[2],
        TR_TYPE: '1',
        TRX_AMOUNT: amount,
        CURRENCY: 'USD',
        DESCRIPTION: title,
      },
      { ACCOUNTNO: credit, TR_TYPE: '-1', TRX_AMOUNT: amount, CURRENCY: 'USD', DESCRIPTION: title },
    ],
  });
  return [
    entry('20', `ADJ-${y}-03-01`, 'Audit fee accrual booked in Intacct', ['6600', 'ADM', 'EA'], '2100', '1250.00'),
    entry('31', `ADJ-${y}-03-02`, 'Bank charge correction booked in Intacct', ['6900', 'ADM', 'CE'], '1000', '37.45'),
  ];
}

const intacctPeriodOf = (usDate: string): string => `${usDate.slice(6, 10)}-${usDate.slice(0, 2)}`;

/**
 * Re-dates one Sage 300 GL entry of fiscal period 3 to the first day of period 4 (Sage 300 accepts a journal date
 * outside the fiscal period with a warning). Applied to the sandbox database after generation, so the generator
 * (and its pinned digest) is unchanged; GLAFS and the per-period truth do not move, only JRNLDATE.
 */
export function plantPeriodMismatch(db: Database.Database, companyId: string, year: number): ReconPlants['periodMismatch'] {
  const fiscal = `${year}-03`;
  // The last GL-JE entry of the period on mapped accounts only (the traps are 6990, 6980 and 1950), in the home
  // currency only: the same entry whether or not the multi-currency traps (sage300-fx.ts) follow it.
  const row = db
    .prepare(
      `SELECT p.BATCHNBR b, p.ENTRYNBR e FROM GLPOST p JOIN GLAMF m ON m.ACCTID = p.ACCTID
       WHERE p.FISCALYR = ? AND p.FISCALPERD = '03' AND p.SRCELEDGER = 'GL'
       GROUP BY p.BATCHNBR, p.ENTRYNBR
       HAVING SUM(CASE WHEN substr(m.ACCTFMTTD, 1, 4) IN ('6990', '6980', '1950') THEN 1 ELSE 0 END) = 0
         AND SUM(CASE WHEN p.SCURNCODE <> p.HCURNCODE THEN 1 ELSE 0 END) = 0
       ORDER BY p.BATCHNBR DESC, p.ENTRYNBR DESC LIMIT 1`,
    )
    .get(String(year)) as { b: string; e: string } | undefined;
  if (!row) return null;
  const date = year * 10000 + 401;
  db.prepare('UPDATE GLPOST SET JRNLDATE = ? WHERE BATCHNBR = ? AND ENTRYNBR = ?').run(date, row.b, row.e);
  const iso = `${year}-04-01`;
  return {
    sourceKey: `${companyId}:${row.b.trimEnd()}:${row.e.trimEnd()}`,
    fiscalPeriod: fiscal,
    date: iso,
    intacctPeriod: iso.slice(0, 7),
  };
}

/** The plants as recorded in the sandbox truth. */
export function reconPlants(year: number, mismatch: ReconPlants['periodMismatch']): ReconPlants {
  const direct = directIntacctEntries(year).map((d) => ({
    reference: d.header.REFERENCENO!,
    date: `${d.header.BATCH_DATE!.slice(6, 10)}-${d.header.BATCH_DATE!.slice(0, 2)}-${d.header.BATCH_DATE!.slice(3, 5)}`,
    period: intacctPeriodOf(d.header.BATCH_DATE!),
    debits: d.lines.find((l) => l.TR_TYPE === '1')!.TRX_AMOUNT!,
    lines: d.lines.map((l) => ({
      account: l.ACCOUNTNO!,
      department: l.DEPARTMENT ?? '',
      location: l.LOCATION ?? '',
      amount: l.TR_TYPE === '-1' ? `-${l.TRX_AMOUNT!}` : l.TRX_AMOUNT!,
    })),
  }));
  const planted = new Set([...direct.map((d) => d.period), ...(mismatch ? [mismatch.fiscalPeriod, mismatch.intacctPeriod] : [])]);
  const all = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  // 2026-01 is closed in Intacct, so nothing of it can be synced: not a period a clean reconciliation can use.
  return { directIntacct: direct, periodMismatch: mismatch, plantFreePeriods: all.filter((p) => !planted.has(p) && !p.endsWith('-01')) };
}
