/**
 * Issue 17, item 4: a write's result row is in the audit log before its confirmation is committed in the state
 * store, so a SIGKILL between the two can never leave a confirmed write without its record number in the log. A
 * real child process (tests/fixtures/outbox-audit-writer.ts) runs executeOutbox over a real state store and audit
 * log and is killed right before, and right after, a result row is appended.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';

const WRITER = fileURLToPath(new URL('../fixtures/outbox-audit-writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sb-outbox-audit-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it stops around the `killAt`-th result row, then SIGKILLs it. */
function runAndKill(statePath: string, auditPath: string, mode: 'before' | 'after', killAt: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, statePath, auditPath, '40', mode, String(killAt)]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('between\n')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      signal ? resolve(signal) : reject(new Error(`writer exited ${code}: ${out} ${err.slice(-1500)}`)),
    );
  });
}

/** Confirmed writes in the state store, and the record numbers the audit log's result rows hold, by key. */
function inspect(statePath: string, auditPath: string) {
  const state = new Database(statePath, { readonly: true });
  const confirmed = state
    .prepare<[], { key: string; recordNo: string }>(
      "SELECT idempotency_key AS key, target_record_no AS recordNo FROM outbox WHERE state = 'confirmed' ORDER BY idempotency_key",
    )
    .all();
  const sending = (state.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'sending'").get() as { n: number }).n;
  state.close();
  const audit = new Database(auditPath, { readonly: true });
  const logged = new Map<string, string>();
  for (const { detail } of audit
    .prepare<[], { detail: string }>("SELECT detail FROM audit_events WHERE kind = 'external_write' AND outcome = 'result'")
    .all()) {
    for (const w of (JSON.parse(detail) as { writes: { idempotencyKey: string; recordNo: string | null }[] }).writes)
      if (w.recordNo !== null) logged.set(w.idempotencyKey, w.recordNo);
  }
  audit.close();
  return { confirmed, sending, logged };
}

describe('SIGKILL between a result audit row and the outbox confirmation', () => {
  it.each([
    ['before', 3],
    ['after', 3],
    ['before', 1],
    ['after', 6],
  ] as const)(
    'killed %s result row %i: every confirmed write has its result row with its record number',
    async (mode, killAt) => {
      const statePath = join(dir, `state-${mode}-${killAt}.db`);
      const auditPath = join(dir, `audit-${mode}-${killAt}.db`);
      expect(await runAndKill(statePath, auditPath, mode, killAt)).toBe('SIGKILL');
      const { confirmed, sending, logged } = inspect(statePath, auditPath);
      // Batches of 5: the batches before the stopped one are confirmed, the stopped one is still in flight.
      expect(confirmed).toHaveLength(5 * (killAt - 1));
      expect(sending).toBe(5);
      for (const { key, recordNo } of confirmed) expect(logged.get(key), key).toBe(recordNo);
      expect(logged.size).toBe(5 * (mode === 'after' ? killAt : killAt - 1));
      expect(verifyAuditLog(auditPath)).toMatchObject({ ok: true });
    },
    30_000,
  );
});
