import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';

const APPENDER = fileURLToPath(new URL('../fixtures/audit-appender.ts', import.meta.url));
const PROCESSES = 4;
const EACH = 150;

interface Child {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(path: string, name: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', APPENDER, path, String(EACH), name]);
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, ready, done };
}

describe('audit log shared by several processes', () => {
  it('keeps one gapless, valid chain when processes append at the same time', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-audit-procs-')), 'audit.db');
    const children = Array.from({ length: PROCESSES }, (_, i) => start(path, `p${i}`));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.write('go\n');
    const results = await Promise.all(children.map((c) => c.done));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const seqs = results.map((r) => JSON.parse(r.stdout.slice('ready\n'.length)) as number[]);
    expect(seqs.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: PROCESSES * EACH }, (_, i) => i + 1));
    // Each process's own appends come back in increasing order, and at least two processes really interleaved.
    for (const own of seqs) expect([...own].sort((a, b) => a - b)).toEqual(own);
    const interleaved = seqs.filter((own) => own[own.length - 1]! - own[0]! + 1 > own.length).length;
    expect(interleaved).toBeGreaterThanOrEqual(2);
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: PROCESSES * EACH });
  });
});
