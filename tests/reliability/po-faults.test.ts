/**
 * The PO pipeline against misbehaving systems: Intacct commits a create and never answers, 5xx answers; the Sage 300
 * Web API commits a receipt and never answers. Every purchase order lands once in Intacct and every receipt once in
 * Sage 300, resolved by read-back; a re-run writes nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { poPipeline, type PoDeps, type PoExecution } from '../../src/core/po/po-pipeline.ts';
import { executeChangeSet, planChangeSet } from '../../src/core/sync/engine.ts';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { asList, buildRequestXml, parseResponseXml, postXml } from '../helpers/intacct-test-client.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';
import { wirePo, pickCompany } from '../helpers/standalone-wiring.ts';

let sandbox: Sandbox;
let config: Config;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-po-faults-'));
  // The PO status write-back needs PATCH on PO/POPurchaseOrders, off by default (not in the endpoint reference).
  sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    mappingsDir: DEMO_MAPPINGS_DIR,
    behaviours: { sage300: { poPatch: 'allowed' } },
  });
  const base = sandbox.config as {
    intacct: { companies: Record<string, unknown>[] };
    sage300: { companies: (Record<string, unknown> & { webApi: Record<string, unknown> })[] };
  };
  const intacct = {
    companies: [
      { ...base.intacct.companies[0], timeoutMs: 1500, functionsPerRequest: 5, retry: { maxRetries: 6, baseDelayMs: 5, maxDelayMs: 50 } },
    ],
  };
  const s = base.sage300.companies[0]!;
  const sage300 = { companies: [{ ...s, webApi: { ...s.webApi, timeoutMs: 1500 } }] };
  config = parseConfig({ ...sandbox.config, logLevel: 'silent', intacct, sage300 }, 'test', {});
});
afterAll(async () => {
  await sandbox.stop();
});

async function syncOnce(deps: PoDeps): Promise<{ planned: number; ex: PoExecution | null }> {
  const company = pickCompany(config, undefined).key;
  deps.store.outbox.recoverInFlight();
  const planned = await planChangeSet(poPipeline, deps, { company, principal: 'analyst' });
  if (planned.kind !== 'planned') return { planned: 0, ex: null };
  const approved = deps.store.changeSets.approve(planned.changeSet.id, {
    by: 'analyst',
    digest: planned.changeSet.digest,
    selfConfirmed: true,
  });
  if (!approved.ok) throw new Error(approved.error.message);
  const ex = await executeChangeSet(poPipeline, deps, planned.changeSet.id, { principal: 'analyst', runId: planned.runId });
  return { planned: planned.preview.toCreate + planned.preview.statusWrites, ex };
}

const ours = (): Record<string, unknown>[] =>
  (
    sandbox.intacct.db
      .prepare(
        "SELECT data FROM records WHERE object = 'PODOCUMENT' AND json_extract(data, '$.EXTERNALID') LIKE 'S300:%' ORDER BY recordno",
      )
      .all() as { data: string }[]
  ).map((r) => JSON.parse(r.data) as Record<string, unknown>);

describe('PO sync under faults', () => {
  it('creates each order once and posts each receipt once when responses are lost', async () => {
    const state = openStateStore(config);
    const wired = wirePo(config, pickCompany(config, undefined), state.store, silentLogger());
    try {
      sandbox.intacct.setFaults({ hangAfterCommit: 1, error5xxRate: 0.1 });
      const first = await syncOnce(wired.deps);
      sandbox.intacct.setFaults({ hangAfterCommit: 0, error5xxRate: 0 });
      expect(first.ex?.unknown).toBe(0);
      expect((first.ex?.written ?? 0) + (first.ex?.alreadyApplied ?? 0)).toBe(first.planned);
      expect(first.ex?.alreadyApplied).toBeGreaterThan(0);
      const docs = ours();
      expect(docs.length).toBe(first.planned);
      expect(new Set(docs.map((d) => d.EXTERNALID)).size).toBe(docs.length);

      // An Intacct user receives two orders in full; the first Sage 300 receipt commits but its answer is lost.
      const received = docs.filter((d) => d.STATE === 'Pending').slice(0, 2);
      const c = sandbox.intacct.credentials;
      const functions = received.map((d, i) => ({
        controlid: `rcv-${i}`,
        body: {
          create_potransaction: {
            transactiontype: 'PO Receiver',
            datecreated: { year: '2026', month: '12', day: '01' },
            createdfrom: d.DOCID,
            vendorid: d.VENDORID,
            potransitems: {
              potransitem: asList((d.PODOCUMENTENTRIES as { PODOCUMENTENTRY: Record<string, string>[] }).PODOCUMENTENTRY).map((l) => ({
                itemid: l.ITEMID,
                quantity: l.QUANTITY,
                sourcelinekey: l.LINE_NO,
              })),
            },
          },
        },
      }));
      const xml = buildRequestXml({
        senderId: c.senderId,
        senderPassword: c.senderPassword,
        auth: { login: { userid: c.userId, companyid: c.companyId, password: c.userPassword } },
        functions,
      });
      const res = parseResponseXml((await postXml(sandbox.intacct.endpoint, xml)).text);
      expect((asList(res.response.operation)[0] as { result: { status: string }[] }).result.map((r) => r.status)).toEqual([
        'success',
        'success',
      ]);
      const receiptsBefore = (sandbox.sage300.db.prepare('SELECT COUNT(*) n FROM PORCPH1').get() as { n: number }).n;

      sandbox.sage300.setFaults({ hangAfterWrite: 1 });
      const status = await syncOnce(wired.deps);
      expect(status.planned).toBe(2);
      expect(status.ex?.unknown).toBe(0);
      expect((status.ex?.written ?? 0) + (status.ex?.alreadyApplied ?? 0)).toBe(2);
      expect(status.ex?.alreadyApplied).toBe(1); // the receipt whose answer was lost, found by its Reference
      expect((sandbox.sage300.db.prepare('SELECT COUNT(*) n FROM PORCPH1').get() as { n: number }).n).toBe(receiptsBefore + 2);
      for (const d of received) {
        const po = String(d.EXTERNALID).split(':').pop();
        expect(sandbox.sage300.db.prepare('SELECT ISCOMPLETE FROM POPORH1 WHERE RTRIM(PONUMBER) = ?').get(po)).toEqual({ ISCOMPLETE: 1 });
      }

      const rerun = await syncOnce(wired.deps);
      expect(rerun.planned).toBe(0);
      expect(ours().length).toBe(first.planned);
    } finally {
      await wired.close();
      state.close();
    }
  }, 60_000);
});
