import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Money } from '../../src/domain/money.ts';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { arSourceKey, intacctProjectId } from '../../src/core/projects/project-id.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;
let s300: Database.Database;

const UNMAPPED_WIP = '9999-000-00';
beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir, {
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
  });
  app = testApp(config);
  s300 = new Database(sandbox.prepared.paths.sage300Db);
  // Bad records: a cost on a project Sage 300 does not have, and a project whose WIP account has no mapping.
  s300
    .prepare(
      `INSERT INTO PMTRAN SELECT 'CT9999', 'PRJ-X', CATEGORY, RESOURCE, 999999, ${cols(s300, 'PMTRAN', 5)} FROM PMTRAN WHERE COSTREV = 1 LIMIT 1`,
    )
    .run();
  s300.prepare('UPDATE PMPROJS SET WIPACCT = ? WHERE CONTRACT = (SELECT MAX(CONTRACT) FROM PMPROJS)').run(UNMAPPED_WIP);
  // The demo Intacct company keeps January closed (for the GL period tests); these tests tag every period.
  sandbox.intacct.db.prepare("UPDATE periods SET status = 'open'").run();
  sandbox.intacct.db.prepare("INSERT OR IGNORE INTO periods (period, status) VALUES ('2026-01', 'open')").run();
});
afterAll(async () => {
  s300?.close();
  await app.close();
  await sandbox.stop();
});

/** Every column of a table after the first `skip`, as a select list (to copy a row with new key values). */
function cols(db: Database.Database, table: string, skip: number): string {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
    .slice(skip)
    .map((c) => `"${c.name}"`)
    .join(', ');
}

const ia = (sql: string, ...args: unknown[]): Record<string, unknown>[] =>
  sandbox.intacct.db.prepare(sql).all(...args) as Record<string, unknown>[];
const writes = (): number => {
  const f = sandbox.intacct.stats().byFunction;
  return (f.create ?? 0) + (f.update ?? 0) + (f.create_invoice ?? 0);
};
/** Sage 300 rows with CHAR padding trimmed. */
const sage = (sql: string, ...args: unknown[]): Record<string, unknown>[] =>
  (s300.prepare(sql).all(...args) as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])),
  );
/** Tagged amount per project on the reclass entries: debit-tagged (cost) or credit-tagged (revenue). */
function tagged(trType: '1' | '-1'): Map<string, Money> {
  const rows = ia(
    `SELECT json_extract(e.data, '$.PROJECTID') p, json_extract(e.data, '$.TRX_AMOUNT') a FROM records e JOIN records b ON b.object = 'GLBATCH' AND CAST(b.recordno AS TEXT) = json_extract(e.data, '$.BATCHNO')
     WHERE e.object = 'GLENTRY' AND json_extract(b.data, '$.REFERENCENO') LIKE 'S300PM:%' AND json_extract(e.data, '$.PROJECTID') IS NOT NULL AND json_extract(e.data, '$.TR_TYPE') = ?`,
    trType,
  );
  const out = new Map<string, Money>();
  for (const r of rows) out.set(String(r.p), (out.get(String(r.p)) ?? new Money(0)).plus(String(r.a)));
  return out;
}
function pmTotals(kind: 1 | 2): Map<string, Money> {
  const out = new Map<string, Money>();
  for (const r of sage('SELECT CONTRACT c, PROJECT p, EXTAMTHM a FROM PMTRAN WHERE COSTREV = ?', kind)) {
    const id = intacctProjectId(String(r.c), String(r.p));
    out.set(id, (out.get(id) ?? new Money(0)).plus(String(r.a)));
  }
  return out;
}
const invoices = (): Record<string, unknown>[] =>
  ia("SELECT json_extract(data, '$.RECORDID') no, data FROM records WHERE object = 'ARINVOICE'");

async function runApproved(agent: Client, approver: Client): Promise<{ planned: Record<string, unknown>; result: unknown }> {
  const planned = await ok(agent, 'sync_projects', {});
  expect(planned.status).toBe('pending_approval');
  const approved = await ok(approver, 'approve_change_set', {
    change_set_id: planned.change_set_id,
    digest: planned.digest,
    comment: 'project totals checked',
  });
  expect(approved.status).toBe('executed');
  return { planned, result: approved.result };
}

