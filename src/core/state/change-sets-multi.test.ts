import { describe, expect, it } from 'vitest';
import { item, setup } from './state.test-support.ts';

function twoApproverSet(store: ReturnType<typeof setup>['store']) {
  const runId = store.runs.startRun({ pipeline: 'vendors', company: 'A', params: {}, principal: 'agent' });
  const created = store.changeSets.create({
    runId,
    pipeline: 'vendors',
    company: 'A',
    createdBy: 'agent',
    summary: {},
    items: [item(1)],
    approvalsRequired: 2,
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.changeSet;
}

describe('change sets needing several approvers', () => {
  it('default to one approval (existing behaviour)', () => {
    const { store } = setup();
    const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
    const created = store.changeSets.create({ runId, pipeline: 'gl', company: 'A', createdBy: 'agent', summary: {}, items: [item(2)] });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.changeSet).toMatchObject({ approvalsRequired: 1, approvals: [] });
    expect(
      store.changeSets.approve(created.value.changeSet.id, { by: 'controller', digest: created.value.changeSet.digest }),
    ).toMatchObject({ ok: true, value: { status: 'approved' } });
  });

  it('stay planned after the first approval, refuse the same approver twice and the requester, approve at the second', () => {
    const { store } = setup();
    const cs = twoApproverSet(store);
    expect(store.changeSets.approve(cs.id, { by: 'agent', digest: cs.digest, selfConfirmed: true })).toMatchObject({
      ok: false,
      error: { code: 'self_approval' },
    });
    const first = store.changeSets.approve(cs.id, { by: 'alice', digest: cs.digest });
    expect(first).toMatchObject({ ok: true, value: { status: 'planned', approvals: [{ by: 'alice' }] } });
    expect(store.outbox.get(item(1).idempotencyKey)?.state).toBe('planned');
    expect(store.changeSets.approve(cs.id, { by: 'alice', digest: cs.digest })).toMatchObject({
      ok: false,
      error: { code: 'already_approved' },
    });
    const second = store.changeSets.approve(cs.id, { by: 'bob', digest: cs.digest });
    expect(second).toMatchObject({ ok: true, value: { status: 'approved', approvedBy: 'bob' } });
    expect(store.changeSets.get(cs.id)?.approvals.map((a) => a.by)).toEqual(['alice', 'bob']);
    expect(store.outbox.get(item(1).idempotencyKey)?.state).toBe('approved');
  });
});
