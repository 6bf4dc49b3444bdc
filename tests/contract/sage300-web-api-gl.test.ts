import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSage300WebApiClient,
  type GlJournalBatchCreate,
  type Sage300WebApiClient,
} from '../../src/connectors/sage300/web-api-index.ts';
import { Money } from '../../src/domain/money.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { openCompanyDb } from '../../src/sandbox/sage300-db/schema.ts';
import { startSage300Emulator, type Sage300Emulator } from '../../src/sandbox/sage300-emulator/index.ts';

let dir: string;
let emu: Sage300Emulator;
let client: Sage300WebApiClient;
let sql: Database.Database;
let expense: { id: string; fmt: string };
let cash: { id: string; fmt: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-webapi-gl-'));
  const dbPath = join(dir, 'SAMINC.sqlite');
  const seed = openCompanyDb(dbPath);
  generateSage300Company(seed, { seed: 14, scale: 1, companyId: 'SAMINC' });
  seed.close();
  emu = await startSage300Emulator({ dbPath, password: 'gl-pass', now: () => new Date('2026-11-20T10:00:00.000Z') });
  client = createSage300WebApiClient(
    { baseUrl: emu.baseUrl, user: emu.user, password: emu.password, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    { log: silentLogger() },
  );
  sql = new Database(dbPath, { readonly: true });
  const pick = (type: string) =>
    sql
      .prepare(
        'SELECT RTRIM(ACCTID) AS id, RTRIM(ACCTFMTTD) AS fmt FROM GLAMF WHERE ACCTTYPE = ? AND ACTIVESW = 1 AND CONSLDSW = 0 ORDER BY ACCTID LIMIT 1',
      )
      .get(type) as { id: string; fmt: string };
  expense = pick('I');
  cash = pick('B');
});

