import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/spawn-cli.ts';

describe('the CLI checks tool names in the configuration against the registry', () => {
  it('exits 2 naming every misspelt tool, its path and the closest tool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-tools-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        stateDir: join(dir, 'state'),
        principals: [{ name: 'operator', roles: ['admin'] }],
        approvals: { tools: { post_journal_entry: { admin: 'auto' } } },
        rateLimits: { tools: { reconcile_trial_balances: { calls: 5 } } },
      }),
    );
    const run = await runCli(['--config', bad, 'approvals', 'list']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(
      'approvals.tools.post_journal_entry: "post_journal_entry" is not a tool; did you mean "post_journal_entries"?',
    );
    expect(run.stderr).toContain(
      'rateLimits.tools.reconcile_trial_balances: "reconcile_trial_balances" is not a tool; did you mean "reconcile_trial_balance"?',
    );
  });
});
