import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { behavioursFromInputs } from './emulator-behaviours.ts';

const dir = mkdtempSync(join(tmpdir(), 'behaviour-switches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const failure = (input: Parameters<typeof behavioursFromInputs>[0]): string => {
  const out = behavioursFromInputs(input);
  if (out.ok) throw new Error('expected a refusal');
  return out.error;
};

describe('emulator behaviours from profile files and flags', () => {
  it('gives the defaults with no input, and flags win over the profile', () => {
    const none = behavioursFromInputs({});
    expect(none.ok && none.value.sage300.poPatch).toBe('refused');
    const path = file('p.yml', 'sage300:\n  poPatch: allowed\n  postingGapMs: 10\nintacct:\n  sessionTimeoutSec: 30\n');
    const out = behavioursFromInputs({ profilePath: path, flags: ['sage300.postingGapMs=20', 'intacct.stateFormat=codes'] });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.sage300).toMatchObject({ poPatch: 'allowed', postingGapMs: 20 });
    expect(out.value.intacct).toMatchObject({ sessionTimeoutSec: 30, stateFormat: 'codes' });
  });

  it('reads a flag value as text first, then as JSON, whichever the behaviour accepts', () => {
    const out = behavioursFromInputs({ flags: ['createStatus=204', 'postingHold=true', 'postingGapMs=0'], only: 'sage300' });
    expect(out.ok && out.value.sage300).toMatchObject({ createStatus: '204', postingHold: true, postingGapMs: 0 });
  });

  it('refuses unknown names, bad values, flags without =, unknown profile sections and unreadable files, naming each', () => {
    expect(failure({ flags: ['stateformat=codes'], only: 'intacct' })).toMatch(
      /unknown Intacct emulator behaviour 'stateformat'; known behaviours: stateFormat,/,
    );
    expect(failure({ flags: ['postingGapMs=-5'], only: 'sage300' })).toMatch(/Sage 300 emulator behaviour 'postingGapMs' cannot be -5/);
    expect(failure({ flags: ['poPatch'], only: 'sage300' })).toBe('--behaviour expects name=value, got "poPatch"');
    expect(failure({ flags: ['poPatch=allowed'] })).toMatch(/must name its emulator: intacct.NAME=VALUE or sage300.NAME=VALUE/);
    expect(failure({ profilePath: file('bad.json', '{"sage3000": {}}') })).toMatch(
      /unknown section 'sage3000'; known sections: intacct, sage300/,
    );
    expect(failure({ profilePath: file('bad2.json', '{"intacct": {"replayError": "silent"}}') })).toMatch(
      /behaviour 'replayError' cannot be "silent"/,
    );
    expect(failure({ profilePath: file('bad3.json', '{not json') })).toMatch(/bad3\.json/);
    expect(failure({ profilePath: join(dir, 'missing.yaml') })).toMatch(/missing\.yaml: ENOENT/);
  });
});
