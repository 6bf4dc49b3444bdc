import { describe, expect, it } from 'vitest';
import { policyFromJson, policyToJson, strictestPolicy, type ResolvedPolicy } from './approval-policy.ts';

const required: ResolvedPolicy = { mode: 'required', source: 'approvals.defaults.agent' };
const confirm: ResolvedPolicy = { mode: 'confirm', source: 'approvals.defaults.analyst' };
const autoAny: ResolvedPolicy = { mode: 'auto', source: 'approvals.defaults.admin' };
const auto100: ResolvedPolicy = { mode: 'auto', maxAmount: '100.00', source: 'a' };
const auto50: ResolvedPolicy = { mode: 'auto', maxAmount: '50', source: 'b' };

describe('strictestPolicy', () => {
  it('keeps the stricter mode whichever order the requests came in', () => {
    expect(strictestPolicy(required, confirm)).toBe(required);
    expect(strictestPolicy(confirm, required)).toBe(required);
    expect(strictestPolicy(autoAny, confirm)).toBe(confirm);
  });

  it('takes the caller’s policy when none is bound yet', () => {
    expect(strictestPolicy(undefined, autoAny)).toBe(autoAny);
  });

  it('prefers a threshold to none and the lower threshold of two', () => {
    expect(strictestPolicy(autoAny, auto100)).toBe(auto100);
    expect(strictestPolicy(auto50, auto100)).toBe(auto50);
    expect(strictestPolicy(auto100, auto50)).toBe(auto50);
  });
});

describe('stored policies', () => {
  it('round-trips through JSON', () => {
    expect(policyFromJson(policyToJson(auto100))).toEqual(auto100);
    expect(policyFromJson(null)).toBeUndefined();
  });

  it('reads an unreadable stored policy as required (fail closed)', () => {
    expect(policyFromJson({ mode: 'whatever' })?.mode).toBe('required');
  });
});
