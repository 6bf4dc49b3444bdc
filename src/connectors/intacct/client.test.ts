import { afterEach, describe, expect, it } from 'vitest';
import type { IntacctCompanyConfig } from '../../platform/config.ts';
import { silentLogger } from '../../platform/logger.ts';
import { createIntacctClient, type IntacctClient } from './client.ts';
import {
  authFailureResponse,
  createResult,
  failureResult,
  okResponse,
  readByQueryResult,
  sessionResponse,
  startFakeGateway,
  type FakeGateway,
  type ReceivedRequest,
} from './fake-gateway.test-support.ts';
import { fn } from './functions.ts';

const SECRET_USER_PW = 'user-pw-SECRET';

function config(endpoint: string, overrides: Partial<IntacctCompanyConfig> = {}): IntacctCompanyConfig {
  return {
    key: 'acme',
    endpoint,
    senderId: 'sb-sender',
    senderPassword: 'sender-pw-SECRET',
    companyId: 'sb-co',
    userId: 'sb-user',
    userPassword: SECRET_USER_PW,
    maxConcurrent: 2,
    minTimeMs: 0,
    functionsPerRequest: 50,
    timeoutMs: 2000,
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5, budgetInitial: 20, budgetRatio: 0.2 },
    ...overrides,
  };
}

const fastClock = { now: () => Date.now(), sleep: () => Promise.resolve() };

/** Replies to getAPISession with a session bound to a distinct path, and to everything else via `answer`. */
type Answer = string | { status?: number; body?: string; delayMs?: number; destroy?: boolean };
function gateway(answer: (req: ReceivedRequest, index: number) => Answer | Promise<Answer>) {
  let sessions = 0;
  return async () => {
    const gw: FakeGateway = await startFakeGateway(async (req, i) => {
      if (req.functions[0] === 'getAPISession') {
        sessions++;
        return { body: sessionResponse(`SESS-${sessions}`, gw.url.replace('xmlgw.phtml', 'session-gw.phtml'), req.controlIds[0]) };
      }
      const a = await answer(req, i);
      return typeof a === 'string' ? { body: a } : a;
    });
    return gw;
  };
}

/** Success results for every function of a request: creates get RECORDNOs, reads get one row. */
function echoResults(req: ReceivedRequest): string {
  return okResponse(
    req.controlIds.map((id, k) =>
      req.functions[k] === 'create'
        ? createResult(id, 'VENDOR', String(100 + k))
        : readByQueryResult(id, 'VENDOR', [{ RECORDNO: '1' }], { totalcount: 1, numremaining: 0, resultId: '' }),
    ),
  );
}

let gw: FakeGateway | undefined;
let client: IntacctClient | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  client = undefined;
  gw = undefined;
});

