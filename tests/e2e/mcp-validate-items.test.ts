/**
 * validate_mappings checks items.csv (issue 16) through MCP against both sandbox emulators over real HTTP: the item
 * of the demo company's trap PO, which no items.csv row maps, is listed with its order and the row to add; an
 * items.csv row whose Intacct ITEMID Intacct does not hold is named by file and line with its fix. Both fail on the
 * code before, which never looked at items.csv.
 */
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

interface Finding {
  code: string;
  file: string | null;
  line: number | null;
  subject: string;
  message: string;
  fix: string;
}

let sandbox: Sandbox;
let dir: string;
const apps: App[] = [];

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
}, 60_000);
afterAll(async () => {
  for (const app of apps) await app.close();
  await sandbox.stop();
});

async function validate(overrides: Record<string, unknown> = {}): Promise<{ ok: boolean; errors: Finding[]; warnings: Finding[] }> {
  const app = testApp(testConfig(sandbox, dir, overrides));
  apps.push(app);
  return (await ok(await connect(app, 'analyst'), 'validate_mappings', { as_of: '2026-06-30' })) as unknown as {
    ok: boolean;
    errors: Finding[];
    warnings: Finding[];
  };
}

const itemFindings = (entries: readonly Finding[]) => entries.filter((e) => e.code.startsWith('item_'));

describe('validate_mappings over MCP: items.csv against Intacct items and open purchase orders', () => {
  it('lists the item an open PO orders with no items.csv row, naming the order and the row to add; every mapped item exists', async () => {
    const { item, poNumber } = sandbox.prepared.truth.sage300.docTraps.unmappedItemPo;
    const report = await validate();
    expect(report.ok).toBe(false);
    expect(itemFindings(report.errors).map((e) => [e.code, e.file, e.subject])).toEqual([['item_unmapped', 'items.csv', item]]);
    const [finding] = itemFindings(report.errors);
    expect(finding?.message).toContain(`${poNumber} line 1`);
    expect(finding?.fix).toBe(`add the row "${item},<Intacct ITEMID>," to items.csv`);
    expect(itemFindings(report.warnings)).toEqual([]);
  });

  it('names the items.csv line whose Intacct ITEMID does not exist in Intacct, with the fix', async () => {
    const { item } = sandbox.prepared.truth.sage300.docTraps.unmappedItemPo;
    const mappings = join(dir, 'mappings-items');
    cpSync(DEMO_MAPPINGS_DIR, mappings, { recursive: true });
    const file = join(mappings, 'items.csv');
    const text = readFileSync(file, 'utf8');
    const line = text.trimEnd().split('\n').length + 1;
    appendFileSync(file, `${text.endsWith('\n') ? '' : '\n'}${item},NEW-CHAIR,not created in Intacct yet\n`);
    const report = await validate({ mappingsDir: mappings });
    expect(itemFindings(report.errors).map((e) => [e.code, e.file, e.line, e.subject])).toEqual([
      ['item_target_missing', 'items.csv', line, 'NEW-CHAIR'],
    ]);
    expect(itemFindings(report.errors)[0]?.fix).toBe(`correct intacct_item_id on line ${line} or create item NEW-CHAIR in Intacct`);
  });
});
