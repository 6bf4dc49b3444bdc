/**
 * Every Sage 300 emulator switch in both (or all) positions, over real HTTP, with the product's Web API client
 * where it is involved and SQL on the company database for the posting behaviours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSage300WebApiClient,
  f,
  type GlJournalBatchCreate,
  type Sage300WebApiClient,
} from '../../src/connectors/sage300/web-api-index.ts';
import { Money } from '../../src/domain/money.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { openCompanyDb } from '../../src/sandbox/sage300-db/schema.ts';
import type { Sage300Behaviours } from '../../src/sandbox/sage300-emulator/behaviours.ts';
import { startSage300Emulator, type Sage300Emulator } from '../../src/sandbox/sage300-emulator/index.ts';

let dir: string;
let emu: Sage300Emulator;
let client: Sage300WebApiClient;
let sql: Database.Database;
let expense: string;
let cash: string;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-switches-'));
  const dbPath = join(dir, 'SAMINC.sqlite');
  const seed = openCompanyDb(dbPath);
  generateSage300Company(seed, { seed: 21, scale: 1, companyId: 'SAMINC' });
  seed.close();
  emu = await startSage300Emulator({ dbPath, password: 'switch-pass', now: () => new Date('2026-11-20T10:00:00.000Z') });
  client = createSage300WebApiClient(
    { baseUrl: emu.baseUrl, user: emu.user, password: emu.password, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    { log: silentLogger() },
  );
  sql = new Database(dbPath, { readonly: true });
  const pick = (type: string) =>
    (
      sql
        .prepare('SELECT RTRIM(ACCTID) AS id FROM GLAMF WHERE ACCTTYPE = ? AND ACTIVESW = 1 AND CONSLDSW = 0 ORDER BY ACCTID LIMIT 1')
        .get(type) as { id: string }
    ).id;
  expense = pick('I');
  cash = pick('B');
});

afterAll(async () => {
  sql.close();
  await client.close();
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function withBehaviour<T>(patch: Partial<Sage300Behaviours>, work: () => Promise<T>): Promise<T> {
  const before = emu.behaviours();
  emu.setBehaviours(patch);
  try {
    return await work();
  } finally {
    emu.setBehaviours(before);
  }
}

/** A raw request, to see exactly what the emulator answers. */
async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; text: string; json: () => unknown }> {
  const res = await fetch(`${emu.baseUrl}/${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${emu.user}:${emu.password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown };
}

function batch(description: string, entries = 1): GlJournalBatchCreate {
  return {
    Description: description,
    Status: 'ReadyToPost',
    JournalHeaders: Array.from({ length: entries }, (_, i) => ({
      Description: `${description} entry ${i + 1}`,
      DocumentDate: '2026-06-15',
      JournalDetails: [
        { AccountNumber: expense, Amount: new Money('10.25') },
        { AccountNumber: cash, Amount: new Money('-10.25') },
      ],
    })),
  };
}

const glpostRows = (seq: number) =>
  sql
    .prepare('SELECT RTRIM(BATCHNBR) AS b, RTRIM(ENTRYNBR) AS e, TRANSNBR AS t, CONSOLIDAT AS c FROM GLPOST WHERE POSTINGSEQ = ?')
    .all(seq) as { b: string; e: string; t: number; c: number }[];
const nextSeq = () => (sql.prepare('SELECT MAX(POSTINGSEQ) AS n FROM GLPOST').get() as { n: number }).n + 1;

async function readyBatches(count: number, entries = 1): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await client.glBatches.create(batch(`SWITCH-${++n}`, entries));
    if (!created.ok) throw new Error(created.error.message);
    out.push(created.value.BatchNumber);
  }
  return out;
}

describe('Sage 300 emulator switches', () => {
  it('starts in the documented positions', () => {
    expect(emu.behaviours()).toEqual({
      nextLink: 'skip-only',
      poPatch: 'refused',
      createStatus: '201',
      updateStatus: '204',
      odataCount: 'v4-number',
      suppliedBatchNumber: 'ignored',
      postingRun: 'atomic',
      postingGapMs: 100,
      postingHold: false,
      postingTies: 'none',
    });
  });

  it.each(['skip-only', 'all-options'] as const)('nextLink=%s: the client reads every filtered row once either way', async (nextLink) => {
    await withBehaviour({ nextLink }, async () => {
      const page = await client.glAccounts.list({ filter: f.eq('AccountType', 'IncomeStatement'), select: ['UnformattedAccount'] });
      const first = await raw('GET', "GL/GLAccounts?$select=UnformattedAccount&$filter=AccountType eq 'IncomeStatement'&$top=150");
      const link = (first.json() as { '@odata.nextLink'?: string })['@odata.nextLink'];
      if (link !== undefined) expect(link.includes('%24filter') || link.includes('$filter')).toBe(nextLink === 'all-options');
      expect(page.ok).toBe(true);
      if (!page.ok) return;
      const expected = (sql.prepare("SELECT COUNT(*) AS n FROM GLAMF WHERE ACCTTYPE = 'I'").get() as { n: number }).n;
      expect(page.value).toHaveLength(expected);
      expect(new Set(page.value.map((a) => a.UnformattedAccount)).size).toBe(expected);
    });
  });

  it.each(['refused', 'allowed'] as const)(
    'poPatch=%s: a PO status PATCH is refused with the behaviour named, or applied',
    async (poPatch) => {
      const po = sql.prepare('SELECT PORHSEQ, ONHOLD FROM POPORH1 WHERE ISCOMPLETE = 0 ORDER BY PORHSEQ LIMIT 1').get() as {
        PORHSEQ: number;
        ONHOLD: number;
      };
      await withBehaviour({ poPatch }, async () => {
        const out = await client.purchaseOrders.updateStatus(po.PORHSEQ, { OnHold: po.ONHOLD === 0 });
        const now = (sql.prepare('SELECT ONHOLD FROM POPORH1 WHERE PORHSEQ = ?').get(po.PORHSEQ) as { ONHOLD: number }).ONHOLD;
        if (poPatch === 'refused') {
          expect(out.ok).toBe(false);
          if (out.ok) return;
          expect(out.error.httpStatus).toBe(405);
          expect(out.error.message).toContain('PATCH on POPurchaseOrders refused');
          expect(now).toBe(po.ONHOLD);
        } else {
          expect(out.ok).toBe(true);
          expect(now).toBe(po.ONHOLD === 0 ? 1 : 0);
          expect((await client.purchaseOrders.updateStatus(po.PORHSEQ, { OnHold: po.ONHOLD === 1 })).ok).toBe(true);
        }
      });
    },
  );

  it.each(['201', '200', '204'] as const)(
    'createStatus=%s: creates answer so, and the client still learns the new batch number',
    async (createStatus) => {
      await withBehaviour({ createStatus }, async () => {
        const answer = await raw('POST', 'AP/APVendors', {
          VendorNumber: `SWV${createStatus}`,
          VendorName: 'Switch vendor',
          GroupCode: 'TRADE',
        });
        expect(answer.status).toBe(Number(createStatus));
        expect(answer.text === '').toBe(createStatus === '204');
        const created = await client.glBatches.create(batch(`SWITCH-CREATE-${createStatus}`));
        expect(created.ok).toBe(true);
        if (!created.ok) return;
        const row = sql.prepare('SELECT RTRIM(BTCHDESC) AS d FROM GLBCTL WHERE BATCHID = ?').get(created.value.BatchNumber) as {
          d: string;
        };
        expect(row.d).toBe(`SWITCH-CREATE-${createStatus}`);
      });
    },
  );

  it.each(['204', '200'] as const)('updateStatus=%s: PATCH answers so and the client takes either', async (updateStatus) => {
    await withBehaviour({ updateStatus }, async () => {
      const vendor = `SWU${updateStatus}`;
      expect((await client.vendors.create({ VendorNumber: vendor, VendorName: 'Update switch', GroupCode: 'TRADE' })).ok).toBe(true);
      const answer = await raw('PATCH', `AP/APVendors('${vendor}')`, { VendorName: `Renamed ${updateStatus}` });
      expect(answer.status).toBe(Number(updateStatus));
      if (updateStatus === '200') expect((answer.json() as { VendorName: string }).VendorName).toBe(`Renamed ${updateStatus}`);
      else expect(answer.text).toBe('');
      expect((await client.vendors.update(vendor, { VendorName: `Client ${updateStatus}` })).ok).toBe(true);
      expect((sql.prepare('SELECT RTRIM(VENDNAME) AS n FROM APVEN WHERE RTRIM(VENDORID) = ?').get(vendor) as { n: string }).n).toBe(
        `Client ${updateStatus}`,
      );
    });
  });

  it.each(['v4-number', 'legacy-string', 'absent'] as const)('odataCount=%s: $count=true gives that annotation', async (odataCount) => {
    await withBehaviour({ odataCount }, async () => {
      const answer = (await raw('GET', 'GL/GLAccounts?$count=true&$top=1')).json() as Record<string, unknown>;
      const total = (sql.prepare('SELECT COUNT(*) AS n FROM GLAMF').get() as { n: number }).n;
      expect(answer['@odata.count']).toBe(odataCount === 'v4-number' ? total : undefined);
      expect(answer['odata.count']).toBe(odataCount === 'legacy-string' ? String(total) : undefined);
      const page = await client.glAccounts.list({ top: 1, count: true });
      expect(page.ok).toBe(true);
    });
  });

  it.each(['ignored', 'refused'] as const)(
    'suppliedBatchNumber=%s: a supplied number is ignored or refused; the client never sends one',
    async (suppliedBatchNumber) => {
      await withBehaviour({ suppliedBatchNumber }, async () => {
        const body = {
          BatchNumber: '999999',
          Description: 'SWITCH-SUPPLIED',
          JournalHeaders: [
            {
              DocumentDate: '2026-06-15',
              JournalDetails: [
                { AccountNumber: expense, Amount: 3 },
                { AccountNumber: cash, Amount: -3 },
              ],
            },
          ],
        };
        const answer = await raw('POST', 'GL/GLJournalBatches', body);
        if (suppliedBatchNumber === 'ignored') {
          expect(answer.status).toBe(201);
          expect((answer.json() as { BatchNumber: string }).BatchNumber).not.toBe('999999');
        } else {
          expect(answer.status).toBe(409);
          expect(answer.text).toContain('assigned by the system');
        }
        expect((await client.glBatches.create(batch(`SWITCH-NOSUPPLY-${suppliedBatchNumber}`))).ok).toBe(true);
      });
    },
  );

  it.each(['atomic', 'two-steps'] as const)(
    'postingRun=%s: a reader during the run sees all of it or only its first part',
    async (postingRun) => {
      const [from, to] = [...(await readyBatches(2))].sort();
      const seq = nextSeq();
      await withBehaviour({ postingRun, postingHold: true }, async () => {
        const posting = raw('POST', "GL/GLPostJournal('$process')", { FromBatchNumber: from, ToBatchNumber: to });
        if (postingRun === 'atomic') {
          expect((await posting).status).toBe(204);
          expect(glpostRows(seq)).toHaveLength(4);
          expect(emu.releasePostings()).toBe(0);
          return;
        }
        // The first step is committed while the second waits: a reader sees one batch of the sequence only.
        for (let i = 0; i < 200 && glpostRows(seq).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
        const half = glpostRows(seq);
        expect(half.map((r) => r.b)).toEqual([from, from]);
        expect(emu.releasePostings()).toBe(1);
        expect((await posting).status).toBe(204);
        expect(
          glpostRows(seq)
            .map((r) => r.b)
            .sort(),
        ).toEqual([from, from, to, to]);
      });
    },
  );

  it('postingRun=two-steps without hold lands the second step after postingGapMs', async () => {
    const [from, to] = [...(await readyBatches(2))].sort();
    const seq = nextSeq();
    await withBehaviour({ postingRun: 'two-steps', postingGapMs: 20 }, async () => {
      const answer = await raw('POST', "GL/GLPostJournal('$process')", { FromBatchNumber: from, ToBatchNumber: to });
      expect(answer.status).toBe(204);
      expect(glpostRows(seq)).toHaveLength(4);
    });
  });

  it.each(['none', 'consolidated'] as const)(
    'postingTies=%s: GLPOST rows of an entry tie on the posting-sequence key or not',
    async (postingTies) => {
      const [one] = await readyBatches(1, 2);
      const seq = nextSeq();
      await withBehaviour({ postingTies }, async () => {
        expect((await client.glBatches.post(one!)).ok).toBe(true);
      });
      const rows = glpostRows(seq);
      expect(rows).toHaveLength(4);
      const keys = new Set(rows.map((r) => `${r.b}/${r.e}/${r.t}`));
      expect(keys.size).toBe(postingTies === 'none' ? 4 : 2);
      expect(rows.every((r) => r.c === (postingTies === 'none' ? 0 : 1))).toBe(true);
    },
  );

  it('is switched at run time by POST /_emulator/behaviours, which refuses unknown names and bad values', async () => {
    const admin = new URL('/_emulator/behaviours', emu.baseUrl).href;
    const post = (body: unknown) => fetch(admin, { method: 'POST', body: JSON.stringify(body) });
    const set = await post({ poPatch: 'allowed', postingGapMs: 5 });
    expect(set.status).toBe(200);
    expect(emu.behaviours()).toMatchObject({ poPatch: 'allowed', postingGapMs: 5 });
    const unknown = await post({ nextlink: 'skip-only' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(
      /unknown Sage 300 emulator behaviour 'nextlink'; known behaviours: nextLink,/,
    );
    const bad = await post({ poPatch: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/behaviour 'poPatch' cannot be "sometimes"/);
    expect(emu.behaviours().poPatch).toBe('allowed');
    expect((await post({ poPatch: 'refused', postingGapMs: 100 })).status).toBe(200);
    expect(((await (await fetch(admin)).json()) as Sage300Behaviours).poPatch).toBe('refused');
  });
  it('rebuilds an older database whose GLPOST posting-sequence index was unique, so ties can be written', async () => {
    const path = join(dir, 'OLD.sqlite');
    const old = openCompanyDb(path);
    old.exec('DROP INDEX "GLPOST_K1"; CREATE UNIQUE INDEX "GLPOST_K1" ON "GLPOST" ("POSTINGSEQ", "BATCHNBR", "ENTRYNBR", "TRANSNBR")');
    old.close();
    const again = await startSage300Emulator({ dbPath: path });
    try {
      const row = again.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'GLPOST_K1'").get() as { sql: string };
      expect(row.sql).toMatch(/^CREATE INDEX "GLPOST_K1" ON "GLPOST" \("POSTINGSEQ", "BATCHNBR", "ENTRYNBR", "TRANSNBR"\)$/);
    } finally {
      await again.stop();
    }
  });
});
