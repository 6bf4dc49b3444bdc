/**
 * Sends one request (a chunk of functions) and turns the response into one outcome per function, walking the three
 * status levels. A session-level authentication failure is retried once with a fresh session: an authentication
 * failure means no function ran, so resending cannot double-apply anything.
 */
import { randomUUID } from 'node:crypto';
import type { IntacctCompanyConfig } from '../../platform/config.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  classifyControlFailure,
  classifyResultFailure,
  functionCapOf,
  isAlreadyApplied,
  makeError,
  scrubError,
  withCode,
  type IntacctError,
} from './errors.ts';
import { buildRequestXml, type RequestAuth } from './request-xml.ts';
import type { ParsedResponse, ParsedResult } from './response-xml.ts';
import type { SessionManager } from './session.ts';
import type { Transport, TransportStats } from './transport.ts';
import type { FunctionResult, IntacctFunction, Outcome } from './types.ts';

export type Credentials = Pick<
  IntacctCompanyConfig,
  'endpoint' | 'senderId' | 'senderPassword' | 'companyId' | 'userId' | 'userPassword'
> & { entityId?: string | undefined };

export interface RunnerDeps {
  credentials: Credentials;
  transport: Transport;
  /** Undefined = authenticate every request with login (no session). */
  sessions: SessionManager | undefined;
  log: Logger;
  /** Counts this request's HTTP attempts (and a login it causes) for the client facade sending it. */
  tally?: TransportStats;
}

export function loginAuth(c: Credentials): RequestAuth {
  const auth: RequestAuth = { userId: c.userId, companyId: c.companyId, password: c.userPassword };
  if (c.entityId !== undefined && c.entityId !== '') auth.locationId = c.entityId;
  return auth;
}

function describe(f: IntacctFunction): string {
  return f.object === undefined ? f.name : `${f.name} ${f.object}`;
}

function failAll(fns: IntacctFunction[], error: IntacctError): Outcome<FunctionResult>[] {
  return fns.map((f) => {
    // Only a write can have an unknown outcome; a read in the same request simply got no answer.
    const code = error.code === 'unknown_outcome' && !f.write ? 'transport' : error.code;
    return { ok: false, error: { ...withCode(error, code), controlId: f.controlId } };
  });
}

function toFunctionResult(r: ParsedResult, alreadyApplied: boolean): FunctionResult {
  const { errors, ...rest } = r;
  void errors; // per-function errors travel in IntacctError, not in a successful result
  return alreadyApplied ? { ...rest, status: 'success', alreadyApplied: true } : rest;
}

/** Pairs each function with its result by controlid (position first, since Intacct answers in order). */
function mapResults(fns: IntacctFunction[], results: ParsedResult[]): Outcome<FunctionResult>[] {
  const used = new Set<number>();
  return fns.map((f, i) => {
    let idx = results[i]?.controlId === f.controlId && !used.has(i) ? i : -1;
    if (idx < 0) idx = results.findIndex((r, j) => !used.has(j) && r.controlId === f.controlId);
    const r = results[idx];
    if (r === undefined) {
      return {
        ok: false,
        error: makeError({
          code: 'transport',
          context: describe(f),
          text: 'no result for this function in the response',
          controlId: f.controlId,
        }),
      };
    }
    used.add(idx);
    if (r.status === 'success') return { ok: true, value: toFunctionResult(r, false) };
    if (r.status === 'failure' && f.write && isAlreadyApplied(r.errors)) return { ok: true, value: toFunctionResult(r, true) };
    const code = classifyResultFailure(r.status, r.errors);
    return { ok: false, error: makeError({ code, context: describe(f), details: r.errors, controlId: f.controlId }) };
  });
}

/**
 * An authentication-classed rejection, if any. How Intacct rejects a dead session is not documented: we expect the
 * authentication level, and also accept an auth-classed control failure or HTTP 401. None of these executes a
 * function, so one resend with a new session is safe.
 */
function authRejection(res: Outcome<ParsedResponse>): IntacctError | undefined {
  if (!res.ok) return res.error.code === 'auth_failed' ? res.error : undefined;
  const p = res.value;
  if (p.control.status === 'failure') {
    const code = classifyControlFailure(p.errors);
    return code === 'auth_failed' ? makeError({ code, context: 'request rejected', details: p.errors }) : undefined;
  }
  if (p.authentication?.status === 'failure')
    return makeError({ code: 'auth_failed', context: 'authentication failed', details: p.errors });
  return undefined;
}

export async function runRequest(fns: IntacctFunction[], transaction: boolean, deps: RunnerDeps): Promise<Outcome<FunctionResult>[]> {
  const { credentials: c, transport, sessions, log, tally } = deps;
  const hasWrite = fns.some((f) => f.write);
  const controlId = randomUUID();
  const secrets = [c.senderPassword, c.userPassword];
  const scrub = (outcomes: Outcome<FunctionResult>[]): Outcome<FunctionResult>[] =>
    outcomes.map((o) => (o.ok ? o : { ok: false, error: scrubError(o.error, secrets) }));

  for (let authAttempt = 0; ; authAttempt++) {
    let auth: RequestAuth;
    let url: string;
    let sessionId: string | undefined;
    if (sessions) {
      const s = await sessions.current(tally);
      if (!s.ok) return scrub(failAll(fns, s.error));
      auth = { sessionId: s.value.sessionId };
      url = s.value.endpoint;
      sessionId = s.value.sessionId;
      secrets.push(sessionId);
    } else {
      auth = loginAuth(c);
      url = c.endpoint;
    }
    const xml = buildRequestXml({
      senderId: c.senderId,
      senderPassword: c.senderPassword,
      controlId,
      uniqueId: hasWrite,
      transaction,
      auth,
      functions: fns,
    });
    const res = await transport.send(url, xml, { hasWrite, ...(tally ? { tally } : {}) });
    const rejected = authRejection(res);
    if (rejected) {
      if (sessionId !== undefined && sessions && authAttempt === 0) {
        log.info('intacct session rejected; opening a new session and resending');
        sessions.invalidate(sessionId);
        continue;
      }
      // A fresh session that is refused at once means the session itself is the problem, not the credentials.
      const code = sessionId !== undefined ? 'session_expired' : 'auth_failed';
      return scrub(failAll(fns, withCode(rejected, code)));
    }
    if (!res.ok) return scrub(failAll(fns, res.error));
    const parsed = res.value;
    if (parsed.control.status === 'failure') {
      const code = classifyControlFailure(parsed.errors);
      const cap = functionCapOf(parsed.errors);
      const context =
        cap === undefined
          ? 'request rejected'
          : `request rejected for its number of functions (${fns.length}; the gateway allows ${cap} per request): ` +
            `set functionsPerRequest of this Intacct company to ${cap} or less`;
      return scrub(failAll(fns, makeError({ code, context, details: parsed.errors })));
    }
    if (sessionId !== undefined) sessions?.slide(sessionId, parsed.authentication?.sessionTimeout);
    return scrub(mapResults(fns, parsed.results));
  }
}
