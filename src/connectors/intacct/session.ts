/**
 * API session cache for one company+entity. Concurrent callers share one getAPISession (single flight); expiry is
 * tracked locally from `sessiontimeout`, which Intacct slides forward on every call.
 */
import type { Clock } from '../../platform/clock.ts';
import type { TransportStats } from './transport.ts';
import type { Outcome } from './types.ts';

export interface ApiSession {
  sessionId: string;
  /** Gateway URL returned with the session; later calls must go there. */
  endpoint: string;
  /** Epoch ms after which we no longer trust the session. */
  expiresAt: number;
  locationId?: string;
}

export interface SessionManager {
  /**
   * The cached session, or a fresh one when none is cached or it has expired locally. A login this call starts is
   * counted in `tally` (the caller's), so a client facade's request count includes the logins it caused.
   */
  current(tally?: TransportStats): Promise<Outcome<ApiSession>>;
  /** Drops the session if it is still the cached one (so N callers seeing the same stale session cause one login). */
  invalidate(sessionId: string): void;
  /** Moves the expiry to a response's `sessiontimeout`, for the session that response belongs to. */
  slide(sessionId: string, sessionTimeout: string | undefined): void;
}

export interface SessionManagerDeps {
  open: (tally?: TransportStats) => Promise<Outcome<ApiSession>>;
  clock: Clock;
  /** Renew this long before the server's timeout, so a request never arrives just after expiry. */
  safetyMarginMs: number;
}

/** Epoch ms of an ISO-8601 timestamp, or undefined when it does not parse. */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

export function createSessionManager(deps: SessionManagerDeps): SessionManager {
  let cached: ApiSession | undefined;
  let pending: Promise<Outcome<ApiSession>> | undefined;

  function fresh(s: ApiSession): boolean {
    return deps.clock.now() < s.expiresAt - deps.safetyMarginMs;
  }

  function openShared(tally: TransportStats | undefined): Promise<Outcome<ApiSession>> {
    pending ??= deps
      .open(tally)
      .then((outcome) => {
        if (outcome.ok) cached = outcome.value;
        return outcome;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  return {
    current(tally) {
      if (cached && fresh(cached)) return Promise.resolve({ ok: true, value: cached });
      cached = undefined;
      return openShared(tally);
    },
    invalidate(sessionId) {
      if (cached?.sessionId === sessionId) cached = undefined;
    },
    slide(sessionId, sessionTimeout) {
      const t = parseTimeout(sessionTimeout);
      if (t !== undefined && cached?.sessionId === sessionId) cached = { ...cached, expiresAt: t };
    },
  };
}