describe('sessions', () => {
  it('logs in once with getAPISession alone, then uses the session at the returned endpoint', async () => {
    gw = await gateway(echoResults)();
    client = createIntacctClient(config(gw.url, { entityId: 'E1' }), { log: silentLogger(), clock: fastClock });
    const out = await client.create('VENDOR', { VENDORID: 'V1' }, { idempotencyKey: 'v1' });
    expect(out.ok).toBe(true);
    const [login, call] = gw.requests;
    expect(login!.functions).toEqual(['getAPISession']);
    expect(login!.body).toContain(
      '<login><userid>sb-user</userid><companyid>sb-co</companyid><password>user-pw-SECRET</password><locationid>E1</locationid></login>',
    );
    expect(login!.uniqueId).toBe('false');
    expect(call!.url).toBe('/ia/xml/session-gw.phtml');
    expect(call!.sessionId).toBe('SESS-1');
    expect(call!.body).not.toContain('user-pw-SECRET');
    expect(client.stats().sessionsOpened).toBe(1);
  });

  it('shares one getAPISession among concurrent callers', async () => {
    gw = await gateway(echoResults)();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const c = client;
    const outs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => c.create('VENDOR', { VENDORID: `V${i}` }, { idempotencyKey: `k${i}` })),
    );
    expect(outs.every((o) => o.ok)).toBe(true);
    expect(gw.requests.filter((r) => r.functions[0] === 'getAPISession')).toHaveLength(1);
  });

  it('re-logs in once and resends when the session is refused', async () => {
    let refused = false;
    gw = await gateway((req) => {
      if (req.sessionId === 'SESS-1' && !refused) {
        refused = true;
        return authFailureResponse('XL03000006', 'Invalid session');
      }
      return echoResults(req);
    })();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const out = await client.create('VENDOR', { VENDORID: 'V1' }, { idempotencyKey: 'v1' });
    expect(out.ok).toBe(true);
    expect(gw.requests.map((r) => (r.functions[0] === 'getAPISession' ? 'login' : r.sessionId))).toEqual([
      'login',
      'SESS-1',
      'login',
      'SESS-2',
    ]);
    expect(gw.requests[1]!.controlIds).toEqual(gw.requests[3]!.controlIds);
    expect(client.stats().sessionsOpened).toBe(2);
  });

  it('reports session_expired when a fresh session is refused too, without looping', async () => {
    gw = await gateway(() => authFailureResponse('XL03000006', 'Invalid session'))();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const out = await client.read('VENDOR', ['1']);
    expect(!out.ok && out.error.code).toBe('session_expired');
    expect(gw.requests).toHaveLength(4);
  });

  it('reports a bad login as auth_failed without leaking the password', async () => {
    gw = await startFakeGateway(() => ({
      body: authFailureResponse('XL03000006', `Sign-in information is incorrect for ${SECRET_USER_PW}`),
    }));
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const out = await client.create('VENDOR', { VENDORID: 'V1' }, { idempotencyKey: 'v1' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject({ code: 'auth_failed', errorno: 'XL03000006' });
    expect(JSON.stringify(out.error)).not.toContain(SECRET_USER_PW);
    expect(gw.requests).toHaveLength(1);
  });

  it('authenticates every request with login in login mode', async () => {
    gw = await startFakeGateway((req) => ({ body: echoResults(req) }));
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock, auth: 'login' });
    expect((await client.read('VENDOR', ['1'])).ok).toBe(true);
    expect(gw.requests).toHaveLength(1);
    expect(gw.requests[0]!.sessionId).toBeUndefined();
    expect(client.stats().sessionsOpened).toBe(0);
  });
});

describe('execute', () => {
  it('packs functions per request, keeps input order and marks write requests uniqueid=true', async () => {
    gw = await gateway(echoResults)();
    client = createIntacctClient(config(gw.url, { functionsPerRequest: 50 }), { log: silentLogger(), clock: fastClock });
    const writes = Array.from({ length: 120 }, (_, i) => fn.create('VENDOR', { VENDORID: `V${i}` }, { idempotencyKey: `k${i}` }));
    const results = await client.execute(writes);
    const calls = gw.requests.filter((r) => r.functions[0] !== 'getAPISession');
    expect(calls.map((r) => r.functions.length).sort((a, b) => a - b)).toEqual([20, 50, 50]);
    expect(calls.every((r) => r.uniqueId === 'true' && r.transaction === 'false')).toBe(true);
    expect(results.map((r) => r.ok && r.value.controlId)).toEqual(writes.map((w) => w.controlId));

    const reads = await client.execute([fn.readByQuery('VENDOR', '')]);
    expect(reads[0]!.ok).toBe(true);
    expect(gw.requests.at(-1)!.uniqueId).toBe('false');
  });

  it('refuses a transaction larger than one request without sending anything', async () => {
    gw = await gateway(echoResults)();
    client = createIntacctClient(config(gw.url, { functionsPerRequest: 2 }), { log: silentLogger(), clock: fastClock });
    const fns = Array.from({ length: 3 }, (_, i) => fn.create('VENDOR', { VENDORID: `V${i}` }, { idempotencyKey: `t${i}` }));
    const results = await client.execute(fns, { transaction: true });
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(['validation', 'validation', 'validation']);
    expect(gw.requests).toHaveLength(0);
  });

  it('maps per-function failures: duplicate, validation, transaction_aborted', async () => {
    gw = await gateway((req) =>
      okResponse([
        failureResult(
          req.controlIds[0]!,
          'create',
          'XL03000009',
          'The entire transaction in this operation has been rolled back due to an error.',
          'aborted',
        ),
        failureResult(req.controlIds[1]!, 'create', 'BL34000061', 'Another Vendor with the given value(s) V1 already exists'),
        failureResult(req.controlIds[2]!, 'create', 'BL01001973', 'Debits and credits do not balance'),
      ]),
    )();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const fns = ['a', 'b', 'c'].map((k) => fn.create('VENDOR', { VENDORID: k }, { idempotencyKey: k }));
    const results = await client.execute(fns, { transaction: true });
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(['transaction_aborted', 'duplicate', 'validation']);
    expect(results.map((r) => !r.ok && r.error.controlId)).toEqual(fns.map((f) => f.controlId));
    expect(gw.requests.at(-1)!.transaction).toBe('true');
  });

  it('keeps requests within maxConcurrent', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    gw = await startFakeGateway(async (req) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return req.functions[0] === 'getAPISession' ? { body: sessionResponse('S', gw!.url, req.controlIds[0]) } : { body: echoResults(req) };
    });
    client = createIntacctClient(config(gw.url, { maxConcurrent: 2, functionsPerRequest: 1 }), { log: silentLogger(), clock: fastClock });
    await client.execute(Array.from({ length: 8 }, () => fn.readByQuery('VENDOR', '')));
    expect(maxInFlight).toBe(2);
  });
});

