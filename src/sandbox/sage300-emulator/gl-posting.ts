/**
 * GL/GLPostJournal('$process'): posts Ready-To-Post batches in a From/To range as one posting run — one new
 * POSTINGSEQ, every detail copied to GLPOST, GLAFS actuals (FSCSDSG 'A', CURNTYPE 'F') NETPERDn increased, and
 * the batch marked Posted ('4') with its posting sequence (reference §2.3, §2.4, §10).
 * Property names `FromBatchNumber`/`ToBatchNumber` are UNCONFIRMED (view GL0030 BATCHIDFR/BATCHIDTO).
 */
import type Database from 'better-sqlite3';
import { Money } from '../../domain/money.ts';
import { insertStamped, sageToday, selectRow, updateRow, type WriteContext } from './db-write.ts';
import { postableAccount } from './gl-batches.ts';
import { cellText, trimCell } from './field-map.ts';
import { homeCurrency } from './fiscal.ts';
import { JsonNumber, isJsonObject, type JsonValue } from './json-wire.ts';
import { badPayload, businessRule, ok, type Handled } from './sage-errors.ts';

export const GL_POST_TEMPLATE = { FromBatchNumber: '', ToBatchNumber: '' };

function batchNumberProp(body: Record<string, JsonValue>, name: string): string | undefined {
  const v = body[name];
  const text = typeof v === 'string' ? v.trim() : v instanceof JsonNumber && v.isInteger ? v.text : undefined;
  return text !== undefined && /^\d{1,6}$/.test(text) ? text.padStart(6, '0') : undefined;
}

const trim = trimCell;

export interface PostingRun {
  postingSequence: number;
  batches: string[];
  /**
   * Behaviour `postingRun: 'two-steps'`: GLPOST rows taken back out of the first transaction, to be written by a
   * second one after a gap (see landDeferredRows), so a reader between the two sees only part of the sequence.
   */
  deferred: Record<string, unknown>[];
}

export function postGlBatches(ctx: WriteContext, body: JsonValue): Handled<PostingRun> {
  if (!isJsonObject(body)) return badPayload("The request body for 'GLPostJournal' must be a JSON object.");
  for (const name of Object.keys(body)) {
    if (!(name in GL_POST_TEMPLATE)) return badPayload(`The property '${name}' does not exist on type 'GLPostJournal'.`);
  }
  const from = batchNumberProp(body, 'FromBatchNumber');
  const to = batchNumberProp(body, 'ToBatchNumber') ?? from;
  if (from === undefined || to === undefined) return badPayload("'FromBatchNumber' must be a batch number of up to 6 digits.");
  const batches = ctx.db
    .prepare(`SELECT * FROM "GLBCTL" WHERE "BATCHID" >= ? AND "BATCHID" <= ? AND "BATCHSTAT" = '9' ORDER BY "BATCHID"`)
    .all(from, to) as Record<string, unknown>[];
  if (batches.length === 0) return businessRule(`There are no batches ready to post between ${from} and ${to}.`);

  const seqRow = ctx.db
    .prepare('SELECT MAX(n) AS n FROM (SELECT MAX("POSTINGSEQ") AS n FROM "GLPOST" UNION ALL SELECT MAX("POSTNGSEQ") FROM "GLBCTL")')
    .get() as { n: number | null };
  const postingSequence = (seqRow.n ?? 0) + 1;
  const home = homeCurrency(ctx.db);
  const detailCounter = new Map<string, number>();
  const net = new Map<string, Money>();
  const ties = ctx.behaviours?.postingTies === 'consolidated';

  for (const batch of batches) {
    const batchId = trim(batch.BATCHID);
    const headers = ctx.db.prepare('SELECT * FROM "GLJEH" WHERE "BATCHID" = ? ORDER BY "BTCHENTRY"').all(batch.BATCHID) as Record<
      string,
      unknown
    >[];
    for (const header of headers) {
      const details = ctx.db
        .prepare('SELECT * FROM "GLJED" WHERE "BATCHNBR" = ? AND "JOURNALID" = ? ORDER BY "TRANSNBR"')
        .all(batch.BATCHID, header.BTCHENTRY) as Record<string, unknown>[];
      const balance = details.reduce((sum, d) => sum.plus(new Money(String(d.TRANSAMT))), new Money(0));
      if (!balance.isZero())
        return businessRule(`Batch ${batchId} entry ${trim(header.BTCHENTRY)} is out of balance by ${balance.toFixed(3)}.`);
      for (const d of details) {
        const account = trim(d.ACCTID);
        const acct = postableAccount(ctx, account);
        if (!acct.ok) return acct;
        const cnt = (detailCounter.get(account) ?? 0) + 1;
        detailCounter.set(account, cnt);
        const year = trim(header.FSCSYR);
        const period = Number(trim(header.FSCSPERD));
        insertStamped(ctx, 'GLPOST', {
          ACCTID: account,
          FISCALYR: year,
          FISCALPERD: trim(header.FSCSPERD),
          SRCECURN: trim(d.SCURNCODE) || home,
          SRCELEDGER: trim(header.SRCELEDGER),
          SRCETYPE: trim(header.SRCETYPE),
          POSTINGSEQ: postingSequence,
          CNTDETAIL: cnt,
          JRNLDATE: Number(header.DATEENTRY),
          BATCHNBR: batchId,
          ENTRYNBR: trim(header.BTCHENTRY),
          // Consolidated posting (behaviour `postingTies`) leaves no single origin line: the rows of an entry tie.
          TRANSNBR: ties ? 0 : Number(trim(d.TRANSNBR)),
          CONSOLIDAT: ties ? 1 : 0,
          JNLDTLDESC: trim(d.TRANSDESC),
          JNLDTLREF: trim(d.TRANSREF),
          TRANSAMT: String(d.TRANSAMT),
          TRANSQTY: String(d.TRANSQTY),
          SCURNDEC: trim(d.SCURNDEC) || '2',
          SCURNAMT: String(d.SCURNAMT),
          HCURNCODE: trim(d.HCURNCODE) || home,
          RATETYPE: trim(d.RATETYPE),
          SCURNCODE: trim(d.SCURNCODE) || home,
          RATEDATE: Number(d.RATEDATE),
          CONVRATE: String(d.CONVRATE),
          RPTAMT: String(d.TRANSAMT),
        });
        const key = `${account}\u0000${year}\u0000${period}`;
        net.set(key, (net.get(key) ?? new Money(0)).plus(new Money(String(d.TRANSAMT))));
      }
    }
    updateRow(
      ctx,
      'GLBCTL',
      { BATCHID: batch.BATCHID as string },
      { BATCHSTAT: '4', POSTNGSEQ: postingSequence, DATEEDIT: sageToday(ctx.now()) },
    );
  }
  for (const [key, amount] of net) {
    const [account = '', year = '', periodText = '0'] = key.split('\u0000');
    addToFiscalSet(ctx, account, year, Number(periodText), home, amount);
  }
  const deferred = ctx.behaviours?.postingRun === 'two-steps' ? deferSecondStep(ctx, postingSequence) : [];
  return ok({ postingSequence, batches: batches.map((b) => trim(b.BATCHID)), deferred });
}

