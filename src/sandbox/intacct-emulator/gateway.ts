import { randomBytes } from 'node:crypto';
import { err as fail, ok, type Result } from '../../domain/result.ts';
import type { Logger } from '../../platform/logger.ts';
import { formatIsoOffset, formatStamp } from './dates.ts';
import {
  parseEnvelope,
  type Authentication,
  type ControlBlock,
  type Envelope,
  type FunctionCall,
  type OperationBlock,
} from './envelope.ts';
import { err, ERR, ROLLBACK_ERROR, type ErrorEntry } from './errors.ts';
import { FUNCTION_HANDLERS, WRITE_FUNCTIONS } from './functions.ts';
import type { FunctionContext, FunctionResult } from './function-types.ts';
import {
  controlFailureXml,
  responseXml,
  type AuthenticationOut,
  type ControlEchoOut,
  type OperationOut,
  type ResultOut,
} from './response.ts';
import { entityIdsOf } from './session-function.ts';
import type { EmulatorStore } from './store.ts';
import type { EmulatorCredentials } from './types.ts';
import { withStateFormat, type IntacctBehaviours } from './behaviours.ts';
import type { CurrencySettings } from './currency-settings.ts';

/** Everything the XML pipeline needs; HTTP, faults and concurrency live in server.ts. */
export interface GatewayDeps {
  store: EmulatorStore;
  credentials: EmulatorCredentials;
  /** The current switches (behaviours.ts); read per request so run-time changes apply at once. */
  behaviours: () => IntacctBehaviours;
  /** The company's currencies and rate tables. */
  currency: CurrencySettings;
  now: () => Date;
  endpoint: string;
  log: Logger;
  onFunction: (name: string) => void;
  /** A new API session was issued (not the caller's own session handed back); '' = top level. */
  onSessionIssued: (locationId: string) => void;
}

/** A parsed request waiting to run (the server sleeps the configured latency in between). */
export type PreparedRequest = { envelope: Envelope; functionNames: string[]; hasWrite: boolean };

export function prepareRequest(body: string): PreparedRequest {
  const envelope = parseEnvelope(body);
  const functionNames = envelope.ok ? envelope.operations.flatMap((op) => op.functions.map((f) => f.name)) : [];
  return { envelope, functionNames, hasWrite: functionNames.some((n) => WRITE_FUNCTIONS.has(n)) };
}

const newId = (bytes: number): string => randomBytes(bytes).toString('base64url');

interface Caller {
  userId: string;
  companyId: string;
  locationId: string;
  /** Set when the caller authenticated with a session (getAPISession then returns the same one). */
  sessionId: string | undefined;
}

function authenticate(auth: Authentication, deps: GatewayDeps): Result<Caller, { out: AuthenticationOut; errors: ErrorEntry[] }> {
  const { credentials, store } = deps;
  if (auth.kind === 'oauth') {
    return fail({
      out: { status: 'failure', userId: '', companyId: '', locationId: '' },
      errors: [err(ERR.auth, 'OAuth is not emulated', 'Sign-in information is incorrect')],
    });
  }
  if (auth.kind === 'session') {
    const session = auth.sessionId ? store.getSession(auth.sessionId) : undefined;
    if (!session || session.expiresAt <= deps.now().getTime()) {
      return fail({
        out: { status: 'failure', userId: '', companyId: '', locationId: '' },
        errors: [err(ERR.auth, '', 'Invalid session', 'Log in again or call getAPISession for a new session.')],
      });
    }
    return ok({ userId: session.userId, companyId: session.companyId, locationId: session.locationId, sessionId: session.sessionId });
  }
  const out: AuthenticationOut = { status: 'failure', userId: auth.userId, companyId: auth.companyId, locationId: auth.locationId ?? '' };
  const signInOk =
    auth.userId.toLowerCase() === credentials.userId.toLowerCase() &&
    auth.companyId.toLowerCase() === credentials.companyId.toLowerCase() &&
    auth.password === credentials.userPassword &&
    !auth.clientId;
  if (!signInOk) return fail({ out, errors: [err(ERR.auth, '', 'Sign-in information is incorrect')] });
  const locationId = auth.locationId ?? '';
  if (locationId && !entityIdsOf(store).includes(locationId)) {
    return fail({
      out,
      errors: [
        err(
          ERR.auth,
          `Invalid entity '${locationId}'`,
          'Sign-in information is incorrect',
          `Use an entity id of this company: ${entityIdsOf(store).join(', ')}.`,
        ),
      ],
    });
  }
  return ok({ userId: credentials.userId, companyId: credentials.companyId, locationId, sessionId: undefined });
}

