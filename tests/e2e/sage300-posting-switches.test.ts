/**
 * The GL pipeline against a sandbox whose Sage 300 posting runs take the other positions of the posting switches:
 * consolidated-posting ties, and a posting run that lands in two steps between two incremental syncs.
 * The last two need the incremental reader to re-read the cursor's posting sequence and to page on a unique key
 * (issue 14 item 1); they fail on a reader that does not.
 */
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSage300Reader,
  createSage300WebApiClient,
  createSqliteBackend,
  type Sage300WebApiClient,
} from '../../src/connectors/sage300/index.ts';
import { Money } from '../../src/domain/money.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;
let web: Sage300WebApiClient;
let s300: Database.Database;
let lines: { account: string; amount: string }[];
let n = 0;
const confirm = () => ({ action: 'accept' as const, content: { confirm: true } });

beforeAll(async () => {
  let dir: string;
  ({ sandbox, dir } = await startTestSandbox());
  const mappings = mkdtempSync(join(dir, 'maps-'));
  cpSync(DEMO_MAPPINGS_DIR, mappings, { recursive: true });
  for (const t of sandbox.prepared.truth.sage300.traps.unmappedAccounts)
    appendFileSync(join(mappings, 'accounts.csv'), `5,${t.formatted},6900,,,,,,,switch test maps the trap\n`);
  app = testApp(
    testConfig(sandbox, dir, {
      mappingsDir: mappings,
      rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
      approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
    }),
  );
  const s = sandbox.sage300;
  web = createSage300WebApiClient({ baseUrl: s.baseUrl, user: s.user, password: s.password }, { log: silentLogger() });
  s300 = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
  // The lines of one demo GL entry: accounts the demo mappings know, amounts that balance.
  const [first] = s300.prepare("SELECT BATCHNBR, ENTRYNBR FROM GLPOST WHERE SRCELEDGER = 'GL' ORDER BY POSTINGSEQ LIMIT 1").all() as {
    BATCHNBR: string;
    ENTRYNBR: string;
  }[];
  lines = (
    s300
      .prepare('SELECT RTRIM(ACCTID) AS account, TRANSAMT AS amount FROM GLPOST WHERE BATCHNBR = ? AND ENTRYNBR = ? ORDER BY CNTDETAIL')
      .all(first!.BATCHNBR, first!.ENTRYNBR) as { account: string; amount: string | number }[]
  ).map((l) => ({ account: l.account, amount: String(l.amount) }));
  // Everything already posted in Sage 300 goes to Intacct first, so later runs see only the new batches. The demo's
  // periods that Intacct has closed are opened, so nothing is left behind and the cursor reaches the last sequence.
  const open = sandbox.intacct.db.prepare("INSERT OR REPLACE INTO periods (period, status) VALUES (?, 'open')");
  for (const year of [2024, 2025, 2026]) for (let m = 1; m <= 12; m++) open.run(`${year}-${String(m).padStart(2, '0')}`);
  const firstRun = await incremental();
  expect(firstRun.exceptions).toBe(0);
}, 180_000);
afterAll(async () => {
  s300.close();
  await web.close();
  await app.close();
  await sandbox.stop();
});

async function incremental(): Promise<Record<string, unknown>> {
  return ok(await connect(app, 'analyst', confirm), 'post_journal_entries', { incremental: true });
}

