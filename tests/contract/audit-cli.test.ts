import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/core/ports/audit-port.ts';
import { openAuditLog } from '../../src/server/audit-log.ts';
import { runCli, type CliRun } from '../helpers/spawn-cli.ts';

const AUDIT_DIR = fileURLToPath(new URL('../../audit/', import.meta.url));

/** Runs audit/<tool>/main.ts the way an auditor would, through tsx and nothing of sagebridge's CLI. */
function runStandalone(tool: 'verify' | 'export', args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(AUDIT_DIR, tool, 'main.ts'), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const START = Date.UTC(2026, 2, 1);
const HOURS_APART = 6; // rows 1-4 on 1 March, 5-8 on 2 March, 9-12 on 3 March

/** A deployment folder with a config file and an audit log of `rows` events written through the real writer. */
function deployment(rows = 12): { dir: string; config: string; db: string; events: AuditEvent[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-audit-cli-'));
  const config = join(dir, 'sagebridge.config.json');
  writeFileSync(config, JSON.stringify({ stateDir: join(dir, 'state'), logLevel: 'silent' }));
  const db = join(dir, 'state', 'audit.db');
  let n = 0;
  const log = openAuditLog(db, { clock: { now: () => new Date(START + n++ * HOURS_APART * 3_600_000) } });
  const events = Array.from({ length: rows }, (_, i) =>
    log.append({
      kind: i % 3 === 2 ? 'approval' : 'tool_call',
      principal: i % 2 ? 'alice' : 'agent.bot',
      action: 'sync_gl',
      decision: 'allowed',
      outcome: 'ok',
      durationMs: i * 7,
      ...(i % 4 === 3 ? { changeSetId: i } : {}),
      detail: { i, note: `row ${i + 1}, "quoted"\nsecond line`, amount: `${i}.50` },
    }),
  );
  log.close();
  return { dir, config, db, events };
}

function tamper(db: string, sql: string): void {
  const conn = new Database(db);
  conn.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;');
  conn.exec(sql);
  conn.close();
}

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let end = text.indexOf('"', i + 1);
      while (text[end + 1] === '"') end = text.indexOf('"', end + 2);
      field += text.slice(i + 1, end).replaceAll('""', '"');
      i = end + 1;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else {
      field += text[i];
      i++;
    }
  }
  return records;
}

describe('sagebridge audit verify', () => {
  it('reports an intact log with its row count and last hash, exit 0', async () => {
    const { config, events } = deployment();
    const run = await runCli(['--config', config, 'audit', 'verify']);
    expect(run).toMatchObject({ code: 0, stdout: `OK 12 rows, last hash ${events[11]!.hash}\n` });
  });

  it('verifies a log that a writer still has open', async () => {
    const { config, db } = deployment(3);
    const live = openAuditLog(db);
    live.append({ kind: 'report', principal: 'system', action: 'tb', decision: 'n/a', outcome: 'ok', detail: {} });
    try {
      const run = await runCli(['--config', config, 'audit', 'verify', '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, rows: 4, lastSeq: 4, path: db });
    } finally {
      live.close();
    }
  });

  it("names seq 7 when that row's detail was changed, exit 1", async () => {
    const { config, db } = deployment();
    tamper(db, `UPDATE audit_events SET detail = '{"amount":"6000.50","i":6}' WHERE seq = 7`);
    const run = await runCli(['--config', config, 'audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^BROKEN at seq 7: hash does not match/);
  });

  it('names the missing seq when a middle row was deleted, exit 1', async () => {
    const { config, db } = deployment();
    tamper(db, 'DELETE FROM audit_events WHERE seq = 5');
    const run = await runCli(['--config', config, 'audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('BROKEN at seq 5: row 5 is missing (the row after seq 4 is seq 6)\n');
  });

  it('says in one line that there is no audit log, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-audit-cli-'));
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify({ audit: { path: join(dir, 'none.db') } }));
    const run = await runCli(['--config', config, 'audit', 'verify']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `sagebridge: no audit log at ${join(dir, 'none.db')} (audit.path in the configuration; default STATEDIR/audit.db)`,
    ]);
  });

  it('gives the same verdict as the standalone auditor tool on a copy', async () => {
    const { dir, config, db, events } = deployment();
    const copy = join(dir, 'evidence.db');
    copyFileSync(db, copy);
    const [cli, standalone] = await Promise.all([runCli(['--config', config, 'audit', 'verify']), runStandalone('verify', [copy])]);
    expect({ code: standalone.code, stdout: standalone.stdout }).toEqual({ code: cli.code, stdout: cli.stdout });
    expect(cli.stdout).toContain(events[11]!.hash);
  });
});

describe('sagebridge audit export', () => {
  it('exports the rows of one whole UTC day as JSON Lines that parse back to the stored events', async () => {
    const { config, events } = deployment();
    const run = await runCli(['--config', config, 'audit', 'export', '--format', 'jsonl', '--from', '2026-03-02', '--to', '2026-03-02']);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.seq)).toEqual([5, 6, 7, 8]);
    const e = events[5]!;
    expect(lines[1]).toEqual({
      seq: 6,
      at: e.at,
      kind: e.kind,
      principal: e.principal,
      action: e.action,
      decision: e.decision,
      outcome: e.outcome,
      duration_ms: 35,
      change_set_id: null,
      detail: e.detail,
      prev_hash: e.prevHash,
      hash: e.hash,
    });
  });

  it('exports an instant range (to exclusive) as RFC 4180 CSV into --out', async () => {
    const { dir, config, events } = deployment();
    const out = join(dir, 'export.csv');
    const run = await runCli([
      '--config',
      config,
      'audit',
      'export',
      '--format',
      'csv',
      '--from',
      '2026-03-01T12:00:00Z',
      '--to',
      '2026-03-03T00:00:00Z',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const [header, ...records] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual([
      'seq',
      'at',
      'kind',
      'principal',
      'action',
      'decision',
      'outcome',
      'duration_ms',
      'change_set_id',
      'detail',
      'prev_hash',
      'hash',
    ]);
    expect(records.map((r) => Number(r[0]))).toEqual([3, 4, 5, 6, 7, 8]);
    const four = records[1]!;
    expect(four[8]).toBe('3');
    expect(JSON.parse(four[9]!)).toEqual(events[3]!.detail);
    expect(four[11]).toBe(events[3]!.hash);
  });

  it('gives the same JSON Lines from the standalone auditor tool', async () => {
    const { config, db } = deployment();
    const args = ['--format', 'jsonl', '--from', '2026-03-01T06:00:00Z', '--to', '2026-03-02'];
    const [cli, standalone] = await Promise.all([
      runCli(['--config', config, 'audit', 'export', ...args]),
      runStandalone('export', [db, ...args]),
    ]);
    expect(standalone.code).toBe(0);
    expect(standalone.stdout).toBe(cli.stdout);
    expect(cli.stdout.trimEnd().split('\n')).toHaveLength(7);
  });

  it.each([
    [['--format', 'xml'], /--format expects jsonl or csv, got "xml"/],
    [['--format', 'csv', '--from', '2026-02-30'], /--from expects a date YYYY-MM-DD/],
    [['--format', 'csv', '--from', '2026-03-05', '--to', '2026-03-01'], /must be before --to/],
    [['--format', 'csv', '--since', '2026-03-01'], /--since/],
  ])('refuses %j with one line and exit 2', async (flags, message) => {
    const { config } = deployment(1);
    const run = await runCli(['--config', config, 'audit', 'export', ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
