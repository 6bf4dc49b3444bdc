import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/domain/money.ts';
import type { Config } from '../../src/platform/config.ts';
import { FX_GL_ENTRIES } from '../../src/sandbox/demo-data/sage300-fx.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { agentThenApprover, connect, demoMappingsWith, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

/**
 * Issue 16 acceptance for journal entries, through MCP with an approval and the real emulators: every foreign
 * entry lands with its currency, rate and transaction amount; the base the emulator computes equals Sage 300's home
 * amount to the cent; what cannot land right is an exception with a fix, before sending or from Intacct's refusal.
 */

const APPROVALS = { approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} } };

interface Exception {
  source_key: string;
  class: string;
  message: string;
  fix: string;
}

/** The Sage 300 source key of each demo FX entry, by description. */
function fxSourceKeys(sandbox: Sandbox): Map<string, string> {
  const db = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
  const rows = db.prepare('SELECT BATCHID b, BTCHENTRY e, RTRIM(JRNLDESC) d FROM GLJEH').all() as { b: string; e: string; d: string }[];
  db.close();
  const wanted = new Set(FX_GL_ENTRIES.map((e) => e.description));
  return new Map(rows.filter((r) => wanted.has(r.d)).map((r) => [r.d, `SAMINC:${r.b.trimEnd()}:${r.e.trimEnd()}`]));
}

/** Runs SQL against the sandbox's Sage 300 company (the same file the reader and the Web API emulator use). */
function sage(sandbox: Sandbox, sql: string, ...params: unknown[]): void {
  const db = new Database(sandbox.prepared.paths.sage300Db);
  db.prepare(sql).run(...params);
  db.close();
}

/** Agent asks, approver approves: the engine's one door for a write. */
const postPeriod = async (app: App, period: string): Promise<Record<string, unknown>> =>
  agentThenApprover(await connect(app, 'agent'), () => connect(app, 'approver'), 'post_journal_entries', { period });

const openExceptions = async (client: Client): Promise<Exception[]> =>
  (await ok(client, 'list_exceptions', { pipeline: 'gl', limit: 500 })).exceptions as Exception[];

/** The Intacct lines of the batch synced from a source key, as the emulator stored them. */
function intacctLines(sandbox: Sandbox, sourceKey: string): Record<string, string>[] {
  const batch = sandbox.intacct.db
    .prepare("SELECT recordno FROM records WHERE object = 'GLBATCH' AND json_extract(data, '$.REFERENCENO') = ?")
    .get(`S300:${sourceKey}`) as { recordno: number } | undefined;
  if (!batch) return [];
  return (
    sandbox.intacct.db
      .prepare("SELECT data FROM records WHERE object = 'GLENTRY' AND json_extract(data, '$.BATCHNO') = ? ORDER BY recordno")
      .all(String(batch.recordno)) as { data: string }[]
  ).map((r) => JSON.parse(r.data) as Record<string, string>);
}

/** GLPOST lines of a source key: home amount, source amount and currency, rate. */
function sageLines(sandbox: Sandbox, sourceKey: string) {
  const [, batch, entry] = sourceKey.split(':');
  const db = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
  const rows = db
    .prepare(
      `SELECT TRANSNBR n, TRANSAMT home, SCURNAMT source, RTRIM(SCURNCODE) currency, CONVRATE rate, RTRIM(RATETYPE) type, RATEDATE date
       FROM GLPOST WHERE BATCHNBR = ? AND ENTRYNBR = ? ORDER BY TRANSNBR`,
    )
    .all(batch, entry) as { n: number; home: string; source: string; currency: string; rate: string; type: string; date: number }[];
  db.close();
  return rows;
}