afterAll(async () => {
  sql.close();
  await client.close();
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string) => (sql.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const maxSeq = () => (sql.prepare('SELECT MAX(POSTINGSEQ) AS n FROM GLPOST').get() as { n: number }).n;
const netPeriod = (acct: string, period: number) => {
  const row = sql
    .prepare(`SELECT NETPERD${period} AS v FROM GLAFS WHERE RTRIM(ACCTID) = ? AND FSCSYR = '2026' AND FSCSDSG = 'A' AND CURNTYPE = 'F'`)
    .get(acct) as { v: string } | undefined;
  return new Money(row?.v ?? '0');
};

function batch(description: string, debit: string, credit: string, extra: Partial<GlJournalBatchCreate> = {}): GlJournalBatchCreate {
  return {
    Description: description,
    Status: 'ReadyToPost',
    JournalHeaders: [
      {
        Description: `${description} entry`,
        DocumentDate: '2026-06-15',
        JournalDetails: [
          { AccountNumber: expense.id, Amount: new Money(debit), Description: 'Office supplies', Reference: 'INV-77' },
          { AccountNumber: cash.fmt, Amount: new Money(credit).negated() },
        ],
      },
    ],
    ...extra,
  };
}

describe('GL journal batches and posting', () => {
  it('creates a batch, posts it, and writes GLPOST under the next posting sequence and GLAFS NETPERD6', async () => {
    const seqBefore = maxSeq();
    const expBefore = netPeriod(expense.id, 6);
    const cashBefore = netPeriod(cash.id, 6);
    const created = await client.glBatches.create(batch('sync:je:post-1', '123.45', '123.45'));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const batchId = created.value.BatchNumber;
    expect(created.value).toMatchObject({ Status: 'ReadyToPost', Debits: '123.450', Credits: '123.450' });
    expect(created.value.JournalHeaders?.[0]).toMatchObject({ EntryNumber: '00001', FiscalYear: '2026', FiscalPeriod: '06' });
    // A formatted account on input is stored unformatted, as GLJED.ACCTID requires.
    expect(created.value.JournalHeaders?.[0]?.JournalDetails?.map((d) => [d.TransactionNumber, d.AccountNumber])).toEqual([
      ['0000000020', expense.id],
      ['0000000040', cash.id],
    ]);

    const posted = await client.glBatches.post(batchId);
    expect(posted).toEqual({ ok: true, value: { batchNumber: batchId, postingSequence: seqBefore + 1, resolvedByReadBack: false } });

    const lines = sql
      .prepare(
        'SELECT RTRIM(ACCTID) AS acct, FISCALYR, FISCALPERD, TRANSAMT, TRANSNBR, RTRIM(JNLDTLDESC) AS descr, AUDTUSER FROM GLPOST WHERE POSTINGSEQ = ? ORDER BY TRANSNBR',
      )
      .all(seqBefore + 1);
    expect(lines).toEqual([
      {
        acct: expense.id,
        FISCALYR: '2026',
        FISCALPERD: '06',
        TRANSAMT: '123.450',
        TRANSNBR: 20,
        descr: 'Office supplies',
        AUDTUSER: 'ADMIN   ',
      },
      { acct: cash.id, FISCALYR: '2026', FISCALPERD: '06', TRANSAMT: '-123.450', TRANSNBR: 40, descr: '', AUDTUSER: 'ADMIN   ' },
    ]);
    expect(netPeriod(expense.id, 6).minus(expBefore).toFixed(3)).toBe('123.450');
    expect(netPeriod(cash.id, 6).minus(cashBefore).toFixed(3)).toBe('-123.450');
    expect(sql.prepare('SELECT BATCHSTAT, POSTNGSEQ FROM GLBCTL WHERE BATCHID = ?').get(batchId)).toEqual({
      BATCHSTAT: '4',
      POSTNGSEQ: seqBefore + 1,
    });
  });

  it('refuses to post a batch twice', async () => {
    const created = await client.glBatches.create(batch('sync:je:twice', '1', '1'));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect((await client.glBatches.post(created.value.BatchNumber)).ok).toBe(true);
    const rows = count('GLPOST');
    const again = await client.glBatches.post(created.value.BatchNumber);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error).toMatchObject({ code: 'business_rule', httpStatus: 409 });
    expect(count('GLPOST')).toBe(rows);
  });

  it('posts an Open batch only after it is set Ready To Post', async () => {
    const created = await client.glBatches.create(batch('sync:je:open', '10', '10', { Status: 'Open' }));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const early = await client.glBatches.post(created.value.BatchNumber);
    expect(!early.ok && early.error.code).toBe('business_rule');
    expect((await client.glBatches.setReadyToPost(created.value.BatchNumber)).ok).toBe(true);
    const posted = await client.glBatches.post(created.value.BatchNumber);
    expect(posted.ok && posted.value.postingSequence).toBe(maxSeq());
  });

  it('rejects an unbalanced entry and writes no batch, entry or detail', async () => {
    const before = [count('GLBCTL'), count('GLJEH'), count('GLJED')];
    const out = await client.glBatches.create(batch('sync:je:unbalanced', '100.00', '99.99'));
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error).toMatchObject({ code: 'business_rule', httpStatus: 409 });
      expect(out.error.sageMessage).toContain('0.010');
    }
    expect([count('GLBCTL'), count('GLJEH'), count('GLJED')]).toEqual(before);
  });

  it('rejects an unknown account, naming it', async () => {
    const before = count('GLJED');
    const bad = batch('sync:je:bad-account', '5', '5');
    bad.JournalHeaders[0]!.JournalDetails[0]!.AccountNumber = '9999-NOPE';
    const out = await client.glBatches.create(bad);
    expect(!out.ok && out.error.sageMessage).toContain('9999-NOPE');
    expect(count('GLJED')).toBe(before);
  });

  it('recovers a post whose response was lost by reading the batch back as posted', async () => {
    const created = await client.glBatches.create(batch('sync:je:lost-post', '7.5', '7.5'));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const slow = createSage300WebApiClient(
      { baseUrl: emu.baseUrl, user: emu.user, password: emu.password, timeoutMs: 300, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
      { log: silentLogger() },
    );
    emu.setFaults({ hangAfterWrite: 1 });
    const posted = await slow.glBatches.post(created.value.BatchNumber);
    await slow.close();
    expect(posted).toEqual({
      ok: true,
      value: { batchNumber: created.value.BatchNumber, postingSequence: maxSeq(), resolvedByReadBack: true },
    });
    expect((sql.prepare('SELECT COUNT(*) AS n FROM GLPOST WHERE BATCHNBR = ?').get(created.value.BatchNumber) as { n: number }).n).toBe(2);
  });
});
