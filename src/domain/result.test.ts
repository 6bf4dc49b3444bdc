import { describe, expect, it } from 'vitest';
import { fail as mappingFail, ok as mappingOk, type Outcome } from '../core/mapping/outcome.ts';
import { fail as stateFail, ok as stateOk, type StateResult } from '../core/state/state-result.ts';
import { err, ok, type Result } from './result.ts';

function half(n: number): Result<number, { code: 'odd' }> {
  return n % 2 === 0 ? ok(n / 2) : err({ code: 'odd' });
}

describe('Result', () => {
  it('carries the value of a success and the typed error of a failure', () => {
    const good = half(8);
    const bad = half(7);
    expect(good.ok && good.value).toBe(4);
    expect(!bad.ok && bad.error.code).toBe('odd');
  });

  it('is the same shape under the mapping name Outcome, so its values cross freely', () => {
    const fromMapping: Outcome<number, { code: 'odd' }> = half(3);
    expect(fromMapping).toEqual(mappingFail({ code: 'odd' }));
    expect(mappingOk('x')).toEqual(ok('x'));
  });

  it('is the same shape under the state name StateResult, whose error carries a code and a message', () => {
    const found: StateResult<string> = stateOk('row');
    const missing: StateResult<string> = stateFail('not_found', 'change set 9 does not exist');
    expect(found).toEqual(ok('row'));
    expect(missing).toEqual(err({ code: 'not_found', message: 'change set 9 does not exist' }));
  });
});