describe('sync_projects over MCP', () => {
  it('refuses unknown arguments naming the field', async () => {
    const agent = await connect(app, 'agent');
    const refused = errorOf(await call(agent, 'sync_projects', { journal: 'no spaces allowed' }));
    expect(refused.code).toBe('invalid_arguments');
    expect(refused.message).toContain('journal');
  });

  it('creates the projects, tags costs and revenue without moving the trial balance, and bills reached milestones once', async () => {
    const agent = await connect(app, 'agent');
    const approver = await connect(app, 'approver');
    const before = writes();
    const dry = await ok(agent, 'sync_projects', { dry_run: true });
    expect(dry.status).toBe('dry_run');
    expect(writes()).toBe(before);

    const { planned, result } = await runApproved(agent, approver);
    const r = result as Record<string, unknown>;
    expect(Number(planned.planned)).toBe(dry.planned);
    expect(r.written).toBe(planned.planned);
    expect(r.unknown).toBe(0);

    // Bad records are in the exceptions queue, naming the record; the rest went through.
    const problems = planned.problems as { source_key: string; message: string }[];
    expect(problems.some((p) => p.message.includes('CT9999'))).toBe(true);
    expect(problems.some((p) => p.message.includes(UNMAPPED_WIP))).toBe(true);
    const exceptions = await ok(agent, 'list_exceptions', { pipeline: 'projects' });
    expect((exceptions.exceptions as unknown[]).length).toBeGreaterThanOrEqual(2);

    // Projects: every contract and contract project whose customer exists in Intacct, children under their contract.
    const blocked = new Set(problems.map((p) => p.source_key.split(':')[1] ?? ''));
    const projects = sage('SELECT CONTRACT c, PROJECT p FROM PMPROJS');
    let checked = 0;
    for (const p of projects) {
      const id = intacctProjectId(String(p.c), String(p.p));
      if (blocked.has(id) || blocked.has(String(p.c))) continue;
      const row = ia("SELECT data FROM records WHERE object = 'PROJECT' AND id = ?", id)[0];
      expect(row, id).toBeDefined();
      expect(JSON.parse(String(row!.data)).PARENTID).toBe(String(p.c));
      checked++;
    }
    expect(checked).toBeGreaterThan(2);

    // Tagging: per project the tagged cost equals the PMTRAN cost and the tagged revenue the PMTRAN revenue.
    const cost = tagged('1');
    const pmCost = pmTotals(1);
    const unmappedProject = intacctProjectId(String(sage('SELECT MAX(CONTRACT) c FROM PMPROJS')[0]!.c), 'PRJ-A');
    let compared = 0;
    for (const [id, total] of pmCost) {
      if (id.startsWith('CT9999') || id === unmappedProject || blocked.has(id)) continue;
      expect(cost.get(id)?.toFixed(2), id).toBe(total.toFixed(2));
      compared++;
    }
    expect(compared).toBeGreaterThan(2);
    expect(cost.has(unmappedProject)).toBe(false);
    // Revenue is tagged once: on the milestone invoice's lines when this flow bills it, by the reclass otherwise.
    const revenue = tagged('-1');
    for (const inv of invoices()) {
      const data = JSON.parse(String(inv.data)) as { ARINVOICEITEMS?: { ARINVOICEITEM?: Record<string, string>[] } };
      for (const line of data.ARINVOICEITEMS?.ARINVOICEITEM ?? [])
        if (line.PROJECTID) revenue.set(line.PROJECTID, (revenue.get(line.PROJECTID) ?? new Money(0)).plus(line.AMOUNT!));
    }
    for (const [id, total] of pmTotals(2)) if (!blocked.has(id)) expect(revenue.get(id)?.toFixed(2), id).toBe(total.toFixed(2));

    // The reclass entries net to zero on every account.
    const net = ia(
      `SELECT json_extract(e.data, '$.ACCOUNTNO') acct, SUM(CASE json_extract(e.data, '$.TR_TYPE') WHEN '1' THEN CAST(json_extract(e.data, '$.TRX_AMOUNT') AS REAL) ELSE -CAST(json_extract(e.data, '$.TRX_AMOUNT') AS REAL) END) n
       FROM records e JOIN records b ON b.object = 'GLBATCH' AND CAST(b.recordno AS TEXT) = json_extract(e.data, '$.BATCHNO') WHERE e.object = 'GLENTRY' AND json_extract(b.data, '$.REFERENCENO') LIKE 'S300PM:%' GROUP BY acct`,
    );
    expect(net.length).toBeGreaterThan(0);
    for (const row of net) expect(Math.abs(Number(row.n)), String(row.acct)).toBeLessThan(0.005);

    // One invoice per reached milestone of a project that went through, lines tagged with the project.
    const reached = sage("SELECT CONTRACT c, PROJECT p, DOCNUM i FROM PMBWD WHERE STATUS = 2 AND DOCNUM <> ''").filter(
      (m) => !blocked.has(intacctProjectId(String(m.c), String(m.p))),
    );
    expect(reached.length).toBeGreaterThan(0);
    const all = invoices();
    for (const m of reached) {
      const found = all.filter((inv) => inv.no === m.i);
      expect(found.length, String(m.i)).toBe(1);
      expect(String(found[0]!.data)).toContain(`"PROJECTID":"${intacctProjectId(String(m.c), String(m.p))}"`);
    }
  });

  it('writes nothing on a re-run', async () => {
    const agent = await connect(app, 'agent');
    const before = writes();
    const again = await ok(agent, 'sync_projects', {});
    expect(['nothing_to_do', 'partial']).toContain(again.status);
    expect(again.planned).toBe(0);
    expect(writes()).toBe(before);
  });

  it('creates exactly one invoice when a pending milestone is reached later in Sage 300', async () => {
    const agent = await connect(app, 'agent');
    const approver = await connect(app, 'approver');
    const invoiced = new Set(invoices().map((i) => String(i.no)));
    const pending = sage(
      'SELECT rowid r, CONTRACT c FROM PMBWD WHERE STATUS = 1 AND CONTRACT <> (SELECT MAX(CONTRACT) FROM PMPROJS) ORDER BY WORKID, LINENUM',
    ).find((m) => ia("SELECT 1 FROM records WHERE object = 'PROJECT' AND id = ?", intacctProjectId(String(m.c), 'PRJ-A')).length > 0);
    expect(pending).toBeDefined();
    // As the demo data marks a reached milestone: the worksheet line is posted and names its AR invoice.
    expect(s300.prepare("UPDATE PMBWD SET STATUS = 2, DOCNUM = 'IN-MS-LATE1' WHERE rowid = ?").run(pending!.r).changes).toBe(1);
    const { result } = await runApproved(agent, approver);
    expect((result as Record<string, unknown>).written).toBe(1);
    const now = invoices().filter((i) => !invoiced.has(String(i.no)));
    expect(now.map((i) => i.no)).toEqual(['IN-MS-LATE1']);

    const before = writes();
    const rerun = await ok(agent, 'sync_projects', {});
    expect(rerun.planned).toBe(0);
    expect(writes()).toBe(before);
    expect(invoices().filter((i) => i.no === 'IN-MS-LATE1')).toHaveLength(1);
  });

  it('leaves a reached milestone alone when sync_ar already linked its invoice (shared ARINVOICE key contract)', async () => {
    const agent = await connect(app, 'agent');
    const pending = sage(
      'SELECT rowid r, CONTRACT c FROM PMBWD WHERE STATUS = 1 AND CONTRACT <> (SELECT MAX(CONTRACT) FROM PMPROJS) ORDER BY WORKID, LINENUM',
    ).find((m) => ia("SELECT 1 FROM records WHERE object = 'PROJECT' AND id = ?", intacctProjectId(String(m.c), 'PRJ-A')).length > 0);
    expect(pending).toBeDefined();
    const customer = String(sage('SELECT CUSTOMER c FROM PMPROJS WHERE TRIM(CONTRACT) = ?', pending!.c)[0]!.c);
    // What sync_ar records when it creates the invoice first: the ARINVOICE cross-reference under arSourceKey.
    const linked = app.store.xrefs.link({
      objectType: 'ARINVOICE',
      sourceSystem: 'sage300',
      sourceKey: arSourceKey('SAMINC', customer, 'IN-MS-VIA-AR'),
      targetSystem: 'intacct',
      targetKey: '999001',
      contentHash: 'sync_ar',
    });
    expect(linked.ok).toBe(true);
    expect(s300.prepare("UPDATE PMBWD SET STATUS = 2, DOCNUM = 'IN-MS-VIA-AR' WHERE rowid = ?").run(pending!.r).changes).toBe(1);
    const before = writes();
    const run = await ok(agent, 'sync_projects', {});
    expect(run.planned).toBe(0);
    expect(run.invoices).toBe(0);
    expect(writes()).toBe(before);
    expect(invoices().filter((i) => i.no === 'IN-MS-VIA-AR')).toHaveLength(0);
  });
});