describe('multi-currency journal entries over MCP (default emulator positions)', () => {
  let sandbox: Sandbox;
  let dir: string;
  let keys: Map<string, string>;
  const apps: App[] = [];
  const appWith = (overrides: Record<string, unknown> = {}): App => {
    const app = testApp(testConfig(sandbox, dir, { ...APPROVALS, ...overrides }));
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    ({ sandbox, dir } = await startTestSandbox());
    keys = fxSourceKeys(sandbox);
    expect(keys.size).toBe(FX_GL_ENTRIES.length);
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await sandbox.stop();
  });

  const key = (i: number): string => keys.get(FX_GL_ENTRIES[i]!.description)!;

  it('catches before sending: an unmapped rate type, a foreign line without a rate, a base Intacct would book differently', async () => {
    const [paris, toronto, lyon] = [key(0), key(1), key(2)];
    // Paris: Sage 300's home amounts are 0.05 off what 2,400.00 x 1.085 gives (still balanced in USD).
    const [, parisBatch] = paris.split(':');
    sage(
      sandbox,
      "UPDATE GLPOST SET TRANSAMT = CASE WHEN TRANSAMT LIKE '-%' THEN '-2604.050' ELSE '2604.050' END WHERE BATCHNBR = ?",
      parisBatch,
    );
    // Lyon: the rent line has no rate.
    const [, lyonBatch] = lyon.split(':');
    sage(sandbox, "UPDATE GLPOST SET CONVRATE = '0.0000000' WHERE BATCHNBR = ? AND TRANSNBR = 20", lyonBatch);
    const app = appWith({
      mappingsDir: demoMappingsWith(dir, 'rate-types.csv', 's300_rate_type,intacct_rate_type\nSP,Intacct Daily Rate\n'),
    });
    const result = await postPeriod(app, '2026-03');
    expect(Number((result.result as Record<string, unknown>).written)).toBeGreaterThan(50);
    for (const k of [paris, toronto, lyon]) expect(intacctLines(sandbox, k)).toEqual([]);

    const open = await openExceptions(await connect(app, 'analyst'));
    const of = (k: string) => open.find((e) => e.source_key === k);
    expect(of(toronto)).toMatchObject({ class: 'mapping' });
    expect(of(toronto)!.message).toMatch(/rate type "AV" in rate-types.csv/);
    expect(of(toronto)!.fix).toMatch(/add the row "AV,<Intacct exchange rate type/);
    expect(of(lyon)).toMatchObject({ class: 'validation' });
    expect(of(lyon)!.message).toMatch(/EUR amount has no exchange rate/);
    expect(of(lyon)!.fix).toMatch(/enter the EUR rate/);
    expect(of(paris)!.message).toMatch(/Intacct would book EUR 2400.00 x 1.085 = USD 2604.00, Sage 300's home amount is 2604.05/);
    expect(of(paris)!.fix).toMatch(/baseTolerance/);

    sage(
      sandbox,
      "UPDATE GLPOST SET TRANSAMT = CASE WHEN TRANSAMT LIKE '-%' THEN '-2604.000' ELSE '2604.000' END WHERE BATCHNBR = ?",
      parisBatch,
    );
    sage(sandbox, "UPDATE GLPOST SET CONVRATE = '1.0920000' WHERE BATCHNBR = ? AND TRANSNBR = 20", lyonBatch);
  }, 120_000);

  it("turns Intacct's refusals into exceptions with a fix: a currency it has not enabled, a rate type it does not know", async () => {
    const [paris, toronto] = [key(0), key(1)];
    const [, torontoBatch] = toronto.split(':');
    sage(sandbox, "UPDATE GLPOST SET SCURNCODE = 'JPY', SRCECURN = 'JPY' WHERE BATCHNBR = ?", torontoBatch);
    const app = appWith({
      mappingsDir: demoMappingsWith(dir, 'rate-types.csv', 's300_rate_type,intacct_rate_type\nAV,Average Rate\nSP,Sage Spot\n'),
    });
    await postPeriod(app, '2026-03');
    const open = await openExceptions(await connect(app, 'analyst'));
    const of = (k: string) => open.find((e) => e.source_key === k);
    expect(of(paris)!.message).toMatch(/rejected by the target: .*Invalid exchange rate type.*'Sage Spot' does not exist/);
    expect(of(toronto)!.message).toMatch(/rejected by the target: .*Invalid currency.*'JPY' is not set up/);
    for (const e of [of(paris)!, of(toronto)!]) expect(e.fix).toMatch(/correct the record or its mapping/);
    for (const k of [paris, toronto]) expect(intacctLines(sandbox, k)).toEqual([]);
    sage(sandbox, "UPDATE GLPOST SET SCURNCODE = 'CAD', SRCECURN = 'CAD' WHERE BATCHNBR = ?", torontoBatch);
  }, 120_000);

  let posted: App;
  it('lands every foreign entry with currency, rate, rate date, rate type and transaction amount; the base equals Sage 300 to the cent', async () => {
    const app = (posted = appWith());
    await postPeriod(app, '2026-03');
    for (const [i, entry] of FX_GL_ENTRIES.entries()) {
      const landed = intacctLines(sandbox, key(i));
      const source = sageLines(sandbox, key(i));
      expect(landed, entry.description).toHaveLength(source.length);
      source.forEach((s, j) => {
        const l = landed[j]!;
        expect(l.CURRENCY).toBe(s.currency);
        expect(l.TRX_AMOUNT).toBe(new Money(s.source).abs().toFixed(2));
        // The emulator's own base (TRX_AMOUNT x the rate it received) is Sage 300's home amount, to the cent.
        expect(l.AMOUNT).toBe(new Money(s.home).abs().toFixed(2));
        if (s.currency !== 'USD') {
          expect(new Money(l.EXCHANGE_RATE!).equals(new Money(s.rate))).toBe(true);
          const d = String(s.date);
          expect(l.EXCH_RATE_DATE).toBe(`${d.slice(4, 6)}/${d.slice(6, 8)}/${d.slice(0, 4)}`);
          expect(l.EXCH_RATE_TYPE_ID).toBe(s.type === 'AV' ? 'Average Rate' : 'Intacct Daily Rate');
        }
      });
    }
    // The exceptions of the earlier runs resolved themselves when the entries posted.
    const open = await openExceptions(await connect(app, 'analyst'));
    for (const i of [0, 1, 2]) expect(open.find((e) => e.source_key === key(i))).toBeUndefined();
  }, 120_000);

  it('reconciles the period with nothing unexplained, in home currency and in each transaction currency', async () => {
    // The state of the run that posted (its cross-references attribute every synced entry).
    const out = await ok(await connect(posted, 'auditor'), 'reconcile_trial_balance', { period: '2026-03' });
    expect((out.totals as Record<string, string>).unexplained).toBe('0.00');
    const activity = out.currency_activity as {
      account: string;
      currency: string;
      sage300: string;
      intacct: string;
      unexplained: string;
    }[];
    // Every foreign demo line, per Intacct account and transaction currency, in both systems' own amounts.
    const expected = new Map<string, Money>();
    for (const e of FX_GL_ENTRIES)
      for (const l of e.lines.filter((x) => x.currency !== 'USD'))
        expected.set(`${l.natural} ${l.currency}`, (expected.get(`${l.natural} ${l.currency}`) ?? new Money(0)).plus(l.amount));
    expect(activity.map((a) => `${a.account} ${a.currency}`).sort()).toEqual([...expected.keys()].sort());
    for (const a of activity) {
      expect(a.sage300).toBe(expected.get(`${a.account} ${a.currency}`)!.toFixed(2));
      expect(a.intacct).toBe(a.sage300);
      expect(a.unexplained).toBe('0.00');
    }
  }, 120_000);
});

describe('multi-currency journal entries when Intacct refuses a rate type sent with a rate (rateTypeWithRate=either-or)', () => {
  let sandbox: Sandbox;
  let dir: string;
  const apps: App[] = [];
  beforeAll(async () => {
    ({ sandbox, dir } = await startTestSandbox({ intacct: { rateTypeWithRate: 'either-or' } }));
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await sandbox.stop();
  });

  it('type-and-rate is refused with an exception naming the fix; rate-only then lands at Sage 300’s rate', async () => {
    const keys = fxSourceKeys(sandbox);
    const sageConfig = (rateFields: string): Record<string, unknown> => {
      const base = sandbox.config as unknown as Config;
      return {
        sage300: {
          companies: base.sage300.companies.map((c) => ({ ...c, currency: { baseTolerance: '0.01', rateFields } })),
        },
      };
    };
    const refused = testApp(testConfig(sandbox, dir, { ...APPROVALS, ...sageConfig('type-and-rate') }));
    apps.push(refused);
    await postPeriod(refused, '2026-03');
    const open = await openExceptions(await connect(refused, 'analyst'));
    for (const k of keys.values()) {
      expect(open.find((e) => e.source_key === k)?.message).toMatch(/Provide either EXCH_RATE_TYPE_ID or EXCHANGE_RATE, not both/);
      expect(intacctLines(sandbox, k)).toEqual([]);
    }
    const accepted = testApp(testConfig(sandbox, dir, { ...APPROVALS, ...sageConfig('rate-only') }));
    apps.push(accepted);
    await postPeriod(accepted, '2026-03');
    for (const k of keys.values()) {
      const landed = intacctLines(sandbox, k);
      expect(landed.length).toBeGreaterThan(1);
      const source = sageLines(sandbox, k);
      landed.forEach((l, j) => expect(l.AMOUNT).toBe(new Money(source[j]!.home).abs().toFixed(2)));
    }
  }, 180_000);
});
