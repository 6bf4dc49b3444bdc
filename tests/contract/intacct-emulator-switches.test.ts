/**
 * Every Intacct emulator switch in both positions, with the product client over real HTTP: the client either
 * handles both positions or fails with an error that names the behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntacctClient, createIntacctPreviewReads, createIntacctTrialBalanceTarget, fn } from '../../src/connectors/intacct/index.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import type { IntacctBehaviours } from '../../src/sandbox/intacct-emulator/behaviours.ts';
import { companyConfigFor, must, startHarness, type Harness } from '../helpers/intacct.ts';
import { asList, buildRequestXml, parseResponseXml, postXml } from '../helpers/intacct-test-client.ts';

let h: Harness;
// The emulator's clock, starting at the client's (real) one so both agree until a test moves it on.
let t = Math.floor(Date.now() / 1000) * 1000; // whole seconds, as the gateway's stamps
let seq = 0;

beforeAll(async () => {
  h = await startHarness({ now: () => new Date(t) });
  for (const [no, type] of [
    ['6961', 'incomestatement'],
    ['1961', 'balancesheet'],
  ] as const)
    must(
      await h.client.create(
        'GLACCOUNT',
        { ACCOUNTNO: no, TITLE: `Switch ${no}`, ACCOUNTTYPE: type, NORMALBALANCE: 'debit' },
        { idempotencyKey: `sw:acct:${no}` },
      ),
    );
});
afterAll(async () => {
  await h.close();
});

function entry(ref: string, date = '04/10/2026', state = 'Posted') {
  return {
    JOURNAL: 'GJ',
    BATCH_DATE: date,
    BATCH_TITLE: ref,
    REFERENCENO: ref,
    STATE: state,
    ENTRIES: {
      GLENTRY: [
        { ACCOUNTNO: '6961', TR_TYPE: '1', TRX_AMOUNT: '12.50' },
        { ACCOUNTNO: '1961', TR_TYPE: '-1', TRX_AMOUNT: '12.50' },
      ],
    },
  };
}

async function withBehaviour<T>(patch: Partial<IntacctBehaviours>, work: () => Promise<T>): Promise<T> {
  const before = h.emulator.behaviours();
  h.emulator.setBehaviours(patch);
  try {
    return await work();
  } finally {
    h.emulator.setBehaviours(before);
  }
}

describe('Intacct emulator switches', () => {
  it('starts in the documented or previously documented positions', () => {
    expect(h.emulator.behaviours()).toEqual({
      stateFormat: 'words',
      replayError: 'already-executed',
      periodClosedError: 'period-closed',
      booksClosedPreference: 'reported',
      sessionTimeoutSec: 3600,
      arPaymentWithoutItems: 'credit',
      missingRate: 'reject',
      rateTypeWithRate: 'rate-wins',
      baseRounding: 'half-up',
      arPaymentCurrency: 'must-match',
      maxFunctionsPerRequest: 0,
      apPaymentBankAccount: 'required',
    });
  });

  it.each(['words', 'codes'] as const)('stateFormat=%s: the reconciliation reads only posted lines either way', async (stateFormat) => {
    const ref = `SW-STATE-${stateFormat}`;
    must(await h.client.create('GLBATCH', entry(ref, '05/11/2026'), { idempotencyKey: `sw:state:${stateFormat}:posted` }));
    must(await h.client.create('GLBATCH', entry(`${ref}-D`, '05/11/2026', 'Draft'), { idempotencyKey: `sw:state:${stateFormat}:draft` }));
    await withBehaviour({ stateFormat }, async () => {
      const raw = must(await h.client.readAll('GLBATCH', `REFERENCENO = '${ref}'`, { fields: ['STATE'] }));
      expect(raw[0]!.STATE).toBe(stateFormat === 'words' ? 'Posted' : 'P');
      // A query on the word matches nothing when the gateway speaks codes: why the client filters after reading.
      const byWord = must(await h.client.readAll('GLBATCH', `REFERENCENO = '${ref}' AND STATE = 'Posted'`));
      expect(byWord).toHaveLength(stateFormat === 'words' ? 1 : 0);
      const target = createIntacctTrialBalanceTarget(h.client);
      const lines = await target.lines('2026-05-11', '2026-05-11');
      const batches = await target.batches('2026-05-11', '2026-05-11');
      const mine = batches.filter((b) => b.reference.startsWith(ref));
      expect(mine.map((b) => b.state).sort()).toEqual(['Draft', 'Posted']);
      const posted = mine.find((b) => b.state === 'Posted')!;
      const draft = mine.find((b) => b.state === 'Draft')!;
      expect(lines.filter((l) => l.batchRecordNo === posted.recordNo)).toHaveLength(2);
      expect(lines.filter((l) => l.batchRecordNo === draft.recordNo)).toHaveLength(0);
    });
  });

  it.each(['already-executed', 'duplicate-control-id'] as const)(
    'replayError=%s: a resent write is recognised as already applied, not as a duplicate',
    async (replayError) => {
      await withBehaviour({ replayError }, async () => {
        const key = `sw:replay:${replayError}`;
        const first = must(await h.client.create('GLBATCH', entry(`SW-REPLAY-${replayError}`), { idempotencyKey: key }));
        expect(first.alreadyApplied).toBe(false);
        const before = h.emulator.counts();
        const again = must(await h.client.create('GLBATCH', entry(`SW-REPLAY-${replayError}`), { idempotencyKey: key }));
        expect(again.alreadyApplied).toBe(true);
        expect(h.emulator.counts()).toEqual(before);
      });
    },
  );

  it.each(['period-closed', 'closed-accounting-period'] as const)(
    'periodClosedError=%s: a posting into a closed period is period_closed',
    async (periodClosedError) => {
      h.emulator.closePeriod('2026-02');
      await withBehaviour({ periodClosedError }, async () => {
        const out = await h.client.create('GLBATCH', entry(`SW-CLOSED-${periodClosedError}`, '02/10/2026'), {
          idempotencyKey: `sw:closed:${periodClosedError}`,
        });
        expect(out.ok).toBe(false);
        if (out.ok) return;
        expect(out.error.code).toBe('period_closed');
        expect(out.error.message).toMatch(periodClosedError === 'period-closed' ? /Period closed/ : /closed accounting period/);
      });
    },
  );

  it.each([3600, 60])(
    'sessionTimeoutSec=%i: the session slides by that much and the client logs in again after it',
    async (sessionTimeoutSec) => {
      await withBehaviour({ sessionTimeoutSec }, async () => {
        const client = createIntacctClient(companyConfigFor(h.emulator), { log: silentLogger() });
        try {
          must(await client.readAll('GLJOURNAL', ''));
          const opened = client.stats().sessionsOpened;
          const c = h.emulator.credentials;
          const answer = await postXml(
            h.emulator.endpoint,
            buildRequestXml({
              senderId: c.senderId,
              senderPassword: c.senderPassword,
              auth: { login: { userid: c.userId, companyid: c.companyId, password: c.userPassword } },
              functions: [{ controlid: `c${++seq}`, body: { readByQuery: { object: 'GLJOURNAL', query: '' } } }],
            }),
          );
          const operation = asList(parseResponseXml(answer.text).response.operation)[0];
          const timeout = String(operation.authentication.sessiontimeout);
          expect(Date.parse(timeout) - t).toBe(sessionTimeoutSec * 1000);
          t += 120_000; // two minutes later: inside the default duration, past the short one
          must(await client.readAll('GLJOURNAL', ''));
          expect(client.stats().sessionsOpened - opened).toBe(sessionTimeoutSec === 60 ? 1 : 0);
        } finally {
          await client.close();
        }
      });
    },
  );

  it.each([0, 10])(
    'maxFunctionsPerRequest=%i: over the cap the request fails naming functionsPerRequest; under it, it runs',
    async (cap) => {
      await withBehaviour({ maxFunctionsPerRequest: cap }, async () => {
        const reads = Array.from({ length: 12 }, () => fn.readByQuery('GLJOURNAL', '', { pageSize: 1 }));
        const wide = await h.client.execute(reads);
        if (cap === 0) expect(wide.every((r) => r.ok)).toBe(true);
        else {
          expect(wide.every((r) => !r.ok)).toBe(true);
          const first = wide[0]!;
          expect(!first.ok && first.error.message).toMatch(
            /12; the gateway allows 10 per request\): set functionsPerRequest .* to 10 or less/,
          );
        }
        const narrow = createIntacctClient(companyConfigFor(h.emulator, { functionsPerRequest: 10 }), { log: silentLogger() });
        try {
          const split = await narrow.execute(reads);
          expect(split.every((r) => r.ok)).toBe(true);
        } finally {
          await narrow.close();
        }
      });
    },
  );

  it('booksClosedPreference=reported: the books-closed date the client reads is the one the journal-entry rule enforces', async () => {
    const read = await createIntacctPreviewReads(h.client).booksClosed();
    expect(read).toMatchObject({ known: true, closedThrough: '2025-12-31' });
    const onTheDay = await h.client.create('GLBATCH', entry('SW-BOOKS-ON', '12/31/2025'), { idempotencyKey: 'sw:books:on' });
    expect(onTheDay.ok ? 'posted' : onTheDay.error.code).toBe('period_closed');
    must(await h.client.create('GLBATCH', entry('SW-BOOKS-AFTER', '01/01/2026'), { idempotencyKey: 'sw:books:after' }));
  });

  it('booksClosedPreference=absent: the client reports the status unknown, naming the preference it looked for', async () => {
    await withBehaviour({ booksClosedPreference: 'absent' }, async () => {
      const read = await createIntacctPreviewReads(h.client).booksClosed();
      expect(read.known).toBe(false);
      expect(read.known ? '' : read.reason).toMatch(/BOOKSCLOSEDTHROUGH/);
    });
  });

  it('is switched at run time by POST /_emulator/behaviours, which refuses unknown names and bad values', async () => {
    const admin = new URL('/_emulator/behaviours', h.emulator.endpoint).href;
    const post = (body: unknown) =>
      fetch(admin, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const set = await post({ stateFormat: 'codes' });
    expect(set.status).toBe(200);
    expect(((await set.json()) as IntacctBehaviours).stateFormat).toBe('codes');
    expect(h.emulator.behaviours().stateFormat).toBe('codes');
    const unknown = await post({ stateFormats: 'codes' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(
      /unknown Intacct emulator behaviour 'stateFormats'; known behaviours: stateFormat,/,
    );
    const bad = await post({ maxFunctionsPerRequest: -1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/behaviour 'maxFunctionsPerRequest' cannot be -1/);
    expect(h.emulator.behaviours().maxFunctionsPerRequest).toBe(0);
    expect((await post({ stateFormat: 'words' })).status).toBe(200);
    expect(((await (await fetch(admin)).json()) as IntacctBehaviours).stateFormat).toBe('words');
  });
});
