/**
 * GL/GLJournalBatches: create a batch with its entries and details (GLBCTL/GLJEH/GLJED), read batches with their
 * entries nested, and PATCH the header (Description, Status Open ⇄ ReadyToPost).
 * Batch numbers are system-assigned (reference §8.5); a supplied BatchNumber is ignored or refused
 * (UNCONFIRMED: behaviour `suppliedBatchNumber`).
 */
import { Money } from '../../domain/money.ts';
import { insertStamped, sageToday, selectRow, updateRow, type WriteContext } from './db-write.ts';
import { bodyToColumns, keyToStored, rowToWire, trimCell as trim, type StoredValue } from './field-map.ts';
import { fiscalPeriodOf, homeCurrency } from './fiscal.ts';
import { isJsonObject, type JsonValue } from './json-wire.ts';
import { GL_BATCHES, GL_DETAILS, GL_HEADERS } from './map-gl-batches.ts';
import { queryCollection, type CollectionResult } from './odata-sql.ts';
import { badPayload, businessRule, failed, ok, recordNotFound, type Handled } from './sage-errors.ts';

/** Resolves an account given unformatted (ACCTID) or formatted (ACCTFMTTD); checks it can take postings. */
export function postableAccount(ctx: WriteContext, account: string): Handled<string> {
  const row = (ctx.db.prepare('SELECT "ACCTID","ACTIVESW","CONSLDSW" FROM "GLAMF" WHERE RTRIM("ACCTID") = ?').get(account) ??
    ctx.db.prepare('SELECT "ACCTID","ACTIVESW","CONSLDSW" FROM "GLAMF" WHERE RTRIM("ACCTFMTTD") = ?').get(account)) as
    { ACCTID: string; ACTIVESW: number; CONSLDSW: number } | undefined;
  if (!row) return businessRule(`Account ${account} does not exist.`);
  if (row.ACTIVESW === 0) return businessRule(`Account ${account} is inactive.`);
  if (row.CONSLDSW === 2) return businessRule(`Posting to account ${account} is prohibited.`);
  return ok(row.ACCTID.trimEnd());
}

function arrayProp(body: Record<string, JsonValue>, name: string, owner: string): Handled<JsonValue[]> {
  const value = body[name];
  if (!Array.isArray(value) || value.length === 0) return badPayload(`The property '${name}' of '${owner}' must be a non-empty array.`);
  return ok(value);
}

function nextBatchId(ctx: WriteContext): string {
  const row = ctx.db.prepare('SELECT MAX(CAST("BATCHID" AS INTEGER)) AS n FROM "GLBCTL"').get() as { n: number | null };
  return String((row.n ?? 0) + 1).padStart(6, '0');
}

