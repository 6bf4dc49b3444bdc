/** getAPISession, sent alone in a login-authenticated request (as Intacct asks). */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import { classifyControlFailure, makeError, scrubError, type IntacctError } from './errors.ts';
import { getApiSessionFn } from './functions.ts';
import { buildRequestXml } from './request-xml.ts';
import { loginAuth, type Credentials } from './request-runner.ts';
import { parseTimeout, type ApiSession } from './session.ts';
import type { Transport, TransportStats } from './transport.ts';
import type { Outcome } from './types.ts';

/** When a response carries no sessiontimeout we assume a short life rather than guess the tenant's setting. */
const FALLBACK_SESSION_TTL_MS = 10 * 60_000;

export interface OpenSessionDeps {
  credentials: Credentials;
  transport: Transport;
  clock: Clock;
  /** The requesting facade's tally (see Transport.send). */
  tally?: TransportStats | undefined;
}

function fail(error: IntacctError, c: Credentials): Outcome<ApiSession> {
  return { ok: false, error: scrubError(error, [c.senderPassword, c.userPassword]) };
}

function resolveEndpoint(returned: string | undefined, fallback: string): string {
  if (returned === undefined || returned.trim() === '') return fallback;
  try {
    return new URL(returned.trim(), fallback).toString();
  } catch {
    return fallback;
  }
}

export async function openSession(deps: OpenSessionDeps): Promise<Outcome<ApiSession>> {
  const c = deps.credentials;
  const f = getApiSessionFn();
  const xml = buildRequestXml({
    senderId: c.senderId,
    senderPassword: c.senderPassword,
    controlId: randomUUID(),
    uniqueId: false,
    transaction: false,
    auth: loginAuth(c),
    functions: [f],
  });
  const res = await deps.transport.send(c.endpoint, xml, { hasWrite: false, ...(deps.tally ? { tally: deps.tally } : {}) });
  if (!res.ok) return fail(res.error, c);
  const parsed = res.value;
  if (parsed.control.status === 'failure') {
    return fail(makeError({ code: classifyControlFailure(parsed.errors), context: 'login rejected', details: parsed.errors }), c);
  }
  if (parsed.authentication?.status !== 'success') {
    return fail(makeError({ code: 'auth_failed', context: 'login failed', details: parsed.errors }), c);
  }
  const result = parsed.results.find((r) => r.controlId === f.controlId) ?? parsed.results[0];
  if (result?.status !== 'success') {
    return fail(makeError({ code: 'auth_failed', context: 'getAPISession failed', details: result?.errors ?? [] }), c);
  }
  const api = result.data[0];
  const sessionId = typeof api?.sessionid === 'string' ? api.sessionid : '';
  if (sessionId === '') {
    return fail(makeError({ code: 'transport', context: 'getAPISession', text: 'response has no sessionid' }), c);
  }
  const session: ApiSession = {
    sessionId,
    endpoint: resolveEndpoint(typeof api?.endpoint === 'string' ? api.endpoint : undefined, c.endpoint),
    expiresAt: parseTimeout(parsed.authentication.sessionTimeout) ?? deps.clock.now() + FALLBACK_SESSION_TTL_MS,
  };
  if (typeof api?.locationid === 'string' && api.locationid !== '') session.locationId = api.locationid;
  return { ok: true, value: session };
}
