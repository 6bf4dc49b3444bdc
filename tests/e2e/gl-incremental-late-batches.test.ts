/**
 * A Sage 300 posting run is not atomic for a reader (reference §7): batches of one POSTINGSEQ can land after an
 * incremental sync has read that sequence. Through the real CLI, against the sandbox's Sage 300 database and the Intacct
 * emulator over HTTP: every late batch reaches Intacct exactly once, and a re-run writes nothing. The same with GLPOST
 * lines tied on POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR (consolidated posting) across a page boundary at page size 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { insertRow } from '../../src/sandbox/sage300-db/schema.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let dir: string;
let sage: Database.Database;
/** Two active, mapped accounts of the demo chart, and the fiscal period and date of a posted GL entry. */
let accounts: [string, string];
let period: { year: string; perd: string; date: number };
let detail = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-gl-late-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  sage = new Database(sandbox.prepared.paths.sage300Db);
  // Accounts of plain GL journal entries of period 3, avoiding the demo's unmapped-account traps (6990, 6980, 1950).
  const rows = sage
    .prepare(
      `SELECT DISTINCT RTRIM(p.ACCTID) AS acct, p.FISCALYR AS year, p.FISCALPERD AS perd, p.JRNLDATE AS date
       FROM GLPOST p JOIN GLAMF a ON a.ACCTID = p.ACCTID
       WHERE p.SRCELEDGER = 'GL' AND p.SRCETYPE = 'JE' AND p.FISCALPERD = '03' AND a.ACTIVESW = 1
         AND substr(p.ACCTID, 1, 4) NOT IN ('6990', '6980', '1950')
       ORDER BY acct LIMIT 2`,
    )
    .all() as { acct: string; year: string; perd: string; date: number }[];
  expect(rows).toHaveLength(2);
  accounts = [rows[0]!.acct, rows[1]!.acct];
  period = { year: rows[0]!.year, perd: rows[0]!.perd, date: rows[0]!.date };
  // Only the lines this test posts: a company whose every entry it knows.
  sage.prepare('DELETE FROM GLPOST').run();
});
afterAll(async () => {
  sage.close();
  await sandbox.stop();
});

/** Posts one GLPOST line of a batch/entry under a posting sequence (what a posting run writes). */
function post(seq: number, batch: string, acct: string, transNbr: number, amount: string): void {
  insertRow(sage, 'GLPOST', {
    ACCTID: acct,
    FISCALYR: period.year,
    FISCALPERD: period.perd,
    SRCECURN: 'USD',
    SRCELEDGER: 'GL',
    SRCETYPE: 'JE',
    POSTINGSEQ: seq,
    CNTDETAIL: ++detail,
    JRNLDATE: period.date,
    BATCHNBR: batch,
    ENTRYNBR: '00001',
    TRANSNBR: transNbr,
    TRANSAMT: amount,
    SCURNAMT: amount,
    SCURNCODE: 'USD',
    HCURNCODE: 'USD',
    JNLDTLDESC: `late batch test ${batch}`,
  });
}

/** A balanced two-line entry. */
function postEntry(seq: number, batch: string): void {
  post(seq, batch, accounts[0], 20, '125.000');
  post(seq, batch, accounts[1], 40, '-125.000');
}

/** The Sage 300 references of every journal entry in the Intacct emulator, and the line count of each. */
function intacctEntries(): Map<string, number> {
  const rows = sandbox.intacct.db
    .prepare(
      `SELECT json_extract(b.data, '$.REFERENCENO') AS ref,
              (SELECT COUNT(*) FROM records e WHERE e.object = 'GLENTRY' AND json_extract(e.data, '$.BATCHNO') = b.recordno) AS lines
       FROM records b WHERE b.object = 'GLBATCH'`,
    )
    .all() as { ref: string; lines: number }[];
  const out = new Map<string, number>();
  for (const r of rows) {
    expect(out.has(r.ref), `${r.ref} created twice`).toBe(false);
    out.set(r.ref, r.lines);
  }
  return out;
}

async function syncIncremental(config: string): Promise<void> {
  const run = await runCli(['--config', config, 'sync', 'gl', '--incremental', '--yes', '--json']);
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.code).toBe(0);
}

function configWith(name: string, reader: Record<string, number>): string {
  const path = join(dir, `${name}.json`);
  const company = (sandbox.config.sage300 as { companies: Record<string, unknown>[] }).companies[0]!;
  writeFileSync(
    path,
    JSON.stringify({ ...sandbox.config, stateDir: join(dir, `state-${name}`), sage300: { companies: [{ ...company, reader }] } }),
  );
  return path;
}

const ref = (batch: string): string => `S300:SAMINC:${batch}:00001`;

describe('sagebridge sync gl --incremental with a posting run that lands in two steps', () => {
  it('sends the late batches of an already-read posting sequence once, and nothing on a third run', async () => {
    const config = configWith('late', { pageSize: 1000 });
    postEntry(7, 'L00001');
    await syncIncremental(config);
    expect([...intacctEntries().keys()].filter((r) => r.startsWith('S300:SAMINC:L'))).toEqual([ref('L00001')]);

    // The rest of posting run 7 lands after the read.
    postEntry(7, 'L00002');
    postEntry(7, 'L00003');
    await syncIncremental(config);
    const after = intacctEntries();
    expect([...after.keys()].filter((r) => r.startsWith('S300:SAMINC:L')).sort()).toEqual([ref('L00001'), ref('L00002'), ref('L00003')]);
    for (const b of ['L00001', 'L00002', 'L00003']) expect(after.get(ref(b))).toBe(2);

    const before = sandbox.intacct.counts();
    await syncIncremental(config);
    expect(sandbox.intacct.counts()).toEqual(before);
  });

  it('reads GLPOST lines tied on POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR across a page boundary at page size 2', async () => {
    const config = configWith('ties', { pageSize: 2 });
    // A state store of its own starts from nothing: only this test's lines may be in the ledger.
    sage.prepare('DELETE FROM GLPOST').run();
    // Consolidated posting: three lines of one entry under one TRANSNBR, told apart only by the primary key.
    const tied = (seq: number, batch: string): void => {
      post(seq, batch, accounts[0], 20, '30.000');
      post(seq, batch, accounts[1], 20, '-10.000');
      post(seq, batch, accounts[1], 20, '-20.000');
    };
    tied(8, 'T00001');
    await syncIncremental(config);
    expect(intacctEntries().get(ref('T00001'))).toBe(3);

    tied(8, 'T00002');
    tied(8, 'T00003');
    await syncIncremental(config);
    const after = intacctEntries();
    for (const b of ['T00001', 'T00002', 'T00003']) expect(after.get(ref(b)), b).toBe(3);

    const before = sandbox.intacct.counts();
    await syncIncremental(config);
    expect(sandbox.intacct.counts()).toEqual(before);
  });
});
