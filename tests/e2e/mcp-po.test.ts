import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import { asList, buildRequestXml, parseResponseXml, postXml } from '../helpers/intacct-test-client.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { SANDBOX_COMPANY as CO } from '../../src/sandbox/sandbox-data.ts';
import type { App } from '../../src/server/app.ts';
import { openReader } from '../../src/server/gl-wiring.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;
let s300: Database.Database;

/** A copy of an open demo PO under a new number, with one column changed: a record the sync must refuse. */
function copyPo(from: string, number: string, seq: number, change: { vendor?: string; account?: string }): void {
  const head = s300.prepare('SELECT * FROM POPORH1 WHERE RTRIM(PONUMBER) = ?').get(from) as Record<string, unknown>;
  const lines = s300.prepare('SELECT * FROM POPORL WHERE PORHSEQ = ?').all(head.PORHSEQ) as Record<string, unknown>[];
  const insert = (table: string, row: Record<string, unknown>): void => {
    const cols = Object.keys(row);
    s300
      .prepare(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...Object.values(row));
  };
  insert('POPORH1', { ...head, PORHSEQ: seq, PONUMBER: number, ...(change.vendor ? { VDCODE: change.vendor } : {}) });
  for (const l of lines)
    insert('POPORL', {
      ...l,
      PORHSEQ: seq,
      PORLSEQ: seq * 100 + Number(l.PORLREV),
      ...(change.account ? { GLACEXPENS: change.account } : {}),
    });
}

/** Calls the Intacct emulator over its XML gateway as an Intacct user would (one function, checked). */
async function intacct(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const c = sandbox.intacct.credentials;
  const xml = buildRequestXml({
    senderId: c.senderId,
    senderPassword: c.senderPassword,
    auth: { login: { userid: c.userId, companyid: c.companyId, password: c.userPassword } },
    functions: [{ controlid: `t-${Date.now()}-${Math.random()}`, body }],
  });
  const res = parseResponseXml((await postXml(sandbox.intacct.endpoint, xml)).text);
  const result = asList(res.response.operation)[0].result[0] as Record<string, unknown>;
  if (result.status !== 'success') throw new Error(`Intacct refused: ${JSON.stringify(result.errormessage)}`);
  return result;
}

const intacctPo = (poNumber: string): Record<string, unknown> | undefined => {
  const row = sandbox.intacct.db
    .prepare("SELECT data FROM records WHERE object = 'PODOCUMENT' AND json_extract(data, '$.EXTERNALID') = ?")
    .get(`S300:${CO}:${poNumber}`) as { data: string } | undefined;
  return row ? (JSON.parse(row.data) as Record<string, unknown>) : undefined;
};
const syncedPos = (): number =>
  (
    sandbox.intacct.db
      .prepare("SELECT COUNT(*) n FROM records WHERE object = 'PODOCUMENT' AND json_extract(data, '$.EXTERNALID') LIKE 'S300:%'")
      .get() as { n: number }
  ).n;
const entries = (doc: Record<string, unknown>): Record<string, string>[] =>
  asList((doc.PODOCUMENTENTRIES as { PODOCUMENTENTRY: Record<string, string>[] }).PODOCUMENTENTRY);
const sageHead = (poNumber: string) =>
  s300.prepare('SELECT ONHOLD, ISCOMPLETE, RCPCOUNT FROM POPORH1 WHERE RTRIM(PONUMBER) = ?').get(poNumber) as {
    ONHOLD: number;
    ISCOMPLETE: number;
    RCPCOUNT: number;
  };
const sageLines = (poNumber: string) =>
  s300
    .prepare(
      'SELECT l.PORLREV, l.OQRECEIVED, l.OQOUTSTAND FROM POPORL l JOIN POPORH1 h ON h.PORHSEQ = l.PORHSEQ WHERE RTRIM(h.PONUMBER) = ? ORDER BY l.PORLREV',
    )
    .all(poNumber) as { PORLREV: number; OQRECEIVED: string; OQOUTSTAND: string }[];

/** The order as the product's Sage 300 SQL reader sees it (POPORH1 + POPORL). */
async function readerView(poNumber: string): Promise<{ onHold: boolean; complete: boolean; received: number[] }> {
  const reader = openReader(config.sage300.companies[0]!, silentLogger());
  try {
    for await (const r of reader.po.purchaseOrders()) {
      if (r.ok && r.value.poNumber === poNumber)
        return {
          onHold: r.value.onHold,
          complete: r.value.complete,
          received: r.value.lines.map((l) => Number(l.quantityReceived.toString())),
        };
    }
    throw new Error(`the SQL reader did not find ${poNumber}`);
  } finally {
    await reader.close();
  }
}