describe('writes and unknown outcomes', () => {
  const replay = (id: string) => failureResult(id, 'create', 'XL03000010', 'A function with this control ID has already been executed.');

  it('reports a replayed write as alreadyApplied and reads the record back', async () => {
    gw = await gateway((req) => {
      if (req.functions[0] === 'create') return okResponse([replay(req.controlIds[0]!)]);
      return okResponse([
        readByQueryResult(req.controlIds[0]!, 'VENDOR', [{ RECORDNO: '77', VENDORID: 'V1' }], {
          totalcount: 1,
          numremaining: 0,
          resultId: '',
        }),
      ]);
    })();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const out = await client.create('VENDOR', { VENDORID: 'V1', NAME: 'x' }, { idempotencyKey: 'v1' });
    expect(out.ok && out.value).toMatchObject({ alreadyApplied: true, recordNo: '77', record: { VENDORID: 'V1' } });
    expect(gw.requests.at(-1)!.body).toContain('<query>VENDORID = &apos;V1&apos;</query>');
  });

  it('reports a replay with no way to read back as alreadyApplied without a record', async () => {
    gw = await gateway((req) => okResponse([replay(req.controlIds[0]!)]))();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const out = await client.create('GLBATCH', { JOURNAL: 'GJ' }, { idempotencyKey: 'je' });
    expect(out.ok && out.value.alreadyApplied).toBe(true);
    expect(out.ok && out.value.record).toBeUndefined();
    expect(gw.requests.filter((r) => r.functions[0] === 'readByQuery')).toHaveLength(0);
  });

  it('returns unknown_outcome for a write that times out, sends it once, and resolves it by same-controlid resend', async () => {
    let writes = 0;
    gw = await gateway((req) => {
      if (req.functions[0] === 'create') {
        writes++;
        return writes === 1 ? { delayMs: 500, body: echoResults(req) } : okResponse([replay(req.controlIds[0]!)]);
      }
      return okResponse([
        readByQueryResult(req.controlIds[0]!, 'VENDOR', [{ RECORDNO: '9', VENDORID: 'H1' }], {
          totalcount: 1,
          numremaining: 0,
          resultId: '',
        }),
      ]);
    })();
    client = createIntacctClient(config(gw.url, { timeoutMs: 150 }), { log: silentLogger(), clock: fastClock });
    const write = fn.create('VENDOR', { VENDORID: 'H1' }, { idempotencyKey: 'hang' });
    const [out] = await client.execute([write, fn.readByQuery('VENDOR', '')].slice(0, 1));
    expect(!out!.ok && out!.error).toMatchObject({ code: 'unknown_outcome', controlId: write.controlId });
    await new Promise((r) => setTimeout(r, 50));
    expect(gw.requests.filter((r) => r.functions[0] === 'create')).toHaveLength(1);

    const resolved = await client.resolveUnknown(write);
    expect(resolved.ok && resolved.value).toMatchObject({ alreadyApplied: true, recordNo: '9', controlId: write.controlId });
    const creates = gw.requests.filter((r) => r.functions[0] === 'create');
    expect(creates[1]!.controlIds).toEqual([write.controlId]);
    expect(creates[1]!.uniqueId).toBe('true');
  });

  it('returns the legacy key of create_invoice', async () => {
    gw = await gateway((req) =>
      okResponse([
        `<result><status>success</status><function>create_invoice</function><controlid>${req.controlIds[0]}</controlid><key>4411</key></result>`,
      ]),
    )();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const out = await client.createInvoice(
      { customerid: 'C1', datecreated: '2026-03-15', invoiceitems: { lineitem: [{ glaccountno: '4000', amount: '1.00' }] } },
      { idempotencyKey: 'inv' },
    );
    expect(out.ok && out.value).toEqual({ controlId: expect.any(String) as string, alreadyApplied: false, key: '4411' });
  });
});

