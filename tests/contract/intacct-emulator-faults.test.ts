import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIntacctEmulator, type EmulatorOptions, type IntacctEmulator } from '../../src/sandbox/intacct-emulator/index.ts';
import { buildRequestXml, parseResponseXml, postXml, type RawFunction } from '../helpers/intacct-test-client.ts';

const started: IntacctEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.stop()));
});

async function start(options: EmulatorOptions = {}): Promise<IntacctEmulator> {
  const emu = await startIntacctEmulator({ seed: 42, ...options });
  started.push(emu);
  return emu;
}

function requestXml(emu: IntacctEmulator, functions: RawFunction[]): string {
  const c = emu.credentials;
  return buildRequestXml({
    senderId: c.senderId,
    senderPassword: c.senderPassword,
    auth: { login: { userid: c.userId, companyid: c.companyId, password: c.userPassword } },
    functions,
  });
}
const ping: RawFunction = { controlid: 'ping', body: { readByQuery: { object: 'CLASS', query: '', pagesize: '1' } } };
const createVendor = (id: string): RawFunction => ({
  controlid: `cv-${id}`,
  body: { create: { VENDOR: { VENDORID: id, NAME: `Vendor ${id}` } } },
});
const base = (emu: IntacctEmulator): string => emu.endpoint.replace('/ia/xml/xmlgw.phtml', '');

