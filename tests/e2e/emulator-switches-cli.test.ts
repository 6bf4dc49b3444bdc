/** The three ways to set emulator switches from the command line: --behaviour flags, --profile files, both. */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/spawn-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sb-switches-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const adminOf = (url: string) => `${new URL(url).origin}/_emulator/behaviours`;
const behavioursAt = async (url: string) => (await (await fetch(adminOf(url))).json()) as Record<string, unknown>;

describe('emulator switches from the command line', () => {
  it('emulate intacct: a YAML profile, then --behaviour flags over it', async () => {
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, 'intacct:\n  stateFormat: codes\n  maxFunctionsPerRequest: 20\nsage300:\n  poPatch: allowed\n');
    const { child, firstLine } = await startCli([
      'emulate',
      'intacct',
      '--port',
      '0',
      '--json',
      '--profile',
      profile,
      '--behaviour',
      'maxFunctionsPerRequest=5',
      '--session-timeout',
      '90',
    ]);
    try {
      const ready = JSON.parse(firstLine) as { endpoint: string };
      expect(await behavioursAt(ready.endpoint)).toEqual({
        stateFormat: 'codes',
        replayError: 'already-executed',
        periodClosedError: 'period-closed',
        booksClosedPreference: 'reported',
        sessionTimeoutSec: 90,
        arPaymentWithoutItems: 'credit',
        missingRate: 'reject',
        rateTypeWithRate: 'rate-wins',
        baseRounding: 'half-up',
        arPaymentCurrency: 'must-match',
        maxFunctionsPerRequest: 5,
        apPaymentBankAccount: 'required',
      });
    } finally {
      await stop(child);
    }
  });

  it('emulate sage300: a JSON profile and flags, values read as the schema wants them', async () => {
    const profile = join(dir, 'profile.json');
    writeFileSync(profile, JSON.stringify({ sage300: { createStatus: '204', postingRun: 'two-steps' } }));
    const { child, firstLine } = await startCli([
      'emulate',
      'sage300',
      '--port',
      '0',
      '--json',
      '--db',
      join(dir, 'SAMINC.db'),
      '--profile',
      profile,
      '--behaviour',
      'postingGapMs=250',
      '--behaviour',
      'postingHold=true',
      '--behaviour',
      'createStatus=200',
    ]);
    try {
      const ready = JSON.parse(firstLine) as { baseUrl: string };
      expect(await behavioursAt(ready.baseUrl)).toMatchObject({
        createStatus: '200',
        postingRun: 'two-steps',
        postingGapMs: 250,
        postingHold: true,
        poPatch: 'refused',
      });
    } finally {
      await stop(child);
    }
  });

  it.each([
    [['emulate', 'sage300', '--behaviour', 'poPatch=sometimes'], 'behaviour \'poPatch\' cannot be "sometimes"'],
    [['sandbox', '--data', join(dir, 'never'), '--behaviour', 'poPatch=allowed'], 'must name its emulator'],
  ])('refuses %j with one usage line naming the problem', async (args, text) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(text);
  });

  it('sandbox: prefixed flags reach each emulator', async () => {
    const { child, firstLine } = await startCli([
      'sandbox',
      '--data',
      join(dir, 'sandbox'),
      '--json',
      '--behaviour',
      'intacct.periodClosedError=closed-accounting-period',
      '--behaviour',
      'sage300.nextLink=all-options',
    ]);
    try {
      const ready = JSON.parse(firstLine) as { intacct: { endpoint: string }; sage300: { baseUrl: string } };
      expect((await behavioursAt(ready.intacct.endpoint)).periodClosedError).toBe('closed-accounting-period');
      expect((await behavioursAt(ready.sage300.baseUrl)).nextLink).toBe('all-options');
    } finally {
      await stop(child);
    }
  });
});
