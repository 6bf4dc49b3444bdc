/**
 * Issue 17, item 4 and the acceptance: the 16 tampering cases against an audit log written by the real writer, with
 * checkpoints written by the real checkpointer to a file sink outside the database. Every case is detected when the
 * log is checked against the checkpoints; the table of which ones the hash chain alone detects is asserted too,
 * because audit/README.md publishes it.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, rowHash, type AuditRow } from '../../audit/schema/index.ts';
import { runVerifyMain } from '../../audit/verify/main.ts';
import type { AuditEventInput } from '../../src/core/ports/audit-port.ts';
import { fileLineSink } from '../../src/platform/checkpoint-sinks.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { createCheckpointer } from '../../src/server/audit-checkpoint.ts';
import { openAuditLog } from '../../src/server/audit-log.ts';

const ROWS = 30;
const dir = mkdtempSync(join(tmpdir(), 'sb-audit-tamper-'));
const base = join(dir, 'audit.db');
const checkpoints = join(dir, 'checkpoints.jsonl');
const publicKeyFile = join(dir, 'signing.pub.pem');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

const event = (i: number, marker = 'real'): AuditEventInput => ({
  kind: i === 12 ? 'approval' : 'tool_call',
  principal: i % 2 ? 'alice' : 'agent.bot',
  action: i === 12 ? 'gl:change_set' : 'post_journal_entries',
  decision: i === 12 ? 'approved' : 'allowed',
  outcome: 'ok',
  ...(i === 12 ? { changeSetId: 3 } : {}),
  detail: { i, marker, amount: `${i}00.25` },
});

/** Writes a log of ROWS rows through the real writer; with `sign`, the real checkpointer writes its checkpoints. */
async function writeLog(path: string, marker: string, sign: boolean): Promise<void> {
  const log = openAuditLog(path);
  const checkpointer = sign
    ? createCheckpointer({
        audit: log,
        key: { privateKey, publicKey, keyId: '', source: 'test' },
        sinks: [fileLineSink(checkpoints)],
        intervalMs: 60_000,
        log: silentLogger(),
      })
    : undefined;
  for (let i = 1; i <= ROWS; i++) {
    const stored = log.append(event(i, marker));
    checkpointer?.noteAppend(stored);
  }
  await checkpointer?.close();
  log.close();
}