/** GLPOST primary key (reference §2.3), used to take rows back out and to put them in again. */
const GLPOST_KEY = ['ACCTID', 'FISCALYR', 'FISCALPERD', 'SRCECURN', 'SRCELEDGER', 'SRCETYPE', 'POSTINGSEQ', 'CNTDETAIL'] as const;

/**
 * Splits the run's rows at a batch boundary (the later half of its batches) or, for one batch, at an entry
 * boundary, and removes the later part from this transaction. A run of one entry cannot be split and lands at once.
 */
function deferSecondStep(ctx: WriteContext, postingSequence: number): Record<string, unknown>[] {
  const rows = ctx.db
    .prepare('SELECT * FROM "GLPOST" WHERE "POSTINGSEQ" = ? ORDER BY "BATCHNBR", "ENTRYNBR", "TRANSNBR", "ACCTID", "CNTDETAIL"')
    .all(postingSequence) as Record<string, unknown>[];
  const unitOf = (r: Record<string, unknown>): string => String(r.BATCHNBR);
  const batchIds = [...new Set(rows.map(unitOf))];
  const byEntry = batchIds.length > 1 ? unitOf : (r: Record<string, unknown>) => `${String(r.BATCHNBR)}/${String(r.ENTRYNBR)}`;
  const units = [...new Set(rows.map(byEntry))];
  if (units.length < 2) return [];
  const later = new Set(units.slice(Math.ceil(units.length / 2)));
  const deferred = rows.filter((r) => later.has(byEntry(r)));
  const remove = ctx.db.prepare(`DELETE FROM "GLPOST" WHERE ${GLPOST_KEY.map((k) => `"${k}" = ?`).join(' AND ')}`);
  for (const r of deferred) remove.run(...GLPOST_KEY.map((k) => r[k] as string | number));
  return deferred;
}

/** The second step of a two-step posting run: the deferred rows, as they were, in one transaction of their own. */
export function landDeferredRows(ctx: WriteContext, rows: readonly Record<string, unknown>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const insert = ctx.db.prepare(
    `INSERT INTO "GLPOST" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  ctx.db.transaction(() => {
    for (const r of rows) insert.run(...columns.map((c) => r[c] as string | number | null));
  })();
}

export function isPostingRun(value: unknown): value is PostingRun {
  return typeof value === 'object' && value !== null && 'postingSequence' in value && 'deferred' in value;
}

/** GLAFS actuals row for the account/year: created on first activity, NETPERDn += amount (exact decimals). */
function addToFiscalSet(ctx: WriteContext, account: string, year: string, period: number, currency: string, amount: Money): void {
  const key = { ACCTID: account.padEnd(45, ' '), FSCSYR: year, FSCSDSG: 'A', FSCSCURN: currency.padEnd(3, ' '), CURNTYPE: 'F' };
  const column = `NETPERD${period}`;
  const current = selectRow(ctx.db, 'GLAFS', key);
  if (!current) {
    insertStamped(ctx, 'GLAFS', { ...key, SCURNDEC: '2', ACTIVITYSW: 1, [column]: amount.toFixed(3) });
    return;
  }
  const next = new Money(cellText(current[column]) || '0').plus(amount);
  updateRow(ctx, 'GLAFS', key, { [column]: next.toFixed(3), ACTIVITYSW: 1 });
}

/**
 * A company database made before the GLPOST posting-sequence index stopped being unique still has it unique, and
 * consolidated-posting ties (behaviour `postingTies`) would then fail to insert: rebuild it as Sage declares it.
 */
export function relaxPostingSequenceIndex(db: Database.Database): void {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'GLPOST_K1'").get() as { sql: string } | undefined;
  if (!row || !/^CREATE UNIQUE/i.test(row.sql)) return;
  db.exec(`DROP INDEX "GLPOST_K1"; ${row.sql.replace(/^CREATE UNIQUE INDEX/i, 'CREATE INDEX')}`);
}