function contextFor(caller: Caller, deps: GatewayDeps, functionsInRequest: number, now: Date): FunctionContext {
  return {
    store: deps.store,
    now,
    userId: caller.userId,
    entityId: caller.locationId,
    currency: deps.currency,
    behaviours: deps.behaviours(),
    companyId: caller.companyId,
    endpoint: deps.endpoint,
    functionsInRequest,
    newResultId: () => newId(18),
    present: (object, record) => withStateFormat(object, record, deps.behaviours()),
    arPaymentWithoutItems: deps.behaviours().arPaymentWithoutItems,
    openSession: (locationId) => {
      if (caller.sessionId && locationId === caller.locationId) return caller.sessionId;
      const sessionId = `${newId(24)}..`;
      deps.store.createSession({
        sessionId,
        userId: caller.userId,
        companyId: caller.companyId,
        locationId,
        expiresAt: now.getTime() + deps.behaviours().sessionTimeoutSec * 1000,
      });
      deps.onSessionIssued(locationId);
      return sessionId;
    },
  };
}

function runOne(fn: FunctionCall, ctx: FunctionContext, control: ControlBlock, deps: GatewayDeps): FunctionResult {
  deps.onFunction(fn.name);
  const handler = FUNCTION_HANDLERS[fn.name];
  if (!handler)
    return { status: 'failure', errors: [err(ERR.unsupported, 'Not emulated', `The function <${fn.name}> is valid but not emulated.`)] };
  if (control.uniqueId && deps.store.wasExecuted(ctx.companyId, fn.controlId))
    return { status: 'failure', errors: [replayError(fn.controlId, deps.behaviours())] };
  let result: FunctionResult;
  try {
    result = handler(fn.node, ctx);
  } catch (error) {
    deps.log.error({ err: error, function: fn.name }, 'emulator function failed unexpectedly');
    result = { status: 'failure', errors: [err(ERR.internal, 'Internal error', 'The emulator failed while running this function.')] };
  }
  if (result.status === 'success') deps.store.recordExecuted(ctx.companyId, fn.controlId, fn.name, formatStamp(ctx.now));
  return result.errors ? { ...result, errors: result.errors.map((e) => periodClosedWording(e, deps.behaviours())) } : result;
}

/** The replay answer under behaviour `replayError` (the real one is unpublished; both are our choices). */
function replayError(controlId: string, behaviours: IntacctBehaviours): ErrorEntry {
  if (behaviours.replayError === 'duplicate-control-id')
    return err(
      ERR.business,
      'Duplicate control ID',
      `Control ID '${controlId}' was used by an earlier request that completed.`,
      'Use a unique control ID.',
    );
  return err(
    ERR.replay,
    'Duplicate control ID',
    `A function with control ID '${controlId}' has already been executed successfully (uniqueid=true).`,
  );
}

/** Behaviour `periodClosedError`: the closed-period refusal of gl-batch-rules.ts, reworded. */
function periodClosedWording(e: ErrorEntry, behaviours: IntacctBehaviours): ErrorEntry {
  if (behaviours.periodClosedError === 'period-closed' || !e.description.endsWith('Period closed')) return e;
  const date = /BATCH_DATE (\S+)/.exec(e.description2)?.[1] ?? '';
  return err(
    e.errorno,
    'Invalid GL posting date',
    `Journal entries cannot be posted to a closed accounting period (${date}).`,
    'Reopen the period or change the date.',
  );
}

const toResultOut = (fn: FunctionCall, r: FunctionResult): ResultOut => ({
  status: r.status,
  function: fn.name,
  controlId: fn.controlId,
  ...(r.key !== undefined ? { key: r.key } : {}),
  ...(r.data !== undefined ? { data: r.data } : {}),
  ...(r.errors ? { errors: r.errors } : {}),
});

/**
 * transaction="false": each function commits or rolls back on its own. Each runs in a savepoint of one request-wide
 * transaction, so a failed function is undone alone while the request pays for one commit (one fsync), not one per
 * function; nothing is answered before that commit, so a client can never see a result that was not persisted.
 */
function runIndependent(op: OperationBlock, ctx: FunctionContext, control: ControlBlock, deps: GatewayDeps): ResultOut[] {
  const { store } = deps;
  const out: ResultOut[] = [];
  store.beginWrite();
  try {
    for (const fn of op.functions) {
      store.beginFunction();
      let r: FunctionResult;
      try {
        r = runOne(fn, ctx, control, deps);
      } catch (error) {
        store.endFunction(false);
        throw error;
      }
      store.endFunction(r.status === 'success');
      out.push(toResultOut(fn, r));
    }
  } finally {
    // Also on an unexpected error: the functions before it succeeded and stay committed, as they did on their own.
    store.commitWrite();
  }
  return out;
}

