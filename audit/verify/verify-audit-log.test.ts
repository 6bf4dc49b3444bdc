import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tamper, writeTestChain } from '../schema/chain.test-support.ts';
import { AuditFileError, GENESIS_HASH, rowHash, type AuditRow } from '../schema/index.ts';
import { runVerifyMain } from './main.ts';
import { verifyAuditLog, verifyRows } from './verify-audit-log.ts';

function chain(n: number): { path: string; rows: AuditRow[] } {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-audit-verify-')), 'audit.db');
  return { path, rows: writeTestChain(path, n) };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AuditFileError ? err.code : `not an AuditFileError: ${String(err)}`;
  }
  return undefined;
}

describe('verifyAuditLog', () => {
  it('accepts an intact chain and reports its length and last hash', () => {
    const { path, rows } = chain(25);
    expect(verifyAuditLog(path)).toEqual({ ok: true, rows: 25, lastSeq: 25, lastHash: rows[24]!.hash });
  });

  it('accepts an empty log, whose last hash is the genesis value', () => {
    const { path } = chain(0);
    expect(verifyAuditLog(path)).toEqual({ ok: true, rows: 0, lastSeq: 0, lastHash: GENESIS_HASH });
  });

  it('names the row whose detail was changed', () => {
    const { path } = chain(12);
    tamper(path, 'UPDATE audit_events SET detail = ? WHERE seq = 7', '{"n":700}');
    expect(verifyAuditLog(path)).toEqual({ ok: false, seq: 7, reason: expect.stringMatching(/hash does not match/) });
  });

  it('names a missing middle row', () => {
    const { path } = chain(12);
    tamper(path, 'DELETE FROM audit_events WHERE seq = 5');
    expect(verifyAuditLog(path)).toEqual({ ok: false, seq: 5, reason: 'row 5 is missing (the row after seq 4 is seq 6)' });
  });

  it('names a missing first row', () => {
    const { path } = chain(3);
    tamper(path, 'DELETE FROM audit_events WHERE seq = 1');
    expect(verifyAuditLog(path)).toMatchObject({ ok: false, seq: 1 });
  });

  it('catches a changed row whose own hash was recomputed, at the next row', () => {
    const { path, rows } = chain(10);
    const changed = { ...rows[3]!, outcome: 'failed' };
    tamper(path, 'UPDATE audit_events SET outcome = ?, hash = ? WHERE seq = 4', changed.outcome, rowHash(changed.prev_hash, changed));
    expect(verifyAuditLog(path)).toEqual({ ok: false, seq: 5, reason: 'prev_hash is not the hash of seq 4' });
  });

  it('catches a first row that does not start from the genesis hash', () => {
    const { path, rows } = chain(2);
    const forged = { ...rows[0]!, prev_hash: 'a'.repeat(64) };
    tamper(path, 'UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = 1', forged.prev_hash, rowHash(forged.prev_hash, forged));
    expect(verifyAuditLog(path)).toEqual({ ok: false, seq: 1, reason: 'prev_hash is not the genesis value (64 zeros)' });
  });

  it('names a row whose detail is not JSON', () => {
    const { path } = chain(4);
    tamper(path, 'UPDATE audit_events SET detail = ? WHERE seq = 3', '{"n":3');
    expect(verifyAuditLog(path)).toEqual({ ok: false, seq: 3, reason: 'detail is not valid JSON' });
  });

  it('names a row whose detail is JSON but not canonical, even with a matching hash', () => {
    const { path, rows } = chain(4);
    const spaced = { ...rows[1]!, detail: '{ "n": 2 }' };
    tamper(path, 'UPDATE audit_events SET detail = ?, hash = ? WHERE seq = 2', spaced.detail, rowHash(spaced.prev_hash, spaced));
    expect(verifyAuditLog(path)).toEqual({ ok: false, seq: 2, reason: 'detail is not in canonical JSON form' });
  });

  it('reports only the first broken row when several are broken', () => {
    const { path } = chain(10);
    tamper(path, 'UPDATE audit_events SET principal = ? WHERE seq IN (3, 8)', 'mallory');
    expect(verifyAuditLog(path)).toMatchObject({ ok: false, seq: 3 });
  });

  it('does not change the file it checks', () => {
    const { path } = chain(5);
    const digest = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = digest();
    verifyAuditLog(path);
    expect(digest()).toBe(before);
  });

  it('throws AuditFileError for a missing file, a non-SQLite file and a SQLite file that is not an audit log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-audit-verify-'));
    expect(codeOf(() => verifyAuditLog(join(dir, 'absent.db')))).toBe('missing');
    writeFileSync(join(dir, 'text.db'), 'this is not a database, just some text long enough to be read as a header.....');
    expect(codeOf(() => verifyAuditLog(join(dir, 'text.db')))).toBe('unreadable');
    new Database(join(dir, 'other.db')).exec('CREATE TABLE t (x INTEGER)');
    expect(codeOf(() => verifyAuditLog(join(dir, 'other.db')))).toBe('not_audit_log');
  });
});

describe('verifyRows', () => {
  it('rejects a seq that goes backwards', () => {
    const { rows } = chain(3);
    expect(verifyRows([rows[0]!, rows[1]!, rows[1]!])).toMatchObject({ ok: false, seq: 2, reason: 'seq 2 where 3 was expected' });
  });
});

describe('verify main', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runVerifyMain(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('prints OK with the row count and last hash and exits 0', async () => {
    const { path, rows } = chain(3);
    expect(await run([path])).toEqual({ code: 0, out: [`OK 3 rows, last hash ${rows[2]!.hash}`], err: [] });
  });

  it('prints BROKEN at the seq and exits 1', async () => {
    const { path } = chain(9);
    tamper(path, 'UPDATE audit_events SET detail = ? WHERE seq = 7', '{}');
    const result = await run([path]);
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/^BROKEN at seq 7: /);
  });

  it('prints the result as JSON with --json', async () => {
    const { path } = chain(2);
    expect(JSON.parse((await run([path, '--json'])).out[0]!)).toMatchObject({ ok: true, rows: 2 });
  });

  it('exits 2 with one line for a missing file or no file argument', async () => {
    const missing = await run(['/nonexistent/audit.db']);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toBe('verify: no audit log at /nonexistent/audit.db');
    expect((await run([])).code).toBe(2);
  });
});
