/** The Intacct XML client: batching, sessions, paging and replay-safe writes on top of the request runner. */
import { systemClock, type Clock } from '../../platform/clock.ts';
import type { IntacctCompanyConfig } from '../../platform/config.ts';
import { createLimiter, createRequestSlots, unlimited, type Limiter } from '../../platform/limiter.ts';
import type { Logger } from '../../platform/logger.ts';
import { RetryBudget } from '../../platform/retry-policy.ts';
import { makeError } from './errors.ts';
import { fn } from './functions.ts';
import { openSession } from './open-session.ts';
import { runRequest, type Credentials } from './request-runner.ts';
import { createSessionManager, type SessionManager } from './session.ts';
import { toTrialBalanceRows } from './trial-balance.ts';
import { createTransport, type Transport, type TransportStats } from './transport.ts';
import type {
  FunctionResult,
  IntacctFunction,
  IntacctRecord,
  Outcome,
  Page,
  QuerySpec,
  ReadBackSpec,
  TrialBalanceRow,
  TrialBalanceSpec,
  WriteOptions,
  WriteResult,
} from './types.ts';

export interface IntacctClientDeps {
  log: Logger;
  clock?: Clock;
  limiter?: Limiter | 'none';
  random?: () => number;
  userAgent?: string;
  /** 'session' (default) logs in once per company+entity; 'login' sends credentials with every request. */
  auth?: 'session' | 'login';
}

export interface IntacctClient {
  execute(functions: IntacctFunction[], opts?: { transaction?: boolean }): Promise<Outcome<FunctionResult>[]>;
  create(object: string, fields: IntacctRecord, opts: WriteOptions): Promise<Outcome<WriteResult>>;
  update(object: string, fields: IntacctRecord, opts: WriteOptions): Promise<Outcome<WriteResult>>;
  delete(object: string, keys: string[], opts: WriteOptions): Promise<Outcome<WriteResult>>;
  read(object: string, keys: string[], fields?: string[]): Promise<Outcome<IntacctRecord[]>>;
  readByQuery(object: string, query: string, opts?: { fields?: string[]; pageSize?: number }): AsyncGenerator<Outcome<Page>>;
  readAll(object: string, query: string, opts?: { fields?: string[]; pageSize?: number }): Promise<Outcome<IntacctRecord[]>>;
  query(spec: QuerySpec, opts?: { pageSize?: number }): AsyncGenerator<Outcome<Page>>;
  createInvoice(fields: IntacctRecord, opts: WriteOptions): Promise<Outcome<WriteResult>>;
  createPoTransaction(fields: IntacctRecord, opts: WriteOptions): Promise<Outcome<WriteResult>>;
  getTrialBalance(spec: TrialBalanceSpec): Promise<Outcome<TrialBalanceRow[]>>;
  /** Resends a write whose outcome is unknown, with the same controlid: applied now, or reported as a replay. */
  resolveUnknown(f: IntacctFunction): Promise<Outcome<WriteResult>>;
  readBack(spec: ReadBackSpec): Promise<Outcome<IntacctRecord | undefined>>;
  /**
   * A facade for the same company bound to an entity-level session: it shares the limiter (the company's
   * concurrency limit), the retry budget, the transport and the session cache, and counts its own requests.
   */
  withEntity(entityId: string): IntacctClient;
  /**
   * Another facade at this one's level over the same limiter, retry budget, transport and session cache, with its
   * own request count: several pipelines share the company's limit and session, and each reports its own requests.
   */
  view(): IntacctClient;
  /**
   * Opens the API session ahead of the first request, so a caller with local work still to do (committing an
   * approval) overlaps the login round trip with it. No-op with login auth or a live session; a failure is left for
   * the next request, which opens the session again and reports it.
   */
  warmUp(): Promise<void>;
  /** `requests` and `retries` of this facade alone; `sessionsOpened` by the company's shared session cache. */
  stats(): { requests: number; retries: number; sessionsOpened: number };
  /** Closes the company's client: the limiter and transport every facade of it shares. */
  close(): Promise<void>;
}

const MAX_FUNCTIONS_PER_REQUEST = 100;
/** Renew sessions this long before Intacct's stated timeout. */
const SESSION_SAFETY_MARGIN_MS = 60_000;

interface Shared {
  config: IntacctCompanyConfig;
  transport: Transport;
  limiter: Limiter;
  ownsLimiter: boolean;
  clock: Clock;
  log: Logger;
  authMode: 'session' | 'login';
  sessions: Map<string, SessionManager>;
  counters: { sessionsOpened: number };
}

