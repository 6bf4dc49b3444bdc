import { describe, expect, it } from 'vitest';
import { makeError } from './errors.ts';
import { createSessionManager, type ApiSession } from './session.ts';
import type { Outcome } from './types.ts';

function setup(open?: () => Promise<Outcome<ApiSession>>) {
  let now = 1_000_000;
  let opened = 0;
  const manager = createSessionManager({
    clock: { now: () => now, sleep: () => Promise.resolve() },
    safetyMarginMs: 60_000,
    open:
      open ??
      (async () => {
        opened++;
        await Promise.resolve();
        return { ok: true, value: { sessionId: `S${opened}`, endpoint: 'http://x', expiresAt: now + 3_600_000 } };
      }),
  });
  return { manager, advance: (ms: number) => (now += ms), opened: () => opened };
}

describe('session manager', () => {
  it('shares one login among concurrent callers', async () => {
    const s = setup();
    const all = await Promise.all(Array.from({ length: 10 }, () => s.manager.current()));
    expect(s.opened()).toBe(1);
    expect(new Set(all.map((o) => (o.ok ? o.value.sessionId : '')))).toEqual(new Set(['S1']));
  });

  it('renews proactively inside the safety margin before the timeout', async () => {
    const s = setup();
    await s.manager.current();
    s.advance(3_600_000 - 61_000);
    expect((await s.manager.current()).ok && s.opened()).toBe(1);
    s.advance(2_000);
    await s.manager.current();
    expect(s.opened()).toBe(2);
  });

  it('slides the expiry from a response sessiontimeout', async () => {
    const s = setup();
    await s.manager.current();
    s.manager.slide('S1', new Date(1_000_000 + 10 * 3_600_000).toISOString());
    s.advance(5 * 3_600_000);
    await s.manager.current();
    expect(s.opened()).toBe(1);
  });

  it('invalidates only the session it is told about, so stale reports do not log in twice', async () => {
    const s = setup();
    await s.manager.current();
    s.manager.invalidate('S1');
    await s.manager.current();
    s.manager.invalidate('S1'); // a second caller that also saw S1 fail
    const third = await s.manager.current();
    expect(s.opened()).toBe(2);
    expect(third.ok && third.value.sessionId).toBe('S2');
  });

  it('does not cache a failed login', async () => {
    let calls = 0;
    const s = setup(() => {
      calls++;
      return Promise.resolve(
        calls === 1
          ? { ok: false, error: makeError({ code: 'auth_failed', text: 'no' }) }
          : { ok: true, value: { sessionId: 'S', endpoint: 'e', expiresAt: Number.MAX_SAFE_INTEGER } },
      );
    });
    expect((await s.manager.current()).ok).toBe(false);
    expect((await s.manager.current()).ok).toBe(true);
  });
});
