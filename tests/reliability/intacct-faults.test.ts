import { afterEach, describe, expect, it } from 'vitest';
import { fn } from '../../src/connectors/intacct/index.ts';
import { must, startHarness, type Harness } from '../helpers/intacct.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const vendorCreates = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ VENDORID: `${prefix}-${i}`, NAME: `${prefix} vendor ${i}` }));

describe('Intacct client under gateway faults', () => {
  it('keeps 20 parallel calls within --max-concurrent 2: no 429 reaches the caller', async () => {
    h = await startHarness({ maxConcurrent: 2, faults: { latencyMs: 40 } }, { maxConcurrent: 2, retry: { maxRetries: 0 } });
    const client = h.client;
    const outcomes = await Promise.all(vendorCreates('PAR', 20).map((v, i) => client.create('VENDOR', v, { idempotencyKey: `par-${i}` })));
    expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.error.code))).toEqual([]);
    expect(h.emulator.stats().rejected429).toBe(0);
    expect(h.emulator.stats().maxInFlight).toBeLessThanOrEqual(2);
  });

  it('is answered 429 / GW-0010 when the client limiter is off', async () => {
    h = await startHarness({ maxConcurrent: 2, faults: { latencyMs: 40 } }, { retry: { maxRetries: 0 } }, 'none');
    const client = h.client;
    const outcomes = await Promise.all(
      vendorCreates('NOLIM', 20).map((v, i) => client.create('VENDOR', v, { idempotencyKey: `nolim-${i}` })),
    );
    const limited = outcomes.filter((o) => !o.ok && o.error.code === 'rate_limited');
    expect(h.emulator.stats().rejected429).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(0);
  });

  it('rides out a 429 storm and 5xx errors with backoff, creating each record once', async () => {
    h = await startHarness({ faults: { storm429: 3 } }, { retry: { maxRetries: 8, baseDelayMs: 1, maxDelayMs: 10 } });
    must(await h.client.create('VENDOR', { VENDORID: 'STORM-1', NAME: 'Storm' }, { idempotencyKey: 'storm-1' }));
    h.emulator.setFaults({ error5xxRate: 0.5, error5xxStatus: 503 });
    const results = await h.client.execute(
      vendorCreates('FLAKY', 10).map((v, i) => fn.create('VENDOR', v, { idempotencyKey: `flaky-${i}` })),
    );
    h.emulator.setFaults({ error5xxRate: 0 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.client.stats().retries).toBeGreaterThan(0);
    const rows = must(await h.client.readAll('VENDOR', "VENDORID like 'FLAKY-%'"));
    expect(rows).toHaveLength(10);
  });

  it('reports a write that commits and then hangs as unknown_outcome, and read-back finds it', async () => {
    h = await startHarness({}, { timeoutMs: 400, retry: { maxRetries: 3 } });
    must(await h.client.readAll('GLJOURNAL', '')); // open the session first, so only the write is counted
    h.emulator.setFaults({ hangAfterCommit: 1 });
    const requestsBefore = h.emulator.stats().requests;
    const write = fn.create('VENDOR', { VENDORID: 'HANG-1', NAME: 'Hung' }, { idempotencyKey: 'hang-1' });
    const [outcome] = await h.client.execute([write]);
    expect(outcome!.ok).toBe(false);
    if (outcome!.ok) return;
    expect(outcome!.error.code).toBe('unknown_outcome');
    expect(outcome!.error.controlId).toBe(write.controlId);
    // Not re-sent as a new write: the emulator saw exactly one request for it.
    expect(h.emulator.stats().requests - requestsBefore).toBe(1);
    expect(h.emulator.counts().VENDOR).toBeGreaterThan(0);

    const found = must(await h.client.readBack({ object: 'VENDOR', query: "VENDORID = 'HANG-1'" }));
    expect(found?.VENDORID).toBe('HANG-1');
    const resolved = must(await h.client.resolveUnknown(write));
    expect(resolved.alreadyApplied).toBe(true);
    const rows = must(await h.client.readAll('VENDOR', "VENDORID = 'HANG-1'"));
    expect(rows).toHaveLength(1);
  });

  it('survives connection resets on reads and writes without duplicates', async () => {
    h = await startHarness({ faults: { resetRate: 0.3 }, seed: 11 }, { retry: { maxRetries: 6, baseDelayMs: 1, maxDelayMs: 5 } });
    const results = await h.client.execute(
      vendorCreates('RESET', 12).map((v, i) => fn.create('VENDOR', v, { idempotencyKey: `reset-${i}` })),
      {},
    );
    h.emulator.setFaults({ resetRate: 0 });
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = must(await h.client.readAll('VENDOR', "VENDORID like 'RESET-%'"));
    expect(rows).toHaveLength(12);
  });
});