/** transaction="true": all functions in one SQLite transaction; the first failure rolls everything back. */
function runAtomic(op: OperationBlock, ctx: FunctionContext, control: ControlBlock, deps: GatewayDeps): ResultOut[] {
  const { store } = deps;
  store.beginWrite();
  const done: FunctionResult[] = [];
  try {
    for (const fn of op.functions) {
      const r = runOne(fn, ctx, control, deps);
      done.push(r);
      if (r.status !== 'success') break;
    }
  } catch (error) {
    store.rollbackWrite();
    throw error;
  }
  const failedAt = done.findIndex((r) => r.status !== 'success');
  if (failedAt < 0) {
    store.commitWrite();
    return op.functions.map((fn, i) => toResultOut(fn, done[i]!));
  }
  store.rollbackWrite();
  return op.functions.map((fn, i): ResultOut => {
    if (i === failedAt) {
      const failed = done[i]!;
      return { ...toResultOut(fn, failed), errors: [...(failed.errors ?? []), ROLLBACK_ERROR] };
    }
    return { status: 'aborted', function: fn.name, controlId: fn.controlId, errors: [ROLLBACK_ERROR] };
  });
}

function runOperation(op: OperationBlock, control: ControlBlock, deps: GatewayDeps, functionsInRequest: number): OperationOut {
  const auth = authenticate(op.auth, deps);
  if (!auth.ok) return { authentication: auth.error.out, errors: auth.error.errors, results: [] };
  const now = deps.now();
  const expires = new Date(now.getTime() + deps.behaviours().sessionTimeoutSec * 1000);
  if (auth.value.sessionId) deps.store.slideSession(auth.value.sessionId, expires.getTime());
  const ctx = contextFor(auth.value, deps, functionsInRequest, now);
  const results = op.transaction ? runAtomic(op, ctx, control, deps) : runIndependent(op, ctx, control, deps);
  return {
    authentication: {
      status: 'success',
      userId: auth.value.userId,
      companyId: auth.value.companyId,
      locationId: auth.value.locationId,
      sessionTimestamp: formatIsoOffset(now),
      sessionTimeout: formatIsoOffset(expires),
    },
    results,
  };
}

/** Runs a prepared request and returns the complete response XML (HTTP 200 in every case). */
export function executeRequest(prepared: PreparedRequest, deps: GatewayDeps): string {
  const { envelope } = prepared;
  if (!envelope.ok) {
    const echo = envelope.echo;
    const control: ControlEchoOut = { status: 'failure', ...echo };
    return controlFailureXml(control, [
      err(ERR.schema, 'XML Parse schema error', envelope.message, 'Fix the request to match the 3.0 DTD.'),
    ]);
  }
  const c = envelope.control;
  const echo: ControlEchoOut = {
    status: 'success',
    senderId: c.senderId,
    controlId: c.controlId,
    uniqueId: c.uniqueIdText,
    dtdVersion: c.dtdVersion,
  };
  if (c.senderId !== deps.credentials.senderId || c.password !== deps.credentials.senderPassword) {
    return controlFailureXml(
      { ...echo, status: 'failure' },
      [
        err(
          ERR.auth,
          'Invalid Web Services Authorization',
          'Incorrect Intacct XML Partner ID or password.',
          'Check the sender ID and sender password.',
        ),
      ],
      c.includeWhitespace,
    );
  }
  const total = prepared.functionNames.length;
  const cap = deps.behaviours().maxFunctionsPerRequest;
  if (cap > 0 && total > cap) {
    return controlFailureXml(
      { ...echo, status: 'failure' },
      [err(ERR.schema, 'Too many functions', `The request contains ${total} functions; at most ${cap} are allowed per request.`)],
      c.includeWhitespace,
    );
  }
  // Cached lookups never outlive a request: between requests the database may be changed from outside (tests, admin).
  deps.store.forgetReads();
  try {
    const operations = envelope.operations.map((op) => runOperation(op, c, deps, total));
    return responseXml(echo, operations, c.includeWhitespace);
  } finally {
    deps.store.forgetReads();
  }
}

/** A control failure for a body the gateway refuses to parse at all (too large). */
export function rejectedBodyXml(description2: string): string {
  return controlFailureXml({ status: 'failure', senderId: '', controlId: '', uniqueId: undefined, dtdVersion: undefined }, [
    err(ERR.invalidRequest, 'Invalid Request', description2),
  ]);
}