export function createGlBatch(ctx: WriteContext, body: JsonValue): Handled<Record<string, unknown>> {
  if (ctx.behaviours?.suppliedBatchNumber === 'refused' && typeof body === 'object' && body !== null && 'BatchNumber' in body)
    return businessRule('The batch number is assigned by the system. Remove BatchNumber from the request.');
  const top = bodyToColumns(GL_BATCHES, body, ['JournalHeaders']);
  if (!top.ok) return top;
  const status = trim(top.value.columns.get('BATCHSTAT') ?? '1');
  if (status !== '1' && status !== '9') return businessRule('A new batch can only be Open or ReadyToPost.');
  const headers = arrayProp(body as Record<string, JsonValue>, 'JournalHeaders', GL_BATCHES.entitySet);
  if (!headers.ok) return headers;

  const batchId = nextBatchId(ctx);
  const today = sageToday(ctx.now());
  const home = homeCurrency(ctx.db);
  let debits = new Money(0);
  let credits = new Money(0);
  let quantity = new Money(0);
  let entryNo = 0;
  for (const header of headers.value) {
    entryNo++;
    const entryId = String(entryNo).padStart(5, '0');
    const h = bodyToColumns(GL_HEADERS, header, ['JournalDetails']);
    if (!h.ok) return h;
    const details = arrayProp(header as Record<string, JsonValue>, 'JournalDetails', `JournalHeaders[${entryNo - 1}]`);
    if (!details.ok) return details;
    const date = Number(h.value.columns.get('DATEENTRY') || h.value.columns.get('DOCDATE') || today);
    const fiscal = fiscalPeriodOf(ctx.db, date);
    if (!fiscal) return businessRule(`Cannot determine the fiscal period for Posting Date ${date} in entry ${entryId}.`);
    const ledger = trim(h.value.columns.get('SRCELEDGER')) || 'GL';
    const type = trim(h.value.columns.get('SRCETYPE')) || 'JE';
    let entryDr = new Money(0);
    let entryCr = new Money(0);
    let entryQty = new Money(0);
    let line = 0;
    for (const detail of details.value) {
      line++;
      const d = bodyToColumns(GL_DETAILS, detail);
      if (!d.ok) return d;
      const account = trim(d.value.columns.get('ACCTID'));
      const amountText = d.value.columns.get('TRANSAMT');
      if (account === '' || amountText === undefined)
        return badPayload(`JournalDetails[${line - 1}] of entry ${entryId} needs AccountNumber and Amount.`);
      const acct = postableAccount(ctx, account);
      if (!acct.ok) return acct;
      const amount = new Money(String(amountText));
      if (amount.isNegative()) entryCr = entryCr.minus(amount);
      else entryDr = entryDr.plus(amount);
      const qty = new Money(String(d.value.columns.get('TRANSQTY') ?? '0'));
      entryQty = entryQty.plus(qty);
      const row: Record<string, StoredValue> = {
        ...Object.fromEntries(d.value.columns),
        BATCHNBR: batchId,
        JOURNALID: entryId,
        TRANSNBR: String(line * 20).padStart(10, '0'),
        ACCTID: acct.value,
        SCURNAMT: d.value.columns.get('SCURNAMT') ?? amount.toFixed(3),
        SCURNCODE: trim(d.value.columns.get('SCURNCODE')) || home,
        HCURNCODE: home,
        SCURNDEC: '2',
        CONVRATE: d.value.columns.get('CONVRATE') ?? '1.0000000',
        RATEDATE: date,
        TRANSDATE: date,
        SRCELDGR: ledger,
        SRCETYPE: type,
      };
      insertStamped(ctx, 'GLJED', row);
    }
    if (!entryDr.equals(entryCr)) {
      return businessRule(`Entry ${entryId} is out of balance by ${entryDr.minus(entryCr).toFixed(3)}. Debits must equal credits.`);
    }
    insertStamped(ctx, 'GLJEH', {
      ...Object.fromEntries(h.value.columns),
      BATCHID: batchId,
      BTCHENTRY: entryId,
      SRCELEDGER: ledger,
      SRCETYPE: type,
      FSCSYR: fiscal.year,
      FSCSPERD: String(fiscal.period).padStart(2, '0'),
      JRNLDR: entryDr.toFixed(3),
      JRNLCR: entryCr.toFixed(3),
      JRNLQTY: entryQty.toFixed(3),
      DATEENTRY: date,
      DOCDATE: Number(h.value.columns.get('DOCDATE') || date),
      DETAILCNT: line,
      ENTEREDBY: ctx.user.toUpperCase().slice(0, 8),
    });
    debits = debits.plus(entryDr);
    credits = credits.plus(entryCr);
    quantity = quantity.plus(entryQty);
  }
  insertStamped(ctx, 'GLBCTL', {
    BATCHID: batchId,
    ACTIVESW: 1,
    BTCHDESC: top.value.columns.get('BTCHDESC') ?? '',
    SRCELEDGR: 'GL',
    DATECREAT: today,
    DATEEDIT: today,
    BATCHTYPE: '1',
    BATCHSTAT: status,
    ORIGSTATUS: status,
    DEBITTOT: debits.toFixed(3),
    CREDITTOT: credits.toFixed(3),
    QTYTOTAL: quantity.toFixed(3),
    ENTRYCNT: entryNo,
    NEXTENTRY: entryNo + 1,
  });
  return ok(batchToWire(ctx, selectRow(ctx.db, 'GLBCTL', { BATCHID: batchId })!));
}

