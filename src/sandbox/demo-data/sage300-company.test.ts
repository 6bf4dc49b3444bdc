import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.ts';
import { COLUMN_WIDTHS, SAGE300_TABLES, openCompanyDb, tableDef } from '../sage300-db/schema.ts';
import { generateSage300Company } from './sage300-company.ts';
import { FX_AP_STAMP_TIME, FX_AP_VENDOR } from './sage300-fx-ap.ts';
import { FX_AR_STAMP_TIME } from './sage300-fx-ar.ts';
import { isValidSageDate } from './sage300-calendar.ts';

type Row = Record<string, string | number>;

function build(seed = 300, scale = 1, multiCurrency = true) {
  const db = openCompanyDb(':memory:');
  const truth = generateSage300Company(db, { seed, scale, multiCurrency });
  return { db, truth };
}

/** The hostile-named vendor the console tests need; added after all other data (sage300-console-plants.ts). */
const PLANTED_VENDOR = 'V70001';
/** Every row but the planted vendor: the pinned digests below prove that adding it disturbed nothing else. */
const notPlanted = (table: string): string => (table === 'APVEN' ? `WHERE TRIM(VENDORID) <> '${PLANTED_VENDOR}'` : '');

/**
 * Demo records added after the earlier pins, each written last without PRNG draws: the AR attachment references
 * (ARIBHO, sage300-ar-attachments.ts), the CAD customer (sage300-fx-ar.ts, rows stamped FX_AR_STAMP_TIME), the EUR
 * vendor with its bills and payments (sage300-fx-ap.ts, rows stamped FX_AP_STAMP_TIME) and the columns added for them. `before: true` digests the company as it was before them (tables, rows and columns left
 * out), so the earlier pins prove that nothing else changed.
 */
const LATER_TABLES: ReadonlySet<string> = new Set(['ARIBHO']);
const LATER_STAMPS: readonly number[] = [FX_AR_STAMP_TIME, FX_AP_STAMP_TIME];
const LATER_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  APIBH: ['DATERATE'],
  ARIBH: ['DATERATE'],
  ARTCR: ['RATETYPEHC', 'RATEEXCHHC', 'DATERATEHC'],
};
const beforeLater = (table: string): string => {
  const stamped = tableDef(table).columns.some((c) => c.name === 'AUDTTIME');
  const clauses = [
    ...(table === 'APVEN' ? [`TRIM(VENDORID) <> '${PLANTED_VENDOR}'`] : []),
    ...(stamped ? [`AUDTTIME NOT IN (${LATER_STAMPS.join(', ')})`] : []),
  ];
  return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
};

function digest(db: ReturnType<typeof openCompanyDb>, before = false): string {
  const hash = createHash('sha256');
  for (const table of SAGE300_TABLES) {
    if (before && LATER_TABLES.has(table)) continue;
    const dropped = before ? (LATER_COLUMNS[table] ?? []) : [];
    for (const row of db
      .prepare(`SELECT * FROM "${table}" ${before ? beforeLater(table) : notPlanted(table)} ORDER BY rowid`)
      .iterate() as Iterable<Row>) {
      for (const c of dropped) delete row[c];
      hash.update(`${table}${JSON.stringify(row)}`);
    }
  }
  return hash.digest('hex');
}

/** Like `digest`, but also tells storage classes apart (INTEGER 0 vs REAL 0.0 vs TEXT '0'). */
function typedDigest(db: ReturnType<typeof openCompanyDb>, before = false): string {
  const hash = createHash('sha256');
  for (const table of SAGE300_TABLES) {
    if (before && LATER_TABLES.has(table)) continue;
    const dropped = before ? (LATER_COLUMNS[table] ?? []) : [];
    const cell = tableDef(table)
      .columns.filter((c) => !dropped.includes(c.name))
      .map((c) => `typeof("${c.name}") || ':' || quote("${c.name}")`)
      .join(" || '|' || ");
    for (const row of db
      .prepare(`SELECT ${cell} FROM "${table}" ${before ? beforeLater(table) : notPlanted(table)} ORDER BY rowid`)
      .pluck()
      .iterate())
      hash.update(`${table}${String(row)}\n`);
  }
  return hash.digest('hex');
}

/** The doc traps (sage300-doc-traps.ts) stamp their rows at this fixed time; no generated row does (checked below). */
const TRAP_TIME = 17300000;
/** Columns and tables added with the doc traps (issue 16): left out when checking the rows that existed before. */
const ADDED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  ...LATER_COLUMNS,
  ARTCR: ['DOCNBR', ...(LATER_COLUMNS.ARTCR ?? [])],
};
const ADDED_TABLES = new Set(['APIBHO']);

