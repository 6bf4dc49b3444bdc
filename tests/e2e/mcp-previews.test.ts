import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir, {
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
  });
  app = testApp(config);
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

interface Preview {
  would_create: number;
  would_update: number;
  would_skip: number;
  totals: { by: string; id: string; name: string; currency: string; debit?: string; credit?: string }[];
  exceptions: { source_key: string; class: string; message: string; fix: string }[];
  closed_periods: {
    status: string;
    closed_through: string | null;
    will_be_rejected: number;
    periods: { period: string; items: number; fix: string }[];
  };
}

const textOf = (r: CallToolResult): string => (r.content[0] as { text: string }).text;
const previewOf = (r: CallToolResult): Preview => (r.structuredContent as { preview: Preview }).preview;

async function agentCall(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const r = await call(await connect(app, 'agent'), name, args);
  if (r.isError) throw new Error(`${name} failed: ${textOf(r)}`);
  return r;
}

describe('previews that tell the truth', () => {
  it('a GL dry run totals per account, department, location and currency with their Intacct names, in the text too', async () => {
    const r = await agentCall('post_journal_entries', { period: '2026-03', dry_run: true });
    const p = previewOf(r);
    const planned = (r.structuredContent as { planned: number }).planned;
    expect(p.would_create).toBe(planned);
    expect(planned).toBeGreaterThan(0);
    const accounts = p.totals.filter((t) => t.by === 'account');
    expect(accounts.length).toBeGreaterThan(5);
    // Every account the demo chart knows is named by its Intacct title (read from Intacct, not from the mapping files).
    const titles = new Map(
      (
        sandbox.intacct.db.prepare("SELECT id, json_extract(data, '$.TITLE') title FROM records WHERE object = 'GLACCOUNT'").all() as {
          id: string;
          title: string;
        }[]
      ).map((a) => [a.id, a.title]),
    );
    for (const a of accounts) expect(a.name).toBe(titles.get(a.id));
    expect(accounts.every((a) => a.name !== '')).toBe(true);
    const departments = p.totals.filter((t) => t.by === 'department');
    const locations = p.totals.filter((t) => t.by === 'location');
    expect(departments.length).toBeGreaterThan(0);
    expect(locations.length).toBeGreaterThan(0);
    expect(departments.every((d) => d.name !== '' && d.name !== d.id)).toBe(true);
    // The home currency and the two foreign currencies of the demo's multi-currency entries (sage300-fx.ts).
    expect(
      p.totals
        .filter((t) => t.by === 'currency')
        .map((t) => t.id)
        .sort(),
    ).toEqual(['CAD', 'EUR', 'USD']);
    const text = textOf(r);
    const first = accounts[0]!;
    expect(text).toContain(`${first.id} ${first.name} ${first.currency}: Dr ${first.debit} / Cr ${first.credit}`);
    expect(text).toMatch(/By department: .*Administration/);
    expect(text).toMatch(/By location: /);
  });

  it('names the vendors and customers of AP and AR previews, and lists the writes it would send', async () => {
    const vendorNames = new Map(
      (
        sandbox.intacct.db.prepare("SELECT id, json_extract(data, '$.NAME') name FROM records WHERE object = 'VENDOR'").all() as {
          id: string;
          name: string;
        }[]
      ).map((v) => [v.id, v.name]),
    );
    const ap = await agentCall('replicate_ap_invoices', { period: '2026-02', dry_run: true });
    const vendors = (ap.structuredContent as { totals_by_vendor: { vendor: string; name: string }[] }).totals_by_vendor;
    expect(vendors.length).toBeGreaterThan(3);
    for (const v of vendors) expect(v.name).toBe(vendorNames.get(v.vendor));
    expect(
      previewOf(ap)
        .totals.filter((t) => t.by === 'vendor')
        .map((t) => t.name),
    ).toEqual(vendors.map((v) => v.name));
    expect(textOf(ap)).toContain(`${vendors[0]!.vendor} ${vendors[0]!.name} USD:`);
    const planned = (ap.structuredContent as { planned: number }).planned;
    const items = (ap.structuredContent as { preview: { items: { object: string }[]; items_total: number } }).preview;
    expect(items.items_total).toBe(planned);
    expect(items.items.length).toBe(planned);
    expect(new Set(items.items.map((i) => i.object))).toEqual(new Set(['APBILL']));

    const ar = await agentCall('sync_ar', { period: '2026-02', dry_run: true });
    const customers = (ar.structuredContent as { totals_by_customer: { customer: string; name: string }[] }).totals_by_customer;
    expect(customers.length).toBeGreaterThan(3);
    expect(customers.every((c) => c.name !== '')).toBe(true);
    expect(
      previewOf(ar)
        .totals.filter((t) => t.by === 'customer')
        .map((t) => t.name),
    ).toEqual(customers.map((c) => c.name));
  });

  it('lists every exception with its fix, in the structured problems, the structured preview and the text', async () => {
    const r = await agentCall('post_journal_entries', { period: '2026-03', dry_run: true });
    const problems = (r.structuredContent as { problems: { fix: string; message: string }[] }).problems;
    expect(problems.length).toBe(3);
    for (const p of problems) expect(p.fix).toMatch(/accounts\.csv/);
    expect(previewOf(r).exceptions.map((e) => e.fix)).toEqual(problems.map((p) => p.fix));
    expect(textOf(r)).toContain(`(fix: ${problems[0]!.fix})`);
  });

  it('shows the journal entries of a closed Intacct period as rejected before approval', async () => {
    const r = await agentCall('post_journal_entries', { period: '2026-01', dry_run: true });
    const p = previewOf(r);
    expect(p.closed_periods.status).toBe('checked');
    expect(p.closed_periods.closed_through).toBe('2026-01-31');
    expect(p.closed_periods.will_be_rejected).toBe(p.would_create);
    expect(p.closed_periods.periods.map((c) => c.period)).toEqual(['2026-01']);
    expect(p.closed_periods.periods[0]!.fix).toMatch(/reopen 2026-01/);
    expect(textOf(r)).toContain(
      `Will be rejected: period closed (Intacct books closed through 2026-01-31), ${p.would_create} journal entries`,
    );
    // An open period has nothing to reject.
    const open = previewOf(await agentCall('post_journal_entries', { period: '2026-03', dry_run: true }));
    expect(open.closed_periods).toMatchObject({ status: 'checked', will_be_rejected: 0, periods: [] });
  });

  it('previews the 2 project-tagging entries of closed 2026-01 before approval, and get_change_set says so', async () => {
    const planned = await agentCall('sync_projects', {});
    const out = planned.structuredContent as { status: string; change_set_id: number };
    expect(out.status).toBe('pending_approval');
    const p = previewOf(planned);
    expect(p.closed_periods.will_be_rejected).toBe(2);
    expect(p.closed_periods.periods).toMatchObject([{ period: '2026-01', items: 2 }]);
    expect(textOf(planned)).toContain('Will be rejected: period closed');
    // Every purchase-order vendor total is named from Intacct.
    const po = previewOf(await agentCall('sync_purchase_orders', { dry_run: true }));
    const poVendors = po.totals.filter((t) => t.by === 'vendor');
    expect(poVendors.length).toBeGreaterThan(0);
    expect(poVendors.every((t) => t.name !== '' && t.name !== t.id)).toBe(true);
    // Every project total is named (the Intacct NAME the plan writes) and in its contract's currency.
    const projects = p.totals.filter((t) => t.by === 'project');
    expect(projects.length).toBeGreaterThan(0);
    expect(projects.every((t) => t.name !== '' && t.name !== t.id && /^[A-Z]{3}$/.test(t.currency))).toBe(true);
    expect(textOf(planned)).toContain(`${projects[0]!.id} ${projects[0]!.name}`);

    const got = await call(await connect(app, 'approver'), 'get_change_set', { change_set_id: out.change_set_id, items_limit: 0 });
    const closed = (got.structuredContent as { closed_periods: Preview['closed_periods'] }).closed_periods;
    expect(closed).toMatchObject({ status: 'checked', closed_through: '2026-01-31', will_be_rejected: 2 });
    expect(textOf(got)).toMatch(/Will be rejected: period closed .*2 journal entries/);
    expect(textOf(got)).toContain('2026-01: 2 journal entries');
  });

  it('says the closed periods are not known when Intacct does not report its books-closed date (switch absent)', async () => {
    sandbox.intacct.setBehaviours({ booksClosedPreference: 'absent' });
    try {
      const r = await agentCall('post_journal_entries', { period: '2026-01', dry_run: true });
      expect(previewOf(r).closed_periods).toMatchObject({ status: 'unknown', closed_through: null, will_be_rejected: 0 });
      expect(textOf(r)).toContain('Closed Intacct periods: not known before sending');
    } finally {
      sandbox.intacct.setBehaviours({ booksClosedPreference: 'reported' });
    }
  });

  it('the CLI dry run prints what would be created, with the named totals and closed periods', async () => {
    const configPath = join(mkdtempSync(join(dir, 'cli-')), 'config.json');
    writeFileSync(configPath, JSON.stringify({ ...sandbox.config, logLevel: 'silent', stateDir: join(dir, 'cli-state') }));
    const run = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-01', '--dry-run']);
    expect(run.code).toBe(0);
    const created = /create (\d+) journal entries in Sage Intacct/.exec(run.stdout);
    expect(Number(created?.[1])).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^ {2}1000 Cash USD: Dr /m);
    expect(run.stdout).toContain(
      `Will be rejected: period closed (Intacct books closed through 2026-01-31), ${created?.[1]} journal entries`,
    );
    const json = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-01', '--dry-run', '--json']);
    expect((JSON.parse(json.stdout) as { preview: Preview }).preview.would_create).toBe(Number(created?.[1]));
  });
});
