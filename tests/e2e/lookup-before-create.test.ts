import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { runCli } from '../helpers/spawn-cli.ts';

/**
 * Issue 14 item 3: a lost or replaced state store never posts twice. Everything runs through the CLI (a governed
 * transport) against the sandbox's emulators over real HTTP; the Intacct side is counted in the emulator's own store.
 */
let sandbox: Sandbox;
let dir: string;

/** The write commands of the document and master-data pipelines, in the order a first sync needs them. */
const SYNCS: readonly (readonly string[])[] = [
  ['sync', 'vendors'],
  ['sync', 'customers'],
  ['sync', 'ap', '--period', '2026-01'],
  ['sync', 'ar', '--period', '2026-02'],
  ['sync', 'po'],
  ['sync', 'projects'],
  ['sync', 'gl', '--period', '2026-03'],
];

/** A configuration over the sandbox with its own state directory; `admin` makes the CLI operator an admin. */
function config(name: string, glState: 'Posted' | 'Draft', admin = false): string {
  const path = join(dir, `${name}${admin ? '-admin' : ''}.json`);
  const base = sandbox.config as unknown as { sage300: { companies: Record<string, unknown>[] }; principals: Record<string, unknown>[] };
  const companies = base.sage300.companies.map((c) => ({ ...c, gl: { ...(c.gl as object), state: glState } }));
  const ops = { name: 'ops', roles: ['admin'], tokenSha256: 'a'.repeat(64) };
  writeFileSync(
    path,
    JSON.stringify({
      ...sandbox.config,
      logLevel: 'silent',
      stateDir: join(dir, name),
      sage300: { ...base.sage300, companies },
      ...(admin ? { principals: [...base.principals, ops], operator: 'ops' } : {}),
    }),
  );
  return path;
}

/** Records per object in the Intacct emulator. */
function intacctRecords(): Record<string, number> {
  const rows = sandbox.intacct.db.prepare('SELECT object, COUNT(*) n FROM records GROUP BY object').all() as {
    object: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.object, r.n]));
}

async function sync(cfg: string, args: readonly string[]): Promise<Record<string, unknown>> {
  const run = await runCli(['--config', cfg, ...args, '--yes', '--json']);
  if (run.code !== 0 && run.code !== 3) throw new Error(`${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-lookup-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  const first = config('state-first', 'Posted');
  for (const args of SYNCS) await sync(first, args);
}, 240_000);
afterAll(async () => {
  await sandbox.stop();
});

describe('lookup before create: a fresh state directory and a changed gl.state', () => {
  it('creates nothing in Intacct on a re-run and counts what it found already there', async () => {
    const before = intacctRecords();
    expect(before.GLBATCH ?? 0).toBeGreaterThan(0);
    const fresh = config('state-fresh', 'Draft');
    const found: Record<string, number> = {};
    for (const args of SYNCS) {
      const out = await sync(fresh, args);
      found[args[1]!] = typeof out.found_in_intacct === 'number' ? out.found_in_intacct : -1;
      expect(out.written ?? 0, args.join(' ')).toBe(0);
    }
    expect(intacctRecords()).toEqual(before);
    for (const pipeline of ['gl', 'ap', 'ar', 'po']) expect(found[pipeline], pipeline).toBeGreaterThan(0);
    // The found records are cross-referenced now: the next run finds nothing new and skips them all.
    const again = await sync(fresh, ['sync', 'gl', '--period', '2026-03']);
    expect(again).toMatchObject({ written: 0, found_in_intacct: 0, planned: 0 });
    expect(again.skipped).toBe(found.gl);
  }, 240_000);

  it('a dry run on a fresh state directory counts the entries already in Intacct and records nothing', async () => {
    const cfg = config('state-dry', 'Draft');
    const dry = await runCli(['--config', cfg, 'sync', 'gl', '--period', '2026-03', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout) as { planned: number; found_in_intacct: number };
    expect(preview.planned).toBe(0);
    expect(preview.found_in_intacct).toBeGreaterThan(0);
    const text = await runCli(['--config', cfg, 'sync', 'gl', '--period', '2026-03', '--dry-run']);
    expect(text.stdout).toContain(`${preview.found_in_intacct} found already in Intacct`);
    const again = await runCli(['--config', cfg, 'sync', 'gl', '--period', '2026-03', '--dry-run', '--json']);
    expect((JSON.parse(again.stdout) as { found_in_intacct: number }).found_in_intacct).toBe(preview.found_in_intacct);
  }, 120_000);
});

describe('sagebridge state rebuild', () => {
  it('is refused to a non-admin operator, audited, and writes nothing', async () => {
    const cfg = config('state-refused', 'Posted');
    const run = await runCli(['--config', cfg, 'state', 'rebuild', '--json']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/forbidden/);
    const audit = new Database(join(dir, 'state-refused', 'audit.db'), { readonly: true });
    const last = audit.prepare('SELECT principal, action, outcome FROM audit_events ORDER BY seq DESC LIMIT 1').get();
    audit.close();
    expect(last).toMatchObject({ principal: 'analyst', action: 'rebuild_state', outcome: 'error:forbidden' });
  }, 60_000);

  it('recovers the cross-references of a fresh state directory, after which a normal run writes nothing', async () => {
    const before = intacctRecords();
    const cfg = config('state-rebuilt', 'Draft', true);
    const run = await runCli(['--config', cfg, 'state', 'rebuild', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      recovered: number;
      counts: { pipeline: string; object: string; recovered: number; in_intacct: number }[];
    };
    const by = (object: string) => report.counts.find((c) => c.object === object);
    for (const object of ['GLBATCH', 'APBILL', 'ARINVOICE', 'ARPYMT', 'PODOCUMENT']) {
      expect(by(object)?.recovered, object).toBeGreaterThan(0);
      expect(by(object)?.recovered, object).toBe(by(object)?.in_intacct);
    }
    expect(intacctRecords()).toEqual(before);
    // Rebuilt: every run (as the analyst, on the rebuilt state) is a no-op: nothing written, nothing left to find in
    // Intacct (the rebuild linked it all), and Intacct is unchanged. (The demo's planted traps are still rejected.)
    const analyst = config('state-rebuilt', 'Draft');
    for (const args of SYNCS) {
      const out = await sync(analyst, args);
      expect(out.written ?? 0, `${args.join(' ')}: ${JSON.stringify(out)}`).toBe(0);
      // Vendors and customers are not in the rebuild: they pair by id on their sync (counted there as found).
      if (!['vendors', 'customers'].includes(args[1]!)) expect(out.found_in_intacct, args.join(' ')).toBe(0);
    }
    expect(intacctRecords()).toEqual(before);
    // The rebuild is an audited tool call of the operator.
    const audit = new Database(join(dir, 'state-rebuilt', 'audit.db'), { readonly: true });
    const calls = audit
      .prepare("SELECT principal, outcome FROM audit_events WHERE action = 'rebuild_state' AND outcome <> 'started'")
      .all();
    audit.close();
    expect(calls).toEqual([{ principal: 'ops', outcome: 'ok' }]);
  }, 240_000);
});
