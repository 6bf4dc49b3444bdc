/**
 * Purchase-order sync benchmark on a scaled demo company, in-process against the sandbox emulators (loopback, no
 * injected latency): (1) every open Sage 300 PO created in Intacct; (2) an Intacct user receives half of them in full
 * and closes a quarter (raw XML on the emulator's gateway, not timed); the status run writes receipts and completions
 * back to Sage 300; (3) a re-run that must write nothing. Reports wall time, requests on both sides and peak RSS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { poPipeline, type PoDeps } from '../../src/core/po/po-pipeline.ts';
import { executeChangeSet, planChangeSet } from '../../src/core/sync/engine.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { buildDemoMappings } from '../../src/sandbox/demo-data/demo-mappings.ts';
import { asList, buildRequestXml, parseResponseXml, postXml } from '../helpers/intacct-test-client.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';
import { wirePo, pickCompany } from '../helpers/standalone-wiring.ts';

interface Round {
  wallMs: number;
  planned: number;
  written: number;
  exceptions: number;
  intacctRequests: number;
  sageRequests: number;
}

/** One plan + self-confirmed approval + execution, measured by the emulators' own request counters. */
async function round(sandbox: Sandbox, deps: PoDeps, company: string): Promise<Round> {
  const i0 = sandbox.intacct.stats().requests;
  const s0 = sandbox.sage300.requestCount();
  const t0 = performance.now();
  const planned = await planChangeSet(poPipeline, deps, { company, principal: 'bench' });
  let written = 0;
  let planCount = 0;
  if (planned.kind === 'planned') {
    planCount = planned.preview.toCreate + planned.preview.statusWrites;
    const approved = deps.store.changeSets.approve(planned.changeSet.id, {
      by: 'bench',
      digest: planned.changeSet.digest,
      selfConfirmed: true,
      note: 'bench',
    });
    if (!approved.ok) throw new Error(approved.error.message);
    const ex = await executeChangeSet(poPipeline, deps, planned.changeSet.id, { principal: 'bench', runId: planned.runId });
    written = ex.written;
  }
  return {
    wallMs: Math.round(performance.now() - t0),
    planned: planCount,
    written,
    exceptions: planned.preview.exceptions,
    intacctRequests: sandbox.intacct.stats().requests - i0,
    sageRequests: sandbox.sage300.requestCount() - s0,
  };
}

/** What an Intacct user does between runs: receive every line of half the POs, close a quarter of them. */
async function actInIntacct(sandbox: Sandbox): Promise<{ received: number; closed: number }> {
  const rows = sandbox.intacct.db
    .prepare(
      "SELECT data FROM records WHERE object = 'PODOCUMENT' AND json_extract(data, '$.EXTERNALID') LIKE 'S300:%' AND json_extract(data, '$.STATE') = 'Pending' ORDER BY recordno",
    )
    .all() as { data: string }[];
  const docs = rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);
  const functions = docs
    .map((d, i) => {
      const lines = asList((d.PODOCUMENTENTRIES as { PODOCUMENTENTRY: Record<string, string>[] }).PODOCUMENTENTRY);
      if (i % 4 === 1) return { controlid: `close-${i}`, body: { update_potransaction: { '@_key': String(d.DOCID), state: 'Closed' } } };
      return {
        controlid: `recv-${i}`,
        body: {
          create_potransaction: {
            transactiontype: 'PO Receiver',
            datecreated: { year: '2026', month: '12', day: '01' },
            createdfrom: d.DOCID,
            vendorid: d.VENDORID,
            potransitems: { potransitem: lines.map((l) => ({ itemid: l.ITEMID, quantity: l.QUANTITY, sourcelinekey: l.LINE_NO })) },
          },
        },
      };
    })
    .filter((_, i) => i % 2 === 0 || i % 4 === 1);
  const c = sandbox.intacct.credentials;
  for (let i = 0; i < functions.length; i += 50) {
    const xml = buildRequestXml({
      senderId: c.senderId,
      senderPassword: c.senderPassword,
      auth: { login: { userid: c.userId, companyid: c.companyId, password: c.userPassword } },
      functions: functions.slice(i, i + 50),
    });
    const res = parseResponseXml((await postXml(sandbox.intacct.endpoint, xml)).text);
    const results = asList((asList(res.response.operation) as { result?: { status: string }[] }[])[0]?.result);
    const failed = results.filter((r) => r.status !== 'success');
    if (failed.length > 0) throw new Error(`Intacct refused ${failed.length} bench actions: ${JSON.stringify(failed[0]).slice(0, 300)}`);
  }
  return {
    received: functions.filter((f) => f.controlid.startsWith('recv')).length,
    closed: functions.filter((f) => f.controlid.startsWith('close')).length,
  };
}

/** Runs the PO benchmark at a demo scale. */
export async function benchPoSync(options: { scale: number }) {
  const root = mkdtempSync(join(tmpdir(), 'sb-po-bench-'));
  const sandbox = await startSandbox({ dataDir: join(root, 'data'), mappingsDir: DEMO_MAPPINGS_DIR, scale: options.scale });
  const mappingsDir = join(root, 'mappings');
  mkdirSync(mappingsDir);
  for (const [file, text] of Object.entries(buildDemoMappings(sandbox.prepared.intacctCompany, sandbox.prepared.truth.intacct)))
    writeFileSync(join(mappingsDir, file), text);
  const config = parseConfig({ ...sandbox.config, logLevel: 'silent', mappingsDir }, 'bench', {});
  const state = openStateStore(config);
  const company = pickCompany(config, undefined);
  const wired = wirePo(config, company, state.store, silentLogger());
  try {
    const create = await round(sandbox, wired.deps, company.key);
    const acted = await actInIntacct(sandbox);
    const status = await round(sandbox, wired.deps, company.key);
    const rerun = await round(sandbox, wired.deps, company.key);
    if (rerun.planned !== 0 || rerun.written !== 0) throw new Error(`PO re-run planned ${rerun.planned} and wrote ${rerun.written}`);
    const orders = (sandbox.sage300.db.prepare('SELECT COUNT(*) n FROM POPORH1').get() as { n: number }).n;
    return {
      name: 'po_sync',
      scale: options.scale,
      orders,
      create,
      intacctActions: acted,
      status,
      rerun,
      ordersCreatedPerSecond: Math.round((create.written / Math.max(1, create.wallMs)) * 1000),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await wired.close();
    state.close();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