/** A Ready To Post batch of `entries` copies of the demo entry, dated in an open period. */
async function readyBatch(entries = 1, detail = lines): Promise<string> {
  const created = await web.glBatches.create({
    Description: `SWITCH-PIPE-${++n}`,
    Status: 'ReadyToPost',
    JournalHeaders: Array.from({ length: entries }, (_, i) => ({
      Description: `switch pipeline ${n}.${i + 1}`,
      DocumentDate: '2026-08-14',
      JournalDetails: detail.map((l) => ({ AccountNumber: l.account, Amount: new Money(l.amount), Description: `line of ${n}` })),
    })),
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.BatchNumber;
}

const intacctRefs = (batch: string): number =>
  (
    sandbox.intacct.db
      .prepare("SELECT COUNT(*) AS n FROM records WHERE object = 'GLBATCH' AND json_extract(data, '$.REFERENCENO') LIKE ?")
      .get(`S300:SAMINC:${batch}:%`) as { n: number }
  ).n;

describe('GL pipeline under the Sage 300 posting switches', () => {
  it('postingTies=consolidated: an entry whose GLPOST rows tie reaches Intacct once, whole', async () => {
    sandbox.sage300.setBehaviours({ postingTies: 'consolidated' });
    try {
      const batch = await readyBatch(1);
      expect((await web.glBatches.post(batch)).ok).toBe(true);
      const tied = s300.prepare('SELECT DISTINCT TRANSNBR FROM GLPOST WHERE RTRIM(BATCHNBR) = ?').all(batch);
      expect(tied).toEqual([{ TRANSNBR: 0 }]);
      const run = await incremental();
      expect(run.written).toBe(1);
      expect(intacctRefs(batch)).toBe(1);
      expect((await incremental()).written ?? 0).toBe(0);
    } finally {
      sandbox.sage300.setBehaviours({ postingTies: 'none' });
    }
  });

  it('a posting run landing in two steps between incremental syncs reaches Intacct once', async () => {
    sandbox.sage300.setBehaviours({ postingRun: 'two-steps', postingHold: true });
    try {
      const [a, b] = [await readyBatch(1), await readyBatch(1)].sort();
      const posting = web.process('GL/GLPostJournal', { FromBatchNumber: a, ToBatchNumber: b });
      const landed = () => (s300.prepare('SELECT COUNT(*) AS n FROM GLPOST WHERE RTRIM(BATCHNBR) IN (?, ?)').get(a, b) as { n: number }).n;
      for (let i = 0; i < 500 && landed() === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(landed()).toBe(lines.length); // the first batch only
      expect((await incremental()).written).toBe(1);
      expect(sandbox.sage300.releasePostings()).toBe(1);
      expect((await posting).ok).toBe(true);
      expect((await incremental()).written).toBe(1); // the late batch of the same posting sequence
      expect((await incremental()).written ?? 0).toBe(0);
      expect([intacctRefs(a!), intacctRefs(b!)]).toEqual([1, 1]);
    } finally {
      sandbox.sage300.setBehaviours({ postingRun: 'atomic', postingHold: false });
    }
  });

  it('tied GLPOST rows across a page boundary are all read at page size 2', async () => {
    sandbox.sage300.setBehaviours({ postingTies: 'consolidated' });
    try {
      // Three lines per entry, so three rows tie and a page of two ends inside the tie.
      const [a, b] = [lines[0]!, lines[1]!];
      const three = [
        a,
        { account: b.account, amount: '-1' },
        { account: b.account, amount: new Money(a.amount).minus(1).negated().toFixed(3) },
      ];
      const batch = await readyBatch(2, three);
      expect((await web.glBatches.post(batch)).ok).toBe(true);
      const seq = (s300.prepare('SELECT MAX(POSTINGSEQ) AS n FROM GLPOST').get() as { n: number }).n;
      const reader = createSage300Reader(createSqliteBackend(sandbox.prepared.paths.sage300Db, { readonly: true }), {
        log: silentLogger(),
        companyId: 'SAMINC',
        pageSize: 2,
      });
      try {
        const rows: unknown[] = [];
        for await (const r of reader.gl.postingsSince({ v: 1, postingSeq: seq - 1 }))
          if (r.ok && r.value.postingSequence === seq) rows.push(r.value);
        expect(rows).toHaveLength(6);
      } finally {
        await reader.close();
      }
    } finally {
      sandbox.sage300.setBehaviours({ postingTies: 'none' });
    }
  });
});