describe('concurrency limit', () => {
  it('answers HTTP 429 with GW-0010 beyond maxConcurrent and counts it', async () => {
    const emu = await start({ maxConcurrent: 2, faults: { latencyMs: 250 } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => postXml(emu.endpoint, requestXml(emu, [ping]))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const rejected = answers.find((a) => a.status === 429)!;
    const doc = parseResponseXml(rejected.text);
    expect(doc.response.control.status).toBe('failure');
    expect(doc.response.errormessage.error[0].errorno).toBe('GW-0010');
    expect(doc.response.errormessage.error[0].description).toMatch(/too many requests/);
    expect(emu.stats()).toMatchObject({ requests: 5, rejected429: 3, maxInFlight: 2 });
  });

  it('reports the peak number of requests it had in flight at once, on the stats endpoint too', async () => {
    const emu = await start({ maxConcurrent: 0, faults: { latencyMs: 200 } });
    await postXml(emu.endpoint, requestXml(emu, [ping]));
    expect(emu.stats().maxInFlight).toBe(1);
    const answers = await Promise.all(Array.from({ length: 3 }, () => postXml(emu.endpoint, requestXml(emu, [ping]))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(emu.stats()).toMatchObject({ requests: 4, rejected429: 0, maxInFlight: 3 });
    const admin = (await (await fetch(`${base(emu)}/_emulator/stats`)).json()) as { maxInFlight: number };
    expect(admin.maxInFlight).toBe(3);
    // One after another, the peak of a fresh count stays at one.
    emu.resetStats();
    for (let i = 0; i < 2; i++) await postXml(emu.endpoint, requestXml(emu, [ping]));
    expect(emu.stats().maxInFlight).toBe(1);
  });

  it('answers the next N requests with 429 during a storm, then recovers', async () => {
    const emu = await start({ faults: { storm429: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postXml(emu.endpoint, requestXml(emu, [ping]))).status);
    expect(statuses).toEqual([429, 429, 200]);
  });
});

describe('injected failures', () => {
  it('answers 5xx without XML before processing anything', async () => {
    const emu = await start({ faults: { error5xxRate: 1, error5xxStatus: 502 } });
    const before = emu.counts().VENDOR!;
    const res = await postXml(emu.endpoint, requestXml(emu, [createVendor('X5XX')]));
    expect(res.status).toBe(502);
    expect(res.text).not.toContain('<?xml');
    expect(emu.counts().VENDOR).toBe(before);
  });

  it('resets the connection before processing', async () => {
    const emu = await start({ faults: { resetRate: 1 } });
    const before = emu.counts().VENDOR!;
    const error = await postXml(emu.endpoint, requestXml(emu, [createVendor('XRST')])).then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(error).toBeInstanceOf(Error);
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(error?.cause?.code);
    expect(emu.counts().VENDOR).toBe(before);
  });

  it('commits and then never answers a write under hangAfterCommit; later requests answer normally', async () => {
    const emu = await start();
    emu.setFaults({ hangAfterCommit: 1 });
    // Reads do not consume the fault.
    expect((await postXml(emu.endpoint, requestXml(emu, [ping]))).status).toBe(200);
    const before = emu.counts().VENDOR!;
    const aborted = await postXml(emu.endpoint, requestXml(emu, [createVendor('HANG1')]), AbortSignal.timeout(300)).then(
      () => 'answered',
      (e: unknown) => (e as Error).name,
    );
    expect(aborted).toBe('TimeoutError');
    expect(emu.counts().VENDOR).toBe(before + 1);
    const next = await postXml(emu.endpoint, requestXml(emu, [createVendor('HANG2')]));
    expect(next.status).toBe(200);
    expect(emu.counts().VENDOR).toBe(before + 2);
  });

  it('answers latencyMs after arrival with its own processing counted in it, and a slow function adds to that', async () => {
    const emu = await start({ faults: { latencyMs: 150 } });
    let t0 = performance.now();
    expect((await postXml(emu.endpoint, requestXml(emu, [ping]))).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(149);
    const { processingMs } = emu.stats();
    expect(processingMs).toBeGreaterThan(0);
    expect(processingMs).toBeLessThan(150);
    emu.setFaults({ functionLatencyMs: { readByQuery: 100 } });
    t0 = performance.now();
    expect((await postXml(emu.endpoint, requestXml(emu, [ping]))).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(249);
    // The slow-function delay is not counted as processing.
    expect(emu.stats().processingMs - processingMs).toBeLessThan(100);
  });

  it('adds per-function latency', async () => {
    const emu = await start({ faults: { functionLatencyMs: { readByQuery: 60 } } });
    const t0 = performance.now();
    await postXml(emu.endpoint, requestXml(emu, [ping, { ...ping, controlid: 'ping2' }]));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it('refuses bodies over 10 MB with a control failure', async () => {
    const emu = await start();
    const res = await postXml(emu.endpoint, `<request>${'x'.repeat(10 * 1024 * 1024 + 10)}</request>`);
    expect(res.status).toBe(200);
    expect(parseResponseXml(res.text).response.control.status).toBe('failure');
  });
});

describe('HTTP surface and admin endpoints', () => {
  it('answers 405 to GET on the gateway and 404 elsewhere', async () => {
    const emu = await start();
    expect((await fetch(emu.endpoint)).status).toBe(405);
    expect((await fetch(`${base(emu)}/nope`)).status).toBe(404);
    expect((await fetch(`${base(emu)}/_emulator/nope`, { method: 'POST' })).status).toBe(404);
  });

  it('sets faults, closes periods, reports stats and counts over HTTP', async () => {
    const emu = await start();
    const bad = await fetch(`${base(emu)}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ latencyMS: 5 }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('latencyMS');
    const ok = await fetch(`${base(emu)}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ storm429: 1 }) });
    expect(((await ok.json()) as { storm429: number }).storm429).toBe(1);
    expect((await postXml(emu.endpoint, requestXml(emu, [ping]))).status).toBe(429);

    const closed = await fetch(`${base(emu)}/_emulator/close-period`, { method: 'POST', body: JSON.stringify({ period: '2026-04' }) });
    expect(closed.status).toBe(200);
    const batch: RawFunction = {
      controlid: 'gl',
      body: {
        create: {
          GLBATCH: {
            JOURNAL: 'GJ',
            BATCH_DATE: '04/02/2026',
            BATCH_TITLE: 't',
            ENTRIES: {
              GLENTRY: [
                { ACCOUNTNO: '1000', TR_TYPE: '1', TRX_AMOUNT: '1' },
                { ACCOUNTNO: '4000', TR_TYPE: '-1', TRX_AMOUNT: '1' },
              ],
            },
          },
        },
      },
    };
    const r = parseResponseXml((await postXml(emu.endpoint, requestXml(emu, [batch]))).text);
    expect(r.response.operation[0].result[0].status).toBe('failure');

    const stats = (await (await fetch(`${base(emu)}/_emulator/stats`)).json()) as { requests: number; byFunction: Record<string, number> };
    expect(stats.requests).toBe(2);
    expect(stats.byFunction.create).toBe(1);
    await fetch(`${base(emu)}/_emulator/reset-stats`, { method: 'POST' });
    expect(emu.stats().requests).toBe(0);
    const counts = (await (await fetch(`${base(emu)}/_emulator/counts`)).json()) as Record<string, number>;
    expect(counts).toMatchObject({ GLACCOUNT: 22, GLBATCH: 0, VENDOR: 5 });

    const s = parseResponseXml((await postXml(emu.endpoint, requestXml(emu, [{ controlid: 's', body: { getAPISession: {} } }]))).text);
    const sessionid = s.response.operation[0].result[0].data.api.sessionid as string;
    await fetch(`${base(emu)}/_emulator/expire-sessions`, { method: 'POST' });
    const c = emu.credentials;
    const expired = parseResponseXml(
      (
        await postXml(
          emu.endpoint,
          buildRequestXml({ senderId: c.senderId, senderPassword: c.senderPassword, auth: { sessionid }, functions: [ping] }),
        )
      ).text,
    );
    expect(expired.response.operation[0].authentication.status).toBe('failure');
  });

  it('keeps state in a database file across restarts without reseeding', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'intacct-emu-')), 'state.db');
    const first = await startIntacctEmulator({ dbPath });
    await postXml(first.endpoint, requestXml(first, [createVendor('PERSIST1')]));
    await first.stop();
    const second = await start({ dbPath });
    expect(second.counts().VENDOR).toBe(6);
    expect(second.counts().GLACCOUNT).toBe(22);
  });
});