beforeAll(async () => {
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  await writeLog(base, 'real', true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Db = Database.Database;
const rowsOf = (db: Db) => db.prepare<[], AuditRow>('SELECT * FROM audit_events ORDER BY seq').all();

/** Recomputes seq-consecutive hashes from `fromSeq` on, as someone with write access and the published formula would. */
function rechain(db: Db, fromSeq: number): void {
  const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = fromSeq === 1 ? GENESIS_HASH : rowsOf(db).find((r) => r.seq === fromSeq - 1)!.hash;
  for (const row of rowsOf(db).filter((r) => r.seq >= fromSeq)) {
    const hash = rowHash(prev, row);
    update.run(prev, hash, row.seq);
    prev = hash;
  }
}

/** Appends a row that chains correctly onto the last one. */
function forge(db: Db, at: (last: AuditRow) => string): void {
  const last = rowsOf(db).at(-1)!;
  const row = { ...last, seq: last.seq + 1, at: at(last), action: 'approve_change_set', detail: '{"forged":true}' };
  const hash = rowHash(last.hash, row);
  db.prepare(
    `INSERT INTO audit_events (seq, at, kind, principal, action, decision, outcome, duration_ms, change_set_id, detail, prev_hash, hash)
     VALUES (@seq, @at, @kind, @principal, @action, @decision, @outcome, @duration_ms, @change_set_id, @detail, @prev_hash, @hash)`,
  ).run({ ...row, prev_hash: last.hash, hash });
}

const sql = (statements: string) => (db: Db) => db.exec(statements);

/** The 16 cases; `chainAlone` is whether the hash chain detects it without a checkpoint (the README's table). */
const CASES: { name: string; chainAlone: boolean; tamper: (db: Db) => void; file?: (path: string) => void | Promise<void> }[] = [
  {
    name: 'one byte of a row changed',
    chainAlone: true,
    tamper: sql(`UPDATE audit_events SET detail = replace(detail, '1700.25', '7700.25') WHERE seq = 17`),
  },
  {
    name: 'one byte of a stored hash changed',
    chainAlone: true,
    // Always a different first character: 'f' where the hash starts with another, '0' where it starts with 'f'.
    tamper: sql(
      `UPDATE audit_events SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' ELSE 'f' END) || substr(hash, 2) WHERE seq = 9`,
    ),
  },
  { name: 'a middle row deleted', chainAlone: true, tamper: sql('DELETE FROM audit_events WHERE seq = 15') },
  { name: 'the first row deleted', chainAlone: true, tamper: sql('DELETE FROM audit_events WHERE seq = 1') },
  { name: 'the last row deleted', chainAlone: false, tamper: sql(`DELETE FROM audit_events WHERE seq = ${ROWS}`) },
  { name: 'the last 10 rows deleted', chainAlone: false, tamper: sql(`DELETE FROM audit_events WHERE seq > ${ROWS - 10}`) },
  { name: 'all rows deleted', chainAlone: false, tamper: sql('DELETE FROM audit_events') },
  {
    name: 'two rows swapped',
    chainAlone: true,
    tamper: (db) => {
      const [a, b] = rowsOf(db).filter((r) => r.seq === 10 || r.seq === 11);
      const put = db.prepare(
        'UPDATE audit_events SET at = ?, principal = ?, action = ?, detail = ?, prev_hash = ?, hash = ? WHERE seq = ?',
      );
      put.run(b!.at, b!.principal, b!.action, b!.detail, b!.prev_hash, b!.hash, 10);
      put.run(a!.at, a!.principal, a!.action, a!.detail, a!.prev_hash, a!.hash, 11);
    },
  },
  {
    name: 'the file cut short',
    chainAlone: true,
    tamper: () => undefined,
    file: (path) => truncateSync(path, Math.floor(statSync(path).size / 2)),
  },
  { name: 'a forged row appended', chainAlone: false, tamper: (db) => forge(db, () => new Date(Date.now() + 1000).toISOString()) },
  { name: 'a forged row appended with a back-dated time', chainAlone: false, tamper: (db) => forge(db, (last) => last.at) },
  {
    name: 'the tail rewritten with recomputed hashes',
    chainAlone: false,
    tamper: (db) => {
      db.exec(`UPDATE audit_events SET detail = replace(detail, '"real"', '"fake"') WHERE seq >= 25`);
      rechain(db, 25);
    },
  },
  {
    name: 'the last row rewritten with a recomputed hash',
    chainAlone: false,
    tamper: (db) => {
      db.exec(`UPDATE audit_events SET outcome = 'error:forbidden' WHERE seq = ${ROWS}`);
      rechain(db, ROWS);
    },
  },
  {
    name: 'a middle row deleted, the rest renumbered and rehashed',
    chainAlone: false,
    tamper: (db) => {
      db.exec('DELETE FROM audit_events WHERE seq = 15');
      for (let s = 16; s <= ROWS; s++) db.prepare('UPDATE audit_events SET seq = ? WHERE seq = ?').run(s - 1, s);
      rechain(db, 15);
    },
  },
  { name: 'the audit_events table dropped', chainAlone: true, tamper: sql('DROP TABLE audit_events') },
  {
    name: 'the file replaced by another valid log',
    chainAlone: false,
    tamper: () => undefined,
    file: async (path) => {
      rmSync(path);
      await writeLog(path, 'other', false);
    },
  },
];

async function verify(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVerifyMain(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

async function tampered(index: number): Promise<string> {
  const c = CASES[index]!;
  const path = join(dir, `case-${index + 1}.db`);
  copyFileSync(base, path);
  const db = new Database(path);
  for (const { name } of db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'").all())
    db.exec(`DROP TRIGGER ${name}`);
  c.tamper(db);
  db.close();
  await c.file?.(path);
  return path;
}

describe('the 16 audit tampering cases', () => {
  it('the untouched log is intact and covered by its latest checkpoint', async () => {
    expect(await verify([base])).toMatchObject({ code: 0 });
    const checked = await verify([base, '--checkpoints', checkpoints, '--public-key', publicKeyFile]);
    expect(checked.code).toBe(0);
    expect(checked.out[1]).toMatch(new RegExp(`^CHECKPOINT OK: every row is covered; latest checkpoint: seq ${ROWS} `));
  });

  it('has 16 distinct cases', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(16);
  });

  it.each(CASES.map((c, i) => [i + 1, c.name, i] as const))(
    'case %i, %s: detected with a checkpoint; without one as the README says',
    async (_n, _name, i) => {
      const path = await tampered(i);
      const alone = await verify([path]);
      expect(alone.code !== 0, `chain alone: ${JSON.stringify(alone)}`).toBe(CASES[i]!.chainAlone);
      const checked = await verify([path, '--checkpoints', checkpoints, '--public-key', publicKeyFile]);
      expect(checked.code, JSON.stringify(checked)).not.toBe(0);
      // A verdict the auditor can read: BROKEN / not covered on stdout, or one line on stderr, never a stack trace.
      expect([...checked.out, ...checked.err].join('\n')).not.toMatch(/\n\s+at /);
      if (checked.code === 2) expect(checked.err).toHaveLength(1);
      else expect(checked.out.join('\n')).toMatch(/BROKEN|not covered/);
    },
  );

  it('a forged checkpoint (signed with another key under the same key id) is reported', async () => {
    const forgedFile = join(dir, 'forged-checkpoints.jsonl');
    const path = await tampered(5); // the last 10 rows deleted
    const lines = (await import('node:fs')).readFileSync(checkpoints, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    writeFileSync(
      forgedFile,
      `${JSON.stringify({ ...last, seq: ROWS - 10, hash: rowsOf(new Database(path, { readonly: true })).at(-1)!.hash })}\n`,
    );
    const checked = await verify([path, '--checkpoints', forgedFile, '--public-key', publicKeyFile]);
    expect(checked.code).toBe(2);
    expect(checked.err[0]).toMatch(/bad signature/);
  });

  it('the standalone verifier names a dropped table in one line, exit 2, no stack trace', async () => {
    const path = await tampered(14);
    const main = fileURLToPath(new URL('../../audit/verify/main.ts', import.meta.url));
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, path]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`verify: ${path} has no audit_events table: the log's rows were dropped or never created\n`);
  });
});
