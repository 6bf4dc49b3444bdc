import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

/** Runs the CLI in-process, capturing what it writes. */
async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('the commander program', () => {
  it.each([
    [['sync', 'gl', '--bogus'], "unknown option '--bogus'"],
    [['frob'], "unknown command 'frob'"],
    [['reconcile'], '--period'],
    [['approvals', 'approve'], "missing required argument 'id'"],
    [['emulate', 'intacct', '--port', 'http'], '--port expects a whole number'],
  ])('turns %j into exit 2 and one stderr line naming the problem', async (argv, message) => {
    const { code, err, out } = await run(argv);
    expect(code).toBe(2);
    expect(err.join('\n').trim().split('\n')).toHaveLength(1);
    expect(err[0]).toContain(message);
    expect(out).toEqual([]);
  });

  it('prints the help of a group run without a subcommand, exit 2', async () => {
    const { code, err } = await run(['approvals']);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/^Usage: sagebridge approvals/);
  });

  it('lists every runnable command by its full words in the main help, with the exit-code table', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    const help = out.join('\n');
    for (const words of ['serve', 'approvals approve', 'sync gl', 'sync customers', 'exceptions retry', 'audit export', 'emulate sage300'])
      expect(help).toContain(`  ${words} `);
    expect(help).toMatch(/^ {2}7 {2}rate limited$/m);
  });

  it('prints the version, exit 0', async () => {
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+/)]);
  });
});