/**
 * The rows the generator wrote before the doc traps existed, in the columns their tables had then: with `typed`,
 * storage classes are told apart too. Equal to the pin taken before issue 16, so the traps changed no existing row.
 */
function digestBeforeTraps(db: ReturnType<typeof openCompanyDb>, typed: boolean): { digest: string; trapRows: number } {
  const hash = createHash('sha256');
  let trapRows = 0;
  for (const table of SAGE300_TABLES) {
    if (LATER_TABLES.has(table)) continue;
    if (ADDED_TABLES.has(table)) {
      trapRows += (db.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get() as number) ?? 0;
      continue;
    }
    const columns = tableDef(table).columns.filter((c) => !(ADDED_COLUMNS[table] ?? []).includes(c.name));
    const stamped = columns.some((c) => c.name === 'AUDTTIME');
    for (const row of db.prepare(`SELECT * FROM "${table}" ${notPlanted(table)} ORDER BY rowid`).iterate() as Iterable<Row>) {
      if (stamped && row.AUDTTIME === TRAP_TIME) {
        trapRows++;
        continue;
      }
      if (typed) {
        const cells = columns.map((c) => {
          const v = row[c.name];
          const kind = v === null ? 'null' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'real') : 'text';
          return `${kind}:${typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v)}`;
        });
        hash.update(`${table}${cells.join('|')}\n`);
      } else {
        hash.update(`${table}${JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, row[c.name]])))}`);
      }
    }
  }
  return { digest: hash.digest('hex'), trapRows };
}

/** The pin of every row before the doc traps (issue 16 added them after all generated data). */
const PINNED_BEFORE_TRAPS = {
  digest: '760747b6c452f61b449100a4eaa3a06f5d7bbee41ecbd3f2abaf106c3e1a8ab5',
  typedDigest: '3261cf8a41dfa903830d280a3c52a98d35c3c8c967ff7581b2dc3707d7ee5fd9',
};
/** Rows the doc traps write (ARIBC/H/D, 2 AROBL, 2 ARBTA, 2 ARTCR, ARTCP, APIBC/H/D, 2 APIBHO, APOBL, POPORH1, POPORL). */
const TRAP_ROWS = 18;

/**
 * Every row of the seed-300, scale-1 company, pinned to what the generator produced before the
 * bulk-load speed-up. Any change to the generated data fails here; if a change is intended,
 * update both values in the same commit and say why.
 */
const PINNED = {
  // Re-pinned when the AR attachment references (sage300-ar-attachments.ts) and the AR multi-currency traps
  // (sage300-fx-ar.ts) and the EUR vendor (sage300-fx-ap.ts) were added after the GL fx traps; PINNED_BEFORE_LATER proves everything before them unchanged.
  digest: '9fcc0044bbeae0a2f2790666783eab77b5603c045c677de4efe0a35a3b4a6c0d',
  typedDigest: '436c281e0d9fe17a503a1bb0f3f5e59fa5e58e648fadf58e2693b15f63c2f1fe',
};
/** The company before the later records (their tables, rows and columns left out): the pin taken with the GL fx traps. */
const PINNED_BEFORE_LATER = {
  digest: '8477162b13faac97807ff2f8edf674384dbb48e94c21024c8003026192232d4a',
  typedDigest: '758a024150dd01dcf5d539fccbf396f0f5f5377d10c6063f3d200f26fd96fb21',
};
/** The company without the multi-currency traps (doc traps included): the pin taken when the doc traps were added. */
const PINNED_SINGLE_CURRENCY = {
  digest: '66e52b113b349e6af930e076da3b4fb6018f0fb63b27f58aff24c3fe3dc898e1',
  typedDigest: 'fc8d86266f38475debeab2bbac3a840348610a3b448ce79c5833275d176c38b7',
};

const base = build();
const rows = (sql: string): Row[] => base.db.prepare(sql).all() as Row[];

