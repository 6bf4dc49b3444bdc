import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { openAuditLog } from '../../src/server/audit-log.ts';
import type { AuditEventInput } from '../../src/core/ports/audit-port.ts';

/** A realistic external-write row: ids, keys and counts, as the GL pipeline would log per Intacct create. */
function sampleEvent(i: number): AuditEventInput {
  return {
    kind: 'external_write',
    principal: i % 5 ? 'agent.bot' : 'alice',
    action: 'intacct.create',
    decision: 'approved',
    outcome: 'written',
    durationMs: 120 + (i % 40),
    changeSetId: 1 + Math.floor(i / 500),
    detail: {
      idempotencyKey: `gl:DEMO:SAMINC:${100000 + i}:v1`,
      controlId: `sb-${i.toString(36)}`,
      recordNo: String(50000 + i),
      lines: 2 + (i % 7),
      amount: `${i}.25`,
    },
  };
}

function measure(work: () => void): { ms: number; cpuUs: number } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuUs: used.user + used.system };
}

/**
 * Appends `rows` hash-chained events to a file DB (WAL, synchronous=FULL, one IMMEDIATE transaction and fsync per
 * row, as in production) and the same rows as plain inserts into an identically configured table with no chain, no
 * triggers and no head read, then verifies the chained file. The ratio is what chaining costs on top of a durable
 * insert; both are normally bound by fsync latency of the disk under os.tmpdir().
 */
export function benchAudit(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-audit-bench-'));
  try {
    const events = Array.from({ length: rows }, (_, i) => sampleEvent(i));

    const plainDb = new Database(join(dir, 'plain.db'));
    plainDb.pragma('journal_mode = WAL');
    plainDb.pragma('synchronous = FULL');
    plainDb.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, principal TEXT NOT NULL,
      action TEXT NOT NULL, decision TEXT NOT NULL, outcome TEXT NOT NULL, duration_ms INTEGER, change_set_id INTEGER,
      detail TEXT NOT NULL) STRICT`);
    const insert = plainDb.prepare(
      'INSERT INTO events (at, kind, principal, action, decision, outcome, duration_ms, change_set_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const plainOne = plainDb.transaction((e: AuditEventInput) =>
      insert.run(
        new Date().toISOString(),
        e.kind,
        e.principal,
        e.action,
        e.decision,
        e.outcome,
        e.durationMs ?? null,
        e.changeSetId ?? null,
        JSON.stringify(e.detail),
      ),
    );
    const auditFile = join(dir, 'audit.db');
    const log = openAuditLog(auditFile);
    // fsync latency on a shared VM drifts by several times within seconds, so the two writers run in alternating
    // blocks (order swapped each round) and the ratio compares like with like.
    const rounds = 10;
    const block = Math.ceil(rows / rounds);
    const plain = { ms: 0, cpuUs: 0 };
    const chained = { ms: 0, cpuUs: 0 };
    const add = (into: { ms: number; cpuUs: number }, m: { ms: number; cpuUs: number }) => {
      into.ms += m.ms;
      into.cpuUs += m.cpuUs;
    };
    for (let r = 0; r < rounds; r++) {
      const slice = events.slice(r * block, (r + 1) * block);
      const runPlain = () =>
        add(
          plain,
          measure(() => slice.forEach((e) => plainOne.immediate(e))),
        );
      const runChained = () =>
        add(
          chained,
          measure(() => slice.forEach((e) => log.append(e))),
        );
      if (r % 2) {
        runChained();
        runPlain();
      } else {
        runPlain();
        runChained();
      }
    }
    plainDb.close();
    log.close();

    let verified = 0;
    const verify = measure(() => {
      const result = verifyAuditLog(auditFile);
      if (!result.ok) throw new Error(`bench chain broken at ${result.seq}: ${result.reason}`);
      verified = result.rows;
    });
    if (verified !== rows) throw new Error(`verified ${verified} rows, expected ${rows}`);

    const perSec = (ms: number) => Math.round(rows / (ms / 1000));
    return {
      name: 'audit log append (hash chain, WAL, synchronous=FULL, one transaction per row) and verify',
      rows,
      dir: tmpdir(),
      chained: { rowsPerSec: perSec(chained.ms), cpuMicrosPerRow: Number((chained.cpuUs / rows).toFixed(1)) },
      plainInsert: { rowsPerSec: perSec(plain.ms), cpuMicrosPerRow: Number((plain.cpuUs / rows).toFixed(1)) },
      chainedToPlainTimeRatio: Number((chained.ms / plain.ms).toFixed(2)),
      verify: { rowsPerSec: perSec(verify.ms), cpuMicrosPerRow: Number((verify.cpuUs / rows).toFixed(2)) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