/** A batch with JournalHeaders[].JournalDetails[] nested, as Sage returns it. */
function batchToWire(ctx: WriteContext, row: Record<string, unknown>): Record<string, unknown> {
  const headers = ctx.db.prepare('SELECT * FROM "GLJEH" WHERE "BATCHID" = ? ORDER BY "BTCHENTRY"').all(row.BATCHID) as Record<
    string,
    unknown
  >[];
  const details = ctx.db.prepare('SELECT * FROM "GLJED" WHERE "BATCHNBR" = ? ORDER BY "JOURNALID", "TRANSNBR"').all(row.BATCHID) as Record<
    string,
    unknown
  >[];
  return {
    ...rowToWire(GL_BATCHES, row),
    JournalHeaders: headers.map((h) => ({
      ...rowToWire(GL_HEADERS, h),
      JournalDetails: details.filter((d) => d.JOURNALID === h.BTCHENTRY).map((d) => rowToWire(GL_DETAILS, d)),
    })),
  };
}

function batchKey(key: string | number): Handled<string> {
  const stored = keyToStored(GL_BATCHES.byName.get('BatchNumber')!, typeof key === 'number' ? String(key).padStart(6, '0') : key);
  return stored === undefined ? failed(400, 'InvalidEntityKey', `'${String(key)}' is not a valid batch number.`) : ok(String(stored));
}

export function getGlBatch(ctx: WriteContext, key: string | number): Handled<Record<string, unknown>> {
  const k = batchKey(key);
  if (!k.ok) return k;
  const row = selectRow(ctx.db, 'GLBCTL', { BATCHID: k.value });
  return row ? ok(batchToWire(ctx, row)) : recordNotFound();
}

export function listGlBatches(ctx: WriteContext, search: URLSearchParams): Handled<CollectionResult & { wire: Record<string, unknown>[] }> {
  const result = queryCollection(ctx.db, GL_BATCHES, search);
  if (!result.ok) return result;
  return ok({ ...result.value, wire: result.value.rows.map((r) => batchToWire(ctx, r)) });
}

/** PATCH: Description and Status (Open ⇄ ReadyToPost); a posted or deleted batch cannot change. */
export function patchGlBatch(ctx: WriteContext, key: string | number, body: JsonValue): Handled<void> {
  const k = batchKey(key);
  if (!k.ok) return k;
  if (isJsonObject(body) && 'JournalHeaders' in body)
    return badPayload('Changing JournalHeaders with PATCH is not supported by the sandbox emulator.');
  const parsed = bodyToColumns(GL_BATCHES, body);
  if (!parsed.ok) return parsed;
  const current = selectRow(ctx.db, 'GLBCTL', { BATCHID: k.value });
  if (!current) return recordNotFound();
  const now = trim(current.BATCHSTAT);
  if (now !== '1' && now !== '9') return businessRule(`Batch ${k.value} is ${now === '4' ? 'posted' : 'not open'} and cannot be edited.`);
  const next = parsed.value.columns;
  const wanted = next.has('BATCHSTAT') ? trim(next.get('BATCHSTAT')) : now;
  if (wanted !== '1' && wanted !== '9') return businessRule('Status can only be changed to Open or ReadyToPost.');
  next.set('DATEEDIT', sageToday(ctx.now()));
  updateRow(ctx, 'GLBCTL', { BATCHID: k.value }, Object.fromEntries(next));
  return ok(undefined);
}
