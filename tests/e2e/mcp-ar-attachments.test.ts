/**
 * Attachment references on AR invoices (issue 16) through the MCP tools, planned by an agent and executed by an
 * approver, against both sandbox emulators over real HTTP: the doc-trap taxed invoice's ARIBHO references become an
 * Intacct attachment record that the invoice names in create_invoice `supdocid`; the record holds the references and
 * no file, so a file the integration user cannot read (a file-server path, a file locked on this machine) is never
 * copied. Fails on the code before: the invoice was sent without `supdocid` and no record was made.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { asList, emulatorCall } from '../helpers/intacct-test-client.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { insertRow } from '../../src/sandbox/sage300-db/schema.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;
let agent: Client;
let approver: Client;
/** A file on this machine that only its owner may read, referenced by the invoice: its content must never reach Intacct. */
let lockedFile: string;
const SECRET = 'CONTENT-OF-A-LOCKED-SCAN-7f3a';

type Rec = Record<string, unknown>;
const invoice = () => sandbox.prepared.truth.sage300.docTraps.invoiceWithAttachments;
const records = (object: string, where: string, ...args: unknown[]): Rec[] =>
  (sandbox.intacct.db.prepare(`SELECT data FROM records WHERE object = ? AND ${where}`).all(object, ...args) as { data: string }[]).map(
    (r) => JSON.parse(r.data) as Rec,
  );
const functionsSent = (name: string): number => sandbox.intacct.stats().byFunction[name] ?? 0;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  // A third reference, added in Sage 300 as its users would (another ATTACH… optional field of the same entry).
  lockedFile = join(started.dir, 'locked-scan.pdf');
  writeFileSync(lockedFile, SECRET);
  chmodSync(lockedFile, 0o000);
  const entry = sandbox.sage300.db
    .prepare('SELECT CNTBTCH AS b, CNTITEM AS i FROM ARIBH WHERE RTRIM(IDINVC) = ?')
    .get(invoice().documentNumber) as { b: number; i: number };
  insertRow(sandbox.sage300.db, 'ARIBHO', { CNTBTCH: entry.b, CNTITEM: entry.i, OPTFIELD: 'ATTACHSCAN', VALUE: lockedFile, TYPE: 1 });
  const config = testConfig(sandbox, started.dir, {
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'auto' }, tools: {} },
    rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
  });
  app = testApp(config);
  agent = await connect(app, 'agent');
  approver = await connect(app, 'approver');
}, 60_000);
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

/** One function on the Intacct emulator's gateway, as any Intacct client sends it; the result element. */
const intacctCall = (body: Record<string, unknown>): Promise<Rec> => emulatorCall(sandbox.intacct, body);

describe('attachment references on AR invoices over MCP, with an approval', () => {
  it('names an Intacct attachment record holding the references on the invoice, copying no file', async () => {
    const inv = invoice();
    const references = [...inv.references, lockedFile];
    const planned = await ok(agent, 'sync_ar', { period: '2026-03' });
    expect(planned.status).toBe('pending_approval');
    // The approver sees the references in the exact payload before approving.
    const cs = await ok(approver, 'get_change_set', { change_set_id: planned.change_set_id, items_limit: 500 });
    const item = (cs.items as { source_key: string; payload: Rec }[]).find((i) => i.source_key.endsWith(`:${inv.documentNumber}`));
    const supdoc = item?.payload.SAGE300_SUPDOC as Rec | undefined;
    expect(item?.payload.supdocid).toBe(supdoc?.supdocid);
    expect(String(supdoc?.supdocid)).toMatch(/^S3AR[0-9A-F]{16}$/);
    for (const ref of references) expect(supdoc?.supdocdescription).toContain(ref);

    const approved = await ok(approver, 'approve_change_set', { change_set_id: planned.change_set_id, digest: planned.digest });
    expect(approved.status).toBe('executed');
    const [created] = records('ARINVOICE', "json_extract(data, '$.RECORDID') = ?", inv.documentNumber);
    expect(created?.CUSTOMERID).toBe(inv.customerId);
    expect(created?.SUPDOCID).toBe(supdoc?.supdocid);
    expect(created?.SAGE300_SUPDOC).toBeUndefined();
    const [attachment] = records('SUPDOC', "json_extract(data, '$.SUPDOCID') = ?", created!.SUPDOCID);
    expect(attachment?.FOLDERNAME).toBe('Sage 300');
    expect(attachment?.SUPDOCNAME).toBe(`Sage 300 AR ${inv.customerId} ${inv.documentNumber}`);
    for (const ref of references) expect(attachment?.DESCRIPTION).toContain(ref);
    // References only: no file in the record, and the locked file's content is nowhere in Intacct.
    expect(asList((attachment?.FILES as { FILE?: Rec[] } | undefined)?.FILE ?? [])).toEqual([]);
    const everything = (sandbox.intacct.db.prepare('SELECT data FROM records').all() as { data: string }[]).map((r) => r.data).join('\n');
    expect(everything).not.toContain(SECRET);
    // Only the invoice with references got a record; every other invoice of the period names none.
    expect(functionsSent('create_supdoc')).toBe(1);
    expect(records('SUPDOC', '1=1')).toHaveLength(1);
    expect(records('ARINVOICE', "json_extract(data, '$.SUPDOCID') IS NOT NULL")).toHaveLength(1);
    expect(records('ARINVOICE', '1=1').length).toBeGreaterThan(5);
  });

  it('plans nothing more on a re-run, and Intacct refuses an invoice naming an attachment record that does not exist', async () => {
    const again = await ok(agent, 'sync_ar', { period: '2026-03', dry_run: true });
    expect(again.invoices_planned).toBe(0);
    expect(functionsSent('create_supdoc')).toBe(1);
    const refused = await intacctCall({
      create_invoice: {
        customerid: invoice().customerId,
        datecreated: { year: '2026', month: '03', day: '16' },
        supdocid: 'NO-SUCH-SUPDOC',
        invoiceitems: { lineitem: { glaccountno: '4000', amount: '1.00' } },
      },
    });
    expect(refused.status).toBe('failure');
    expect(JSON.stringify(refused.errormessage)).toContain('supdocid');
  });
});