beforeAll(async () => {
  // Status write-back needs PATCH on PO/POPurchaseOrders, which the endpoint reference does not list (the
  // emulator refuses it by default); these tests take the other position, and the last one the default.
  ({ sandbox, dir } = await startTestSandbox({ sage300: { poPatch: 'allowed' } }));
  config = testConfig(sandbox, dir, {
    rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
    approvals: {
      expiresAfterMinutes: 60,
      defaults: { agent: 'required', analyst: 'confirm' },
      tools: { sync_purchase_orders: { admin: 'auto' } },
    },
  });
  app = testApp(config);
  s300 = new Database(sandbox.prepared.paths.sage300Db);
  s300.pragma('busy_timeout = 5000');
  // Two bad records beside the demo orders: an unknown vendor, and a line on an account no rule maps.
  const open = s300
    .prepare(
      "SELECT RTRIM(PONUMBER) AS n FROM POPORH1 WHERE ISCOMPLETE = 0 AND ONHOLD = 0 AND RTRIM(VDCODE) IN ('V10001','V10002','V10003','V10005') ORDER BY PORHSEQ LIMIT 1",
    )
    .get() as { n: string };
  copyPo(open.n, 'POBADVEND', 990001, { vendor: 'NOSUCHVEND' });
  copyPo(open.n, 'POBADLINE', 990002, { account: '6990-ADM-EA' });
}, 60_000);
afterAll(async () => {
  s300.close();
  await app.close();
  await sandbox.stop();
});

