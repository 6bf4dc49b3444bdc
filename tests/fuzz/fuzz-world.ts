import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { auditPath } from '../../src/platform/config.ts';
import { WRITE_FUNCTIONS } from '../../src/sandbox/intacct-emulator/functions.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

/**
 * The real server the fuzz suite attacks: both sandbox emulators over HTTP, the real governor, state store and audit
 * log, and one MCP client per principal over the in-memory transport. A few change sets are planned up front (as the
 * agent, whose policy is `required`), so fuzzed approvals and rejections have real pending change sets to hit.
 */
export interface FuzzWorld {
  readonly sandbox: Sandbox;
  readonly app: App;
  /** Every configured principal's name, the roles it holds, and its client. */
  readonly principals: readonly { readonly name: string; readonly roles: readonly string[]; readonly client: Client }[];
  /** Change sets planned up front and still pending: fuzzed approvals must never execute them when invalid. */
  readonly pendingChangeSets: readonly number[];
  /** What the server and the emulators hold now (see `Footprint`). */
  footprint(): Footprint;
  /** The highest audit seq so far. */
  auditHead(): number;
  /** The `tool_call` result rows (not `started` rows) appended after `seq`, as principal/action pairs. */
  callRowsAfter(seq: number): { principal: string; action: string; outcome: string }[];
  close(): Promise<void>;
}

/**
 * Everything an invalid call must leave as it was: the writes both emulators took (their own connections' change
 * counters), their request counters, and the state store's change sets, items and outbox.
 */
export interface Footprint {
  /** Write functions (create, update, delete, …) the Intacct emulator was asked to run. */
  readonly intacctWrites: number;
  readonly intacctChanges: number;
  readonly intacctRequests: number;
  readonly sage300Changes: number;
  readonly sage300Requests: number;
  readonly changeSets: string;
  readonly outbox: string;
}

/** Rate budgets high enough that a fuzz run never meets them (the budgets are another suite's subject). */
// The suite checks what every call answers, not the budgets: refused calls must not end up rate-limited here.
const UNLIMITED = {
  default: { calls: 100_000, windowSeconds: 60, maxConcurrent: 8 },
  tools: {},
  refused: { calls: 100_000, windowSeconds: 60 },
};

const changes = (db: Database.Database): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

/**
 * Where the world keeps its files: memory-backed when the machine has /dev/shm. The databases are the real SQLite
 * files all the same; only the fsync of every audit row (synchronous=FULL) stops costing a disk flush, which is a
 * benchmark's subject, not this suite's.
 */
const FILES_BASE = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

export async function openFuzzWorld(): Promise<FuzzWorld> {
  const { sandbox, dir } = await startTestSandbox(undefined, FILES_BASE);
  const config = testConfig(sandbox, dir, { rateLimits: UNLIMITED });
  const app = testApp(config);
  const principals = await Promise.all(
    config.principals.map(async (p) => ({ name: p.name, roles: p.roles, client: await connect(app, p.name) })),
  );
  const agent = principals.find((p) => p.name === 'agent')!.client;
  const pendingChangeSets: number[] = [];
  // One per pipeline: a second plan of the same pipeline and company would supersede (expire) the first.
  for (const [tool, args] of [
    ['post_journal_entries', { period: '2026-03' }],
    ['replicate_ap_invoices', { period: '2026-03' }],
    ['sync_vendors', {}],
  ] as const) {
    const planned = await ok(agent, tool, args);
    if (planned.status !== 'pending_approval' || typeof planned.change_set_id !== 'number')
      throw new Error(`the fuzz world expected a pending change set, got ${JSON.stringify(planned).slice(0, 300)}`);
    pendingChangeSets.push(planned.change_set_id);
  }

  // Separate read-only connections, so that reading the footprint never counts as a change of the server's own.
  const state = new Database(join(config.stateDir, 'state.db'), { readonly: true, fileMustExist: true });
  const audit = new Database(auditPath(config), { readonly: true, fileMustExist: true });
  const changeSetsStmt = state.prepare(
    "SELECT COUNT(*) || '/' || COALESCE(MAX(updated_at), '') || '/' || (SELECT COUNT(*) FROM change_set_items) AS f FROM change_sets",
  );
  const outboxStmt = state.prepare("SELECT COUNT(*) || '/' || COALESCE(MAX(updated_at), '') AS f FROM outbox");
  const headStmt = audit.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_events');
  const rowsStmt = audit.prepare(
    "SELECT principal, action, outcome FROM audit_events WHERE seq > ? AND kind = 'tool_call' AND outcome <> 'started' ORDER BY seq",
  );

  return {
    sandbox,
    app,
    principals,
    pendingChangeSets,
    footprint: () => ({
      intacctWrites: Object.entries(sandbox.intacct.stats().byFunction).reduce((n, [f, c]) => n + (WRITE_FUNCTIONS.has(f) ? c : 0), 0),
      intacctChanges: changes(sandbox.intacct.db),
      intacctRequests: sandbox.intacct.stats().requests,
      sage300Changes: changes(sandbox.sage300.db),
      sage300Requests: sandbox.sage300.requestCount(),
      changeSets: (changeSetsStmt.get() as { f: string }).f,
      outbox: (outboxStmt.get() as { f: string }).f,
    }),
    auditHead: () => (headStmt.get() as { seq: number }).seq,
    callRowsAfter: (seq) => rowsStmt.all(seq) as { principal: string; action: string; outcome: string }[],
    async close() {
      state.close();
      audit.close();
      await app.close();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error code and message of a result, or null for a success. */
export function errorOf(result: CallToolResult): { code: string; message: string } | null {
  if (!result.isError) return null;
  const meta = result._meta?.['sagebridge/error'] as { code?: unknown; message?: unknown } | undefined;
  return {
    code: typeof meta?.code === 'string' ? meta.code : '(no code)',
    message: typeof meta?.message === 'string' ? meta.message : JSON.stringify(result.content),
  };
}