export function createIntacctClient(config: IntacctCompanyConfig, deps: IntacctClientDeps): IntacctClient {
  const log = deps.log.child({ module: 'intacct-client', company: config.key });
  const clock = deps.clock ?? systemClock;
  const ownsLimiter = deps.limiter === undefined;
  const limiter =
    deps.limiter === 'none'
      ? unlimited
      : (deps.limiter ??
        // Without a minimum spacing, plain slots hand a freed slot straight to the next request (platform/limiter.ts).
        (config.minTimeMs > 0
          ? createLimiter({ maxConcurrent: config.maxConcurrent, minTimeMs: config.minTimeMs })
          : createRequestSlots(config.maxConcurrent)));
  const budgetInitial = config.retry.budgetInitial;
  const budget = new RetryBudget({ initialTokens: budgetInitial, ratio: config.retry.budgetRatio, maxTokens: Math.max(budgetInitial, 1) });
  const transport = createTransport({
    limiter,
    clock,
    random: deps.random ?? Math.random,
    budget,
    retry: config.retry,
    timeoutMs: config.timeoutMs,
    userAgent: deps.userAgent ?? 'sagebridge-intacct-client/0.1',
    log,
  });
  const shared: Shared = {
    config,
    transport,
    limiter,
    ownsLimiter,
    clock,
    log,
    authMode: deps.auth ?? 'session',
    sessions: new Map(),
    counters: { sessionsOpened: 0 },
  };
  return boundClient(shared, config.entityId);
}

function sessionFor(shared: Shared, credentials: Credentials): SessionManager | undefined {
  if (shared.authMode === 'login') return undefined;
  const key = credentials.entityId ?? '';
  let manager = shared.sessions.get(key);
  if (!manager) {
    manager = createSessionManager({
      clock: shared.clock,
      safetyMarginMs: SESSION_SAFETY_MARGIN_MS,
      open: async (tally) => {
        const outcome = await openSession({ credentials, transport: shared.transport, clock: shared.clock, tally });
        if (outcome.ok) {
          shared.counters.sessionsOpened++;
          shared.log.info({ entity: key || undefined, endpoint: outcome.value.endpoint }, 'intacct session opened');
        } else {
          shared.log.warn({ entity: key || undefined, error: outcome.error.message }, 'intacct session could not be opened');
        }
        return outcome;
      },
    });
    shared.sessions.set(key, manager);
  }
  return manager;
}