describe('sync_purchase_orders over MCP', () => {
  it('is offered to analyst, agent and admin as a write tool, not to auditors', async () => {
    const agent = await connect(app, 'agent');
    const tool = (await agent.listTools()).tools.find((t) => t.name === 'sync_purchase_orders');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    const auditor = await connect(app, 'auditor');
    expect((await auditor.listTools()).tools.map((t) => t.name)).not.toContain('sync_purchase_orders');
    expect(errorOf(await call(agent, 'sync_purchase_orders', { bogus: 1 })).code).toBe('invalid_arguments');
  });

  it("parks an agent's call for an approver; the approval creates each open PO once and bad records become exceptions", async () => {
    const agent = await connect(app, 'agent');
    const preview = await ok(agent, 'sync_purchase_orders', { dry_run: true });
    expect(preview.status).toBe('dry_run');
    expect(syncedPos()).toBe(0);
    const planned = await ok(agent, 'sync_purchase_orders', {});
    expect(planned.status).toBe('pending_approval');
    expect(planned.to_create).toBe(preview.to_create);
    expect(Number(planned.to_create)).toBeGreaterThan(5);
    const problems = planned.problems as { source_key: string; class: string; message: string }[];
    expect(problems.find((p) => p.source_key === `${CO}:POBADVEND`)?.message).toContain('NOSUCHVEND');
    expect(problems.find((p) => p.source_key === `${CO}:POBADLINE`)?.class).toBe('mapping');
    expect(syncedPos()).toBe(0);

    const approver = await connect(app, 'approver');
    const approved = await ok(approver, 'approve_change_set', {
      change_set_id: planned.change_set_id,
      digest: planned.digest,
      comment: 'open commitments checked',
    });
    expect(approved.status).toBe('executed');
    expect((approved.result as Record<string, unknown>).written).toBe(planned.to_create);
    expect(syncedPos()).toBe(Number(planned.to_create));
    expect(intacctPo('POBADVEND')).toBeUndefined();
    expect(intacctPo('POBADLINE')).toBeUndefined();

    const exceptions = await ok(approver, 'list_exceptions', { pipeline: 'po' });
    const keys = (exceptions.exceptions as { source_key: string }[]).map((e) => e.source_key);
    expect(keys).toEqual(expect.arrayContaining([`${CO}:POBADVEND`, `${CO}:POBADLINE`]));

    // Re-running writes nothing: every order is in Intacct and no Intacct status moved.
    const admin = await connect(app, 'admin');
    const rerun = await ok(admin, 'sync_purchase_orders', {});
    expect(['nothing_to_do', 'partial']).toContain(rerun.status);
    expect(rerun.planned).toBe(0);
    expect(syncedPos()).toBe(Number(planned.to_create));
  });

  it('brings Intacct receipts and closing back to Sage 300 (partial, full, closed) and then writes nothing more', async () => {
    const admin = await connect(app, 'admin');
    // An order with at least two open lines, released in Intacct: receive half of line 0, then the rest, then close another.
    const row = s300
      .prepare(
        'SELECT RTRIM(h.PONUMBER) AS n FROM POPORH1 h WHERE h.ISCOMPLETE = 0 AND h.ONHOLD = 0 AND (SELECT COUNT(*) FROM POPORL l WHERE l.PORHSEQ = h.PORHSEQ AND l.COMPLETION = 1) >= 2 ORDER BY h.PORHSEQ',
      )
      .all() as { n: string }[];
    const po = row.map((r) => r.n).find((n) => intacctPo(n)?.STATE === 'Pending');
    expect(po).toBeDefined();
    const doc = intacctPo(po!)!;
    const [first, second] = entries(doc);
    const before = sageLines(po!);
    const receiptsAtStart = sageHead(po!).RCPCOUNT;
    const half = Math.max(1, Math.floor(Number(first!.QUANTITY) / 2));
    await intacct({
      create_potransaction: {
        transactiontype: 'PO Receiver',
        datecreated: { year: '2026', month: '11', day: '20' },
        createdfrom: doc.DOCID,
        vendorid: doc.VENDORID,
        potransitems: { potransitem: [{ itemid: first!.ITEMID, quantity: String(half), sourcelinekey: '0' }] },
      },
    });
    expect(intacctPo(po!)?.STATE).toBe('Partially Converted');

    const partial = await ok(admin, 'sync_purchase_orders', {});
    // The two bad records stay in the exceptions queue, so each run reports 'partial'; this order is not among them.
    expect(partial.status).toBe('partial');
    expect(partial.status_writes).toBe(1);
    expect(partial.written).toBe(1);
    expect((partial.problems as { source_key: string }[]).map((p) => p.source_key)).not.toContain(`${CO}:${po}`);
    const afterPartial = sageLines(po!);
    expect(Number(afterPartial[0]!.OQRECEIVED)).toBe(Number(before[0]!.OQRECEIVED) + half);
    const seen = await readerView(po!);
    expect(seen.received[0]).toBe(Number(before[0]!.OQRECEIVED) + half);
    expect(seen.complete).toBe(false);
    expect(sageHead(po!)).toMatchObject({ ISCOMPLETE: 0, RCPCOUNT: receiptsAtStart + 1 });
    expect((await ok(admin, 'sync_purchase_orders', {})).planned).toBe(0);

    // Receive everything left on every line: Intacct says Converted, Sage 300 completes the PO by its receipts.
    const rest = entries(intacctPo(po!)!)
      .map((l) => ({ itemid: l.ITEMID, quantity: String(Number(l.QUANTITY) - Number(l.QTY_CONVERTED ?? 0)), sourcelinekey: l.LINE_NO }))
      .filter((l) => Number(l.quantity) > 0);
    expect(rest.length).toBeGreaterThanOrEqual(2);
    expect(second).toBeDefined();
    await intacct({
      create_potransaction: {
        transactiontype: 'PO Receiver',
        datecreated: { year: '2026', month: '11', day: '21' },
        createdfrom: doc.DOCID,
        vendorid: doc.VENDORID,
        potransitems: { potransitem: rest },
      },
    });
    expect(intacctPo(po!)?.STATE).toBe('Converted');
    const full = await ok(admin, 'sync_purchase_orders', {});
    expect(full.written).toBe(full.status_writes);
    expect(full.unknown).toBe(0);
    expect(sageHead(po!)).toMatchObject({ ISCOMPLETE: 1, RCPCOUNT: receiptsAtStart + 2 });
    for (const l of sageLines(po!)) expect(Number(l.OQOUTSTAND)).toBe(0);
    expect((await readerView(po!)).complete).toBe(true);

    // Close another open order in Intacct: Sage 300 completes it with nothing received.
    const other = row.map((r) => r.n).find((n) => n !== po && intacctPo(n)?.STATE === 'Pending')!;
    const receiptsBefore = sageHead(other).RCPCOUNT;
    await intacct({ update_potransaction: { '@_key': String(intacctPo(other)!.DOCID), state: 'Closed' } });
    const closed = await ok(admin, 'sync_purchase_orders', {});
    expect(closed.status_changes).toEqual([`${other} (Intacct Closed): complete`]);
    expect(sageHead(other)).toMatchObject({ ISCOMPLETE: 1, RCPCOUNT: receiptsBefore });
    expect((await readerView(other)).complete).toBe(true);

    // What was written back does not bounce: nothing further to write on either side.
    const again = await ok(admin, 'sync_purchase_orders', {});
    expect(again.planned).toBe(0);
    expect(again.to_create).toBe(0);
  });

  it('releases a Sage 300 hold when the Intacct draft is released', async () => {
    const admin = await connect(app, 'admin');
    const held = (
      s300.prepare('SELECT RTRIM(PONUMBER) AS n FROM POPORH1 WHERE ISCOMPLETE = 0 AND ONHOLD = 1 ORDER BY PORHSEQ').all() as { n: string }[]
    )
      .map((r) => r.n)
      .find((n) => intacctPo(n)?.STATE === 'Draft');
    expect(held).toBeDefined();
    await intacct({ update_potransaction: { '@_key': String(intacctPo(held!)!.DOCID), state: 'Pending' } });
    const released = await ok(admin, 'sync_purchase_orders', {});
    expect(released.status_changes).toEqual([`${held} (Intacct Pending): release from hold`]);
    expect(sageHead(held!).ONHOLD).toBe(0);
    expect((await readerView(held!)).onHold).toBe(false);
    expect((await ok(admin, 'sync_purchase_orders', {})).planned).toBe(0);
  });

  it('holds a new order in Sage 300 while Intacct waits for its approval, and releases it once approved', async () => {
    const admin = await connect(app, 'admin');
    // Intacct now needs approval for purchase orders; a new open Sage 300 order arrives.
    await intacct({ create: { PODOCUMENTPARAMS: { DOCID: 'Purchase Order', ENABLE_APPROVALS: 'true' } } });
    const good = s300
      .prepare(
        "SELECT RTRIM(PONUMBER) AS n FROM POPORH1 WHERE ISCOMPLETE = 0 AND ONHOLD = 0 AND RTRIM(VDCODE) IN ('V10001','V10002','V10003','V10005') ORDER BY PORHSEQ LIMIT 1",
      )
      .get() as { n: string };
    copyPo(good.n, 'POAPPROVE', 990003, {});
    const created = await ok(admin, 'sync_purchase_orders', {});
    expect(created.to_create).toBe(1);
    expect(intacctPo('POAPPROVE')?.STATE).toBe('Submitted');
    const held = await ok(admin, 'sync_purchase_orders', {});
    expect(held.status_changes).toEqual(['POAPPROVE (Intacct Submitted): put on hold']);
    expect((await readerView('POAPPROVE')).onHold).toBe(true);

    await intacct({ approve: { PODOCUMENT: { DOCID: String(intacctPo('POAPPROVE')!.DOCID), COMMENT: 'budget ok' } } });
    const released = await ok(admin, 'sync_purchase_orders', {});
    expect(released.status_changes).toEqual(['POAPPROVE (Intacct Pending): release from hold']);
    expect((await readerView('POAPPROVE')).onHold).toBe(false);
    expect((await ok(admin, 'sync_purchase_orders', {})).planned).toBe(0);
  });
  it('fails the status write-back clearly, naming the behaviour, when Sage 300 refuses PATCH on POPurchaseOrders', async () => {
    const admin = await connect(app, 'admin');
    const open = (
      s300.prepare('SELECT RTRIM(PONUMBER) AS n FROM POPORH1 WHERE ISCOMPLETE = 0 AND ONHOLD = 0 ORDER BY PORHSEQ').all() as { n: string }[]
    )
      .map((r) => r.n)
      .find((n) => intacctPo(n)?.STATE === 'Pending');
    expect(open).toBeDefined();
    await intacct({ update_potransaction: { '@_key': String(intacctPo(open!)!.DOCID), state: 'Closed' } });
    sandbox.sage300.setBehaviours({ poPatch: 'refused' });
    try {
      const refused = await ok(admin, 'sync_purchase_orders', {});
      expect(refused.written).toBe(0);
      expect(refused.status_changes).toEqual([`${open} (Intacct Closed): complete`]);
      expect(refused.message).toContain('1 rejected');
      expect(sageHead(open!).ISCOMPLETE).toBe(0);
    } finally {
      sandbox.sage300.setBehaviours({ poPatch: 'allowed' });
    }
    const exceptions = (await ok(admin, 'list_exceptions', { pipeline: 'po' })).exceptions as { source_key: string }[];
    const mine = exceptions.find((e) => e.source_key.includes(open!));
    expect(JSON.stringify(mine)).toContain('PATCH on POPurchaseOrders refused');
  });
});