describe('reads and paging', () => {
  it('streams readByQuery pages through readMore until numremaining is 0', async () => {
    gw = await gateway((req) => {
      const id = req.controlIds[0]!;
      if (req.functions[0] === 'readByQuery')
        return okResponse([
          readByQueryResult(id, 'VENDOR', [{ RECORDNO: '1' }, { RECORDNO: '2' }], { totalcount: 5, numremaining: 3, resultId: 'R1' }),
        ]);
      const second = req.body.includes('<resultId>R1</resultId>');
      return okResponse([
        readByQueryResult(
          id,
          'VENDOR',
          second ? [{ RECORDNO: '3' }, { RECORDNO: '4' }] : [{ RECORDNO: '5' }],
          { totalcount: 5, numremaining: second ? 1 : 0, resultId: second ? 'R2' : '' },
          'readMore',
        ),
      ]);
    })();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const all = await client.readAll('VENDOR', '', { pageSize: 2 });
    expect(all.ok && all.value.map((r) => r.RECORDNO)).toEqual(['1', '2', '3', '4', '5']);
    expect(gw.requests.filter((r) => r.functions[0] === 'readMore')).toHaveLength(2);
  });

  it('stops the stream after an error outcome', async () => {
    gw = await gateway((req) => okResponse([failureResult(req.controlIds[0]!, 'readByQuery', 'Query Failed', 'bad field')]))();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const pages = [];
    for await (const p of client.readByQuery('VENDOR', 'NOPE = 1')) pages.push(p);
    expect(pages.map((p) => !p.ok && p.error.code)).toEqual(['validation']);
  });

  it('pages query results by offset', async () => {
    gw = await gateway((req) => {
      const offset = Number(/<offset>(\d+)<\/offset>/.exec(req.body)![1]);
      const rows =
        offset === 0
          ? '<VENDOR><RECORDNO>1</RECORDNO></VENDOR><VENDOR><RECORDNO>2</RECORDNO></VENDOR>'
          : '<VENDOR><RECORDNO>3</RECORDNO></VENDOR>';
      const remaining = offset === 0 ? 1 : 0;
      return okResponse([
        `<result><status>success</status><function>query</function><controlid>${req.controlIds[0]}</controlid><data listtype="VENDOR" totalcount="3" offset="${offset}" count="${offset === 0 ? 2 : 1}" numremaining="${remaining}">${rows}</data></result>`,
      ]);
    })();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const records = [];
    for await (const p of client.query({ object: 'VENDOR', select: ['RECORDNO'] }, { pageSize: 2 }))
      if (p.ok) records.push(...p.value.records);
    expect(records.map((r) => r.RECORDNO)).toEqual(['1', '2', '3']);
    expect(gw.requests.filter((r) => r.functions[0] === 'query').map((r) => /<offset>(\d+)/.exec(r.body)![1])).toEqual(['0', '2']);
  });

  it('maps trial balance rows with amounts as strings', async () => {
    gw = await gateway((req) =>
      okResponse([
        `<result><status>success</status><function>get_trialbalance</function><controlid>${req.controlIds[0]}</controlid><data>` +
          '<trialbalance><glaccountno>1000</glaccountno><startbalance>10.10</startbalance><debits>0.20</debits><credits></credits><endbalance>10.30</endbalance><departmentid>D1</departmentid></trialbalance>' +
          '</data></result>',
      ]),
    )();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const tb = await client.getTrialBalance({ startDate: '2026-03-01', endDate: '2026-03-31' });
    expect(tb.ok && tb.value).toEqual([
      { glAccountNo: '1000', startBalance: '10.10', debits: '0.20', credits: '0', endBalance: '10.30', departmentId: 'D1' },
    ]);
  });

  it('gives an entity-bound client its own session', async () => {
    gw = await gateway(echoResults)();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    await client.read('VENDOR', ['1']);
    await client.withEntity('E2').read('VENDOR', ['1']);
    const logins = gw.requests.filter((r) => r.functions[0] === 'getAPISession');
    expect(logins).toHaveLength(2);
    expect(logins[1]!.body).toContain('<locationid>E2</locationid>');
    expect(client.stats().sessionsOpened).toBe(2);
  });
});

