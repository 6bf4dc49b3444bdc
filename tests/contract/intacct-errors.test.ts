import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntacctClient, fn } from '../../src/connectors/intacct/index.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { companyConfigFor, must, startHarness, type Harness } from '../helpers/intacct.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  must(
    await h.client.create(
      'GLACCOUNT',
      { ACCOUNTNO: '6960', TITLE: 'Err test', ACCOUNTTYPE: 'incomestatement', NORMALBALANCE: 'debit' },
      { idempotencyKey: 'err:acct:6960' },
    ),
  );
  must(
    await h.client.create(
      'GLACCOUNT',
      { ACCOUNTNO: '1960', TITLE: 'Err clearing', ACCOUNTTYPE: 'balancesheet', NORMALBALANCE: 'debit' },
      { idempotencyKey: 'err:acct:1960' },
    ),
  );
});
afterAll(async () => {
  await h.close();
});

function entry(ref: string, debit: string, credit: string, debitAccount = '6960') {
  return {
    JOURNAL: 'GJ',
    BATCH_DATE: '04/10/2026',
    BATCH_TITLE: ref,
    REFERENCENO: ref,
    ENTRIES: {
      GLENTRY: [
        { ACCOUNTNO: debitAccount, TR_TYPE: '1', TRX_AMOUNT: debit },
        { ACCOUNTNO: '1960', TR_TYPE: '-1', TRX_AMOUNT: credit },
      ],
    },
  };
}

describe('Intacct errors are typed values and leave the emulator unchanged', () => {
  it('rejects an unbalanced entry as validation', async () => {
    const before = h.emulator.counts();
    const out = await h.client.create('GLBATCH', entry('UNBAL-1', '100.00', '99.99'), { idempotencyKey: 'err:unbal' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('validation');
    expect(out.error.errorno).toBeTruthy();
    expect(out.error.message.length).toBeGreaterThan(10);
    expect(h.emulator.counts()).toEqual(before);
  });

  it('rejects an unknown account as validation, naming the account', async () => {
    const before = h.emulator.counts();
    const out = await h.client.create('GLBATCH', entry('UNKNOWN-ACCT', '10.00', '10.00', '9999'), {
      idempotencyKey: 'err:unknown-account',
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('validation');
    expect(out.error.message).toContain('9999');
    expect(h.emulator.counts()).toEqual(before);
  });

  it('rejects a duplicate vendor id as duplicate', async () => {
    must(await h.client.create('VENDOR', { VENDORID: 'DUP-1', NAME: 'First' }, { idempotencyKey: 'err:dup:first' }));
    const before = h.emulator.counts();
    const out = await h.client.create('VENDOR', { VENDORID: 'DUP-1', NAME: 'Second' }, { idempotencyKey: 'err:dup:second' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('duplicate');
    expect(out.error.description2 ?? out.error.message).toMatch(/already exists/i);
    expect(h.emulator.counts()).toEqual(before);
  });

  it('reports bad user credentials as auth_failed without executing anything', async () => {
    const before = h.emulator.counts();
    const bad = createIntacctClient(companyConfigFor(h.emulator, { userPassword: 'wrong-password' }), { log: silentLogger() });
    const out = await bad.create('VENDOR', { VENDORID: 'NEVER-1', NAME: 'Never' }, { idempotencyKey: 'err:badcreds' });
    await bad.close();
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('auth_failed');
    expect(out.error.errorno).toBe('XL03000006');
    expect(out.error.message).not.toContain('wrong-password');
    expect(h.emulator.counts()).toEqual(before);
  });

  it('reports a bad sender as auth_failed', async () => {
    const bad = createIntacctClient(companyConfigFor(h.emulator, { senderPassword: 'nope' }), { log: silentLogger() });
    const out = await bad.read('VENDOR', ['1']);
    await bad.close();
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe('auth_failed');
  });

  it('re-authenticates transparently when the session expired, once', async () => {
    const client = createIntacctClient(companyConfigFor(h.emulator), { log: silentLogger() });
    must(await client.readAll('VENDOR', "VENDORID = 'DUP-1'"));
    h.emulator.expireSessions();
    const rows = must(await client.readAll('VENDOR', "VENDORID = 'DUP-1'"));
    expect(rows).toHaveLength(1);
    expect(client.stats().sessionsOpened).toBe(2);
    await client.close();
  });

  it('sends the same write twice with one idempotency key and makes one record', async () => {
    const before = h.emulator.counts().GLBATCH ?? 0;
    const opts = { idempotencyKey: 's300:SAMINC:batch-17:entry-3', readBack: { object: 'GLBATCH', query: "REFERENCENO = 'IDEMP-1'" } };
    const first = must(await h.client.create('GLBATCH', entry('IDEMP-1', '42.00', '42.00'), opts));
    const second = must(await h.client.create('GLBATCH', entry('IDEMP-1', '42.00', '42.00'), opts));
    expect(first.alreadyApplied).toBe(false);
    expect(second.alreadyApplied).toBe(true);
    expect(second.controlId).toBe(first.controlId);
    expect(second.record?.RECORDNO).toBe(first.recordNo);
    expect(h.emulator.counts().GLBATCH).toBe(before + 1);
  });

  it('rolls back a whole transaction when one function fails', async () => {
    const before = h.emulator.counts();
    const results = await h.client.execute(
      [
        fn.create('VENDOR', { VENDORID: 'TXN-1', NAME: 'In transaction' }, { idempotencyKey: 'txn:v1' }),
        fn.create('GLBATCH', entry('TXN-GOOD', '5.00', '5.00'), { idempotencyKey: 'txn:good' }),
        fn.create('GLBATCH', entry('TXN-BAD', '5.00', '4.00'), { idempotencyKey: 'txn:bad' }),
      ],
      { transaction: true },
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['transaction_aborted', 'transaction_aborted', 'validation']);
    expect(h.emulator.counts()).toEqual(before);
    // Nothing was recorded as executed, so the good functions can be sent again on their own.
    const retry = await h.client.execute(
      [fn.create('VENDOR', { VENDORID: 'TXN-1', NAME: 'In transaction' }, { idempotencyKey: 'txn:v1' })],
      { transaction: true },
    );
    expect(retry[0]!.ok && !retry[0]!.value.alreadyApplied).toBe(true);
  });
});