describe('generateSage300Company', () => {
  it('is deterministic: the same seed yields byte-identical rows', () => {
    expect(digest(build(300).db)).toBe(digest(base.db));
  });

  it('produces exactly the pinned rows for seed 300 at scale 1', () => {
    expect(digest(base.db)).toBe(PINNED.digest);
    expect(typedDigest(base.db)).toBe(PINNED.typedDigest);
  });

  it('adds the vendor with a hostile name last, active, missing in Intacct', () => {
    // The EUR vendor of the AP multi-currency trap (sage300-fx-ap.ts) comes after it, with the other multi-currency traps.
    const last = rows(
      `SELECT TRIM(VENDORID) AS id, RTRIM(VENDNAME) AS name, SWACTV AS active FROM APVEN WHERE TRIM(VENDORID) <> '${FX_AP_VENDOR}' ORDER BY rowid DESC LIMIT 1`,
    )[0];
    expect(last).toEqual({ id: PLANTED_VENDOR, name: '<img src=x onerror=alert(1)>', active: 1 });
    expect(base.truth.traps.vendorsMissingInIntacct).toContain(PLANTED_VENDOR);
    expect(base.truth.vendors.active).toContain(PLANTED_VENDOR);
  });

  it('leaves every row generated before the doc traps byte-identical, and adds only the trap rows', () => {
    const single = build(300, 1, false);
    const before = digestBeforeTraps(single.db, false);
    expect(before.trapRows).toBe(TRAP_ROWS);
    expect(before.digest).toBe(PINNED_BEFORE_TRAPS.digest);
    expect(digestBeforeTraps(single.db, true).digest).toBe(PINNED_BEFORE_TRAPS.typedDigest);
    single.db.close();
  });

  it('adds the multi-currency traps without changing one generated row before them (no PRNG draw, written last)', () => {
    const single = build(300, 1, false);
    expect(digest(single.db, true)).toBe(PINNED_SINGLE_CURRENCY.digest);
    expect(typedDigest(single.db, true)).toBe(PINNED_SINGLE_CURRENCY.typedDigest);
    single.db.close();
  });

  it('adds the AR attachment references last, as ARIBHO rows of the taxed doc-trap invoice only', () => {
    const { invoiceWithAttachments: att, taxedInvoice } = base.truth.docTraps;
    expect(att.documentNumber).toBe(taxedInvoice.documentNumber);
    const refs = rows(
      `SELECT RTRIM(o.OPTFIELD) AS field, RTRIM(o.VALUE) AS ref, RTRIM(h.IDCUST) AS customer, RTRIM(h.IDINVC) AS doc
       FROM ARIBHO o JOIN ARIBH h ON h.CNTBTCH = o.CNTBTCH AND h.CNTITEM = o.CNTITEM ORDER BY o.rowid`,
    );
    expect(refs).toEqual(
      att.references.map((ref, k) => ({
        field: k === 0 ? 'ATTACHMENT' : 'ATTACHMENT2',
        ref,
        customer: att.customerId,
        doc: att.documentNumber,
      })),
    );
    expect(base.truth.counts.ARIBHO).toBe(2);
  });

  it('adds the AR attachment references and multi-currency traps without changing one row or column before them (no PRNG draw, written last)', () => {
    expect(digest(base.db, true)).toBe(PINNED_BEFORE_LATER.digest);
    expect(typedDigest(base.db, true)).toBe(PINNED_BEFORE_LATER.typedDigest);
    const stamped = base.db.prepare('SELECT COUNT(*) FROM ARTCR WHERE AUDTTIME = ?').pluck().get(FX_AR_STAMP_TIME);
    expect(stamped).toBe(3);
  });

  it('writes the same rows into a file database and leaves it in WAL mode with every index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sage300-gen-'));
    try {
      const path = join(dir, 'SAMINC.sqlite');
      const db = openCompanyDb(path);
      const indexes = (): string[] =>
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .pluck()
          .all() as string[];
      const before = indexes();
      const settings = (): unknown[] => ['journal_mode', 'synchronous', 'cache_size'].map((p) => db.pragma(p, { simple: true }));
      const initial = settings();
      generateSage300Company(db, { seed: 300, scale: 1 });
      expect(settings()).toEqual(initial);
      expect(initial[0]).toBe('wal');
      expect(indexes()).toEqual(before);
      expect(digest(db)).toBe(PINNED.digest);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a database that already holds a company', () => {
    expect(() => generateSage300Company(base.db, {})).toThrow(/empty/);
  });

  it('balances every journal entry exactly, in GLJED and in GLPOST', () => {
    for (const [table, key] of [
      ['GLJED', 'BATCHNBR, JOURNALID'],
      ['GLPOST', 'BATCHNBR, ENTRYNBR'],
    ] as const) {
      const sums = new Map<string, Money>();
      for (const r of rows(`SELECT ${key.replace(', ', " || '/' || ")} AS k, TRANSAMT FROM ${table}`)) {
        sums.set(String(r.k), (sums.get(String(r.k)) ?? new Money(0)).plus(new Money(String(r.TRANSAMT))));
      }
      expect(sums.size).toBe(base.truth.counts.GLJEH);
      expect([...sums.values()].filter((s) => !s.isZero())).toEqual([]);
    }
  });

  it('keeps GLAFS NETPERDn equal to the sum of GLPOST per account and period, and to the truth', () => {
    const posted = new Map<string, Money>();
    for (const r of rows('SELECT RTRIM(ACCTID) AS a, CAST(FISCALPERD AS INTEGER) AS p, TRANSAMT FROM GLPOST')) {
      const k = `${r.a}|${r.p}`;
      posted.set(k, (posted.get(k) ?? new Money(0)).plus(new Money(String(r.TRANSAMT))));
    }
    const fiscal = rows("SELECT * FROM GLAFS WHERE FSCSDSG = 'A' AND CURNTYPE = 'F'");
    expect(fiscal).toHaveLength(base.truth.accounts.total);
    let open = new Money(0);
    for (const f of fiscal) {
      const acct = String(f.ACCTID).trimEnd();
      open = open.plus(new Money(String(f.OPENBAL)));
      for (let p = 1; p <= 12; p++) {
        const expected = (posted.get(`${acct}|${p}`) ?? new Money(0)).toFixed(3);
        expect(f[`NETPERD${p}`]).toBe(expected);
        expect(base.truth.gl.netByAccountPeriod[acct]?.[String(p)]).toBe(expected);
      }
    }
    expect(open.isZero()).toBe(true);
    for (const tb of Object.values(base.truth.gl.trialBalance)) expect(tb.debits).toBe(tb.credits);
  });

  it('gives each unmapped-trap account posted activity in every period', () => {
    for (const trap of base.truth.traps.unmappedAccounts) {
      const periods = rows(`SELECT DISTINCT FISCALPERD AS p FROM GLPOST WHERE RTRIM(ACCTID) = '${trap.acctId}'`);
      expect(periods).toHaveLength(12);
    }
    expect(base.truth.traps.vendorsMissingInIntacct.length).toBeGreaterThanOrEqual(3);
  });

  it('ties AP and AR control accounts to the open documents', () => {
    const net = (natural: string) =>
      Object.values(base.truth.gl.netByAccountPeriod[`${natural}00000`] ?? {}).reduce((s, v) => s.plus(new Money(v)), new Money(0));
    // The doc-trap bill is posted in AP but its G/L batch is not created yet: GL ties to the rest.
    const trapBill = new Money(base.truth.docTraps.billWithAttachments.total);
    expect(net('2000').negated().plus(trapBill).toFixed(3)).toBe(base.truth.ap.openTotal);
    expect(net('1200').toFixed(3)).toBe(base.truth.ar.openTotal);
    const apobl = rows('SELECT AMTDUEHC FROM APOBL').reduce((s, r) => s.plus(new Money(String(r.AMTDUEHC))), new Money(0));
    expect(apobl.toFixed(3)).toBe(base.truth.ap.openTotal);
    expect(base.truth.ap.creditNotes.length).toBeGreaterThan(0);
    expect(base.truth.ap.debitNotes.length).toBeGreaterThan(0);
  });

  it('stores CHAR columns padded to their declared width and dates as valid YYYYMMDD', () => {
    const bad: string[] = [];
    for (const table of SAGE300_TABLES) {
      const def = tableDef(table);
      const widths = COLUMN_WIDTHS[table] ?? {};
      const dates = def.columns.filter((c) => c.kind === 'date').map((c) => c.name);
      for (const r of rows(`SELECT * FROM "${table}" LIMIT 200`)) {
        for (const [col, width] of Object.entries(widths)) {
          if (String(r[col]).length !== width) bad.push(`${table}.${col} '${String(r[col])}'`);
        }
        for (const col of dates) {
          const v = Number(r[col]);
          if (v !== 0 && !isValidSageDate(v)) bad.push(`${table}.${col}=${v}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('covers every PO status and both reached and pending milestones', () => {
    for (const list of Object.values(base.truth.purchaseOrders)) expect(list.length).toBeGreaterThan(0);
    expect(base.truth.milestonesReached.length).toBeGreaterThan(0);
    expect(base.truth.milestonesPending.length).toBeGreaterThan(0);
    expect(rows('SELECT COUNT(*) AS n FROM PMBWD WHERE STATUS = 2')[0]?.n).toBe(base.truth.milestonesReached.length);
  });

  it('multiplies volumes with scale', () => {
    const doubled = build(300, 2).truth;
    for (const table of ['APVEN', 'ARCUS', 'PMCONTS']) {
      // The planted hostile-named vendor, the EUR vendor and the CAD customer of the fx traps are one each at any scale.
      const planted = table === 'APVEN' ? 2 : table === 'ARCUS' ? 1 : 0;
      expect(doubled.counts[table]).toBe(2 * ((base.truth.counts[table] ?? 0) - planted) + planted);
    }
    // The doc traps add one PO whatever the scale.
    expect((doubled.counts.POPORH1 ?? 0) - 1).toBe(2 * ((base.truth.counts.POPORH1 ?? 0) - 1));
    expect(doubled.counts.GLJEH ?? 0).toBeGreaterThan(1.8 * (base.truth.counts.GLJEH ?? 0));
  });
});