describe('facades of one company client', () => {
  it('share the company limit, the session and the login, and each counts only its own requests', async () => {
    let inFlight = 0;
    let peak = 0;
    gw = await gateway(async (req) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return echoResults(req);
    })();
    client = createIntacctClient(config(gw.url, { maxConcurrent: 2 }), { log: silentLogger(), clock: fastClock });
    const gl = client.withEntity('E1');
    const ap = client.withEntity('E1');
    const vendors = client.view();
    await Promise.all([
      ...Array.from({ length: 4 }, () => gl.read('VENDOR', ['1'])),
      ...Array.from({ length: 3 }, () => ap.read('VENDOR', ['1'])),
      ...Array.from({ length: 2 }, () => vendors.read('VENDOR', ['1'])),
    ]);
    expect(peak).toBeLessThanOrEqual(2);
    const logins = gw.requests.filter((r) => r.functions[0] === 'getAPISession');
    // One login per location: the two entity facades share one session, the top-level facade has its own.
    expect(logins).toHaveLength(2);
    const sessionsUsed = new Set(
      gw.requests.filter((r) => r.functions[0] === 'read' && r.url === '/ia/xml/session-gw.phtml').map((r) => r.sessionId),
    );
    expect(sessionsUsed.size).toBe(2);
    const total = gl.stats().requests + ap.stats().requests + vendors.stats().requests;
    expect(total).toBe(gw.requests.length);
    expect(ap.stats().requests).toBeGreaterThanOrEqual(3);
    expect(ap.stats().requests).toBeLessThanOrEqual(4);
    expect(vendors.stats().requests).toBeGreaterThanOrEqual(2);
    expect(client.stats().requests).toBe(0);
    expect(gl.stats().sessionsOpened).toBe(2);
  });
});

describe('session rejected at HTTP level', () => {
  it('treats HTTP 401 on a session request like an authentication failure: one re-login and resend', async () => {
    let first = true;
    gw = await gateway((req) => {
      if (first) {
        first = false;
        return {
          status: 401,
          body: '<?xml version="1.0"?><response><control><status>failure</status></control><errormessage><error><errorno>XMLGW_JPP0002</errorno><description>Sign-in information is incorrect. Please check your request.</description></error></errormessage></response>',
        };
      }
      return echoResults(req);
    })();
    client = createIntacctClient(config(gw.url), { log: silentLogger(), clock: fastClock });
    const out = await client.read('VENDOR', ['1']);
    expect(out.ok).toBe(true);
    expect(client.stats().sessionsOpened).toBe(2);
  });
});