function toWriteResult(r: FunctionResult): WriteResult {
  const out: WriteResult = { controlId: r.controlId, alreadyApplied: r.alreadyApplied };
  const record = r.data[0];
  if (record !== undefined) {
    out.record = record;
    if (typeof record.RECORDNO === 'string' && record.RECORDNO !== '') out.recordNo = record.RECORDNO;
  }
  if (r.key !== undefined && r.key !== '') out.key = r.key;
  return out;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function boundClient(shared: Shared, entityId: string | undefined): IntacctClient {
  const { config } = shared;
  const credentials: Credentials = { ...config, entityId };
  const sessions = sessionFor(shared, credentials);
  const perRequest = Math.min(MAX_FUNCTIONS_PER_REQUEST, Math.max(1, config.functionsPerRequest));
  // This facade's own count of the requests it sent (logins it caused included), apart from other facades'.
  const tally: TransportStats = { requests: 0, retries: 0 };
  const runnerDeps = { credentials, transport: shared.transport, sessions, log: shared.log, tally };

  async function execute(functions: IntacctFunction[], opts?: { transaction?: boolean }): Promise<Outcome<FunctionResult>[]> {
    if (functions.length === 0) return [];
    const transaction = opts?.transaction ?? false;
    if (transaction && functions.length > perRequest) {
      // A transaction cannot span requests; splitting it would silently drop atomicity.
      return functions.map((f) => ({
        ok: false,
        error: makeError({
          code: 'validation',
          context: 'transaction',
          text: `${functions.length} functions exceed functionsPerRequest (${perRequest}); nothing was sent`,
          controlId: f.controlId,
        }),
      }));
    }
    const parts = await Promise.all(chunk(functions, perRequest).map((c) => runRequest(c, transaction, runnerDeps)));
    const results = parts.flat();
    await readBackReplays(functions, results);
    return results;
  }

  /** Fills `data` of replayed writes with the record as it is now, in one batched read. */
  async function readBackReplays(functions: IntacctFunction[], results: Outcome<FunctionResult>[]): Promise<void> {
    const targets: { value: FunctionResult; spec: ReadBackSpec }[] = [];
    results.forEach((r, i) => {
      const spec = functions[i]?.readBack;
      if (r.ok && r.value.alreadyApplied && spec) targets.push({ value: r.value, spec });
    });
    if (targets.length === 0) return;
    const reads = await execute(targets.map((t) => fn.readByQuery(t.spec.object, t.spec.query, { pageSize: 1 })));
    reads.forEach((read, i) => {
      const target = targets[i];
      if (!target) return;
      if (read.ok) target.value.data = read.value.data.slice(0, 1);
      else shared.log.warn({ controlId: target.value.controlId, error: read.error.message }, 'read-back after replay failed');
    });
  }

  async function one(f: IntacctFunction): Promise<Outcome<FunctionResult>> {
    const [r] = await execute([f]);
    if (!r) throw new Error('execute returned no outcome for one function');
    return r;
  }

  async function write(f: IntacctFunction): Promise<Outcome<WriteResult>> {
    const r = await one(f);
    return r.ok ? { ok: true, value: toWriteResult(r.value) } : r;
  }

  async function* readByQuery(
    object: string,
    query: string,
    opts?: { fields?: string[]; pageSize?: number },
  ): AsyncGenerator<Outcome<Page>> {
    let f = fn.readByQuery(object, query, opts);
    for (;;) {
      const r = await one(f);
      if (!r.ok) {
        yield r;
        return;
      }
      const v = r.value;
      const numRemaining = v.numRemaining ?? 0;
      yield { ok: true, value: { records: v.data, totalCount: v.totalCount ?? v.data.length, numRemaining } };
      if (numRemaining <= 0) return;
      if (v.resultId === undefined || v.data.length === 0) {
        yield {
          ok: false,
          error: makeError({
            code: 'transport',
            context: `${f.name} ${object}`,
            text: `${numRemaining} records remain but the response gave no way to continue`,
          }),
        };
        return;
      }
      f = fn.readMore(v.resultId);
    }
  }

  async function* query(spec: QuerySpec, opts?: { pageSize?: number }): AsyncGenerator<Outcome<Page>> {
    let offset = 0;
    for (;;) {
      const r = await one(fn.query(spec, { ...(opts?.pageSize === undefined ? {} : { pageSize: opts.pageSize }), offset }));
      if (!r.ok) {
        yield r;
        return;
      }
      const v = r.value;
      const numRemaining = v.numRemaining ?? 0;
      yield { ok: true, value: { records: v.data, totalCount: v.totalCount ?? v.data.length, numRemaining } };
      if (numRemaining <= 0 || v.data.length === 0) return;
      offset += v.data.length;
    }
  }

  const client: IntacctClient = {
    execute,
    create: (object, fields, opts) => write(fn.create(object, fields, opts)),
    update: (object, fields, opts) => write(fn.update(object, fields, opts)),
    delete: (object, keys, opts) => write(fn.delete(object, keys, opts)),
    async read(object, keys, fields) {
      const r = await one(fn.read(object, keys, fields));
      return r.ok ? { ok: true, value: r.value.data } : r;
    },
    readByQuery,
    async readAll(object, q, opts) {
      const records: IntacctRecord[] = [];
      for await (const page of readByQuery(object, q, opts)) {
        if (!page.ok) return page;
        records.push(...page.value.records);
      }
      return { ok: true, value: records };
    },
    query,
    createInvoice: (fields, opts) => write(fn.createInvoice(fields, opts)),
    createPoTransaction: (fields, opts) => write(fn.createPoTransaction(fields, opts)),
    async getTrialBalance(spec) {
      const r = await one(fn.getTrialBalance(spec));
      return r.ok ? toTrialBalanceRows(r.value.data) : r;
    },
    resolveUnknown: (f) => write(f),
    async readBack(spec) {
      const r = await one(fn.readByQuery(spec.object, spec.query, { pageSize: 1 }));
      return r.ok ? { ok: true, value: r.value.data[0] } : r;
    },
    async warmUp() {
      if (sessions) await sessions.current(tally);
    },
    withEntity: (id) => boundClient(shared, id),
    view: () => boundClient(shared, entityId),
    stats: () => ({
      requests: tally.requests,
      retries: tally.retries,
      sessionsOpened: shared.counters.sessionsOpened,
    }),
    async close() {
      if (shared.ownsLimiter) await shared.limiter.stop();
      shared.transport.close();
    },
  };
  return client;
}
