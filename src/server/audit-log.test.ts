import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTestChain } from '../../audit/schema/chain.test-support.ts';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import type { AuditEventInput } from '../core/ports/audit-port.ts';
import { ORDINARY_NAMES, secretFor, SENSITIVE_NAMES } from '../platform/redaction.test-support.ts';
import type { JsonValue } from '../domain/json.ts';
import { AUDIT_QUERY_MAX_LIMIT, AuditWriteError, openAuditLog, type AuditLog } from './audit-log.ts';
import { AUDIT_LIMITS } from './audit-sanitize.ts';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

function tempPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'sb-audit-log-')), 'nested', 'audit.db');
}

function fakeClock(startMs = Date.UTC(2026, 2, 1, 9)) {
  let now = startMs;
  return { now: () => new Date((now += 1000)) };
}

function open(path: string, deps: Parameters<typeof openAuditLog>[1] = { clock: fakeClock() }): AuditLog {
  const log = openAuditLog(path, deps);
  opened.push(log);
  return log;
}

function raw(path: string): Database.Database {
  const db = new Database(path);
  opened.push(db);
  return db;
}

const event = (i: number, over: Partial<AuditEventInput> = {}): AuditEventInput => ({
  kind: 'tool_call',
  principal: i % 2 ? 'alice' : 'agent.bot',
  action: i % 3 ? 'sync_gl' : 'approve_change_set',
  decision: 'allowed',
  outcome: 'ok',
  detail: { i },
  ...over,
});

const count = (path: string) => (raw(path).prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n;

describe('openAuditLog append', () => {
  it('keeps one unbroken chain over many appends', () => {
    const path = tempPath();
    const log = open(path);
    const events = Array.from({ length: 300 }, (_, i) => log.append(event(i)));
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    events.slice(1).forEach((e, i) => expect(e.prevHash).toBe(events[i]!.hash));
    expect(verifyAuditLog(path)).toEqual({ ok: true, rows: 300, lastSeq: 300, lastHash: events[299]!.hash });
  });

  it('returns the row as stored: clock time, whole-ms duration, change set, detail', () => {
    const log = open(tempPath(), { clock: { now: () => new Date('2026-03-05T10:00:00.250Z') } });
    const stored = log.append(event(1, { durationMs: 12.6, changeSetId: 42, detail: { amount: '10.00', skip: undefined } }));
    expect(stored).toMatchObject({ seq: 1, at: '2026-03-05T10:00:00.250Z', durationMs: 13, changeSetId: 42, detail: { amount: '10.00' } });
    expect(log.query()).toEqual([stored]);
  });

  it('keeps one valid chain when two handles on the same file interleave appends', () => {
    const path = tempPath();
    const a = open(path);
    const b = open(path);
    const order = [a, a, b, a, b, b, b, a, b, a];
    const seqs = { a: [] as number[], b: [] as number[] };
    for (let round = 0; round < 20; round++) {
      order.forEach((handle, i) => (handle === a ? seqs.a : seqs.b).push(handle.append(event(round * 10 + i)).seq));
    }
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 200, lastSeq: 200 });
    expect([...seqs.a, ...seqs.b].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('continues the chain of an existing file after reopening', () => {
    const path = tempPath();
    open(path).append(event(1));
    const again = open(path);
    expect(again.append(event(2))).toMatchObject({ seq: 2 });
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 2 });
  });
});

describe('openAuditLog append-only file', () => {
  it('rejects UPDATE and DELETE from any connection', () => {
    const path = tempPath();
    open(path).append(event(1));
    const db = raw(path);
    expect(() => db.prepare("UPDATE audit_events SET outcome = 'failed'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT outcome FROM audit_events').all()).toEqual([{ outcome: 'ok' }]);
  });
});

describe('openAuditLog failure', () => {
  it('throws on a closed handle', () => {
    const log = open(tempPath());
    log.close();
    expect(() => log.append(event(1))).toThrow(AuditWriteError);
  });

  it('throws when another process holds the write lock past the busy timeout, and writes nothing', () => {
    const path = tempPath();
    const log = open(path, { clock: fakeClock(), busyTimeoutMs: 50 });
    log.append(event(1));
    const other = raw(path);
    other.exec('BEGIN IMMEDIATE');
    expect(() => log.append(event(2))).toThrow(/event not written: database is locked/);
    other.exec('ROLLBACK');
    expect(count(path)).toBe(1);
    expect(log.append(event(3)).seq).toBe(2);
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 2 });
  });

  it('stops appending when rows it has seen were removed behind its back', () => {
    const path = tempPath();
    const log = open(path);
    log.append(event(1));
    log.append(event(2));
    const db = raw(path);
    db.exec('DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = 2');
    expect(() => log.append(event(3))).toThrow(/ends at seq 1, but seq 2 was seen earlier/);
    expect(count(path)).toBe(1);
  });

  it('stops appending when a row it has seen was changed behind its back', () => {
    const path = tempPath();
    const log = open(path);
    log.append(event(1));
    const other = open(path);
    other.append(event(2));
    raw(path).exec(
      "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET hash = replace(hash, substr(hash, 1, 1), 'x') WHERE seq = 1",
    );
    expect(() => log.append(event(3))).toThrow(/row seq 1 changed after it was written/);
  });

  it('refuses only an unknown kind (a programming error), before touching the file', () => {
    const path = tempPath();
    const log = open(path);
    expect(() => log.append(event(1, { kind: 'bogus' as never }))).toThrow(/unknown kind "bogus"/);
    expect(count(path)).toBe(0);
  });
});

describe('openAuditLog records every call in a safe, canonical form', () => {
  it('records an empty tool name and an empty principal as empty text', () => {
    const path = tempPath();
    const log = open(path);
    const stored = log.append(event(1, { action: '', principal: '' }));
    expect(stored).toMatchObject({ seq: 1, action: '', principal: '' });
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 1 });
  });

  it('escapes a lone surrogate in a value, a key and a column instead of refusing', () => {
    const path = tempPath();
    const log = open(path);
    const stored = log.append(event(1, { action: 'sync\ud800', detail: { note: 'a\udc00b', ['k\udbff']: 1, pair: 'ok😀' } }));
    expect(stored.action).toBe('sync\\uD800');
    expect(stored.detail).toEqual({ note: 'a\\uDC00b', 'k\\uDBFF': 1, pair: 'ok😀' });
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 1 });
  });

  it('keeps a nested "__proto__" key as data, without touching any prototype', () => {
    const path = tempPath();
    const log = open(path);
    const args = JSON.parse('{"a":{"__proto__":{"polluted":true},"b":1},"__proto__":"top"}') as JsonValue;
    const stored = log.append(event(1, { detail: { arguments: args } }));
    const back = (stored.detail as { arguments: Record<string, Record<string, unknown>> }).arguments;
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(Object.hasOwn(back.a!, '__proto__')).toBe(true);
    expect(JSON.stringify(back.a)).toBe('{"__proto__":{"polluted":true},"b":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const row = raw(path).prepare('SELECT detail FROM audit_events WHERE seq = 1').get() as { detail: string };
    expect(row.detail).toBe('{"arguments":{"__proto__":"top","a":{"__proto__":{"polluted":true},"b":1}}}');
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 1 });
  });

  it('cuts a 900 KB key name and a 900 KB value, recording their original sizes', () => {
    const path = tempPath();
    const log = open(path);
    const huge = 'k'.repeat(900_000);
    log.append(event(1, { detail: { arguments: { [huge]: 'v', big: 'x'.repeat(900_000) } } }));
    const row = raw(path).prepare('SELECT detail FROM audit_events WHERE seq = 1').get() as { detail: string };
    expect(row.detail.length).toBeLessThan(10_000);
    expect(row.detail).toContain(`${'k'.repeat(AUDIT_LIMITS.keyChars)}…[900000 chars]`);
    expect(row.detail).toContain(`${'x'.repeat(AUDIT_LIMITS.valueChars)}…[900000 chars]`);
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 1 });
  });

  it('never cuts inside a surrogate pair (a long text with an astral character at the cut)', () => {
    const path = tempPath();
    const log = open(path);
    const text = `${'c'.repeat(AUDIT_LIMITS.valueChars - 1)}😀${'d'.repeat(20)}`;
    const stored = log.append(event(1, { detail: { comment: text } }));
    expect((stored.detail as { comment: string }).comment).toBe(`${'c'.repeat(AUDIT_LIMITS.valueChars - 1)}…[${text.length} chars]`);
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 1 });
  });

  it('keeps values JSON cannot carry as text, and a bad duration or change set in detail', () => {
    const path = tempPath();
    const log = open(path);
    const stored = log.append(
      event(1, {
        durationMs: -1,
        changeSetId: 1.5,
        detail: { ratio: Number.NaN, n: 1n as never, when: new Date(0) as never, gone: undefined },
      }),
    );
    expect(stored.durationMs).toBeUndefined();
    expect(stored.changeSetId).toBeUndefined();
    expect(stored.detail).toEqual({
      value: { ratio: 'NaN', n: '1', when: '1970-01-01T00:00:00.000Z' },
      unusableColumns: { durationMs: '-1', changeSetId: '1.5' },
    });
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 1 });
  });
});

describe('openAuditLog query', () => {
  it('filters by principal, action, kind, change set, seq and time, in seq order', () => {
    const path = tempPath();
    const log = open(path, { clock: fakeClock(Date.UTC(2026, 2, 1, 9)) }); // row n is at 09:00:00 + n s
    for (let i = 1; i <= 12; i++) log.append(event(i, { ...(i % 4 === 0 ? { kind: 'approval', changeSetId: 7 } : {}) }));
    const seqs = (filter: Parameters<AuditLog['query']>[0]) => log.query(filter).map((e) => e.seq);
    expect(seqs({ principal: 'alice' })).toEqual([1, 3, 5, 7, 9, 11]);
    expect(seqs({ action: 'approve_change_set' })).toEqual([3, 6, 9, 12]);
    expect(seqs({ kind: 'approval' })).toEqual([4, 8, 12]);
    expect(seqs({ changeSetId: 7, principal: 'agent.bot' })).toEqual([4, 8, 12]);
    expect(seqs({ fromSeq: 10 })).toEqual([10, 11, 12]);
    expect(seqs({ from: '2026-03-01T09:00:03Z', to: '2026-03-01T09:00:06.000Z' })).toEqual([3, 4, 5]);
    expect(seqs({ fromSeq: 2, limit: 3 })).toEqual([2, 3, 4]);
  });

  it('returns 100 rows by default and never more than 1000', () => {
    const path = tempPath();
    mkdirSync(dirname(path));
    writeTestChain(path, 1100);
    const log = open(path);
    expect(log.query()).toHaveLength(100);
    expect(log.query({ limit: 5000 })).toHaveLength(AUDIT_QUERY_MAX_LIMIT);
    expect(log.query({ fromSeq: 1001, limit: 5000 }).map((e) => e.seq)[0]).toBe(1001);
    expect(log.append(event(1)).seq).toBe(1101);
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, rows: 1101 });
  });

  it('rejects a limit below 1 and a bound that is not a time', () => {
    const log = open(tempPath());
    expect(() => log.query({ limit: 0 })).toThrow(/limit/);
    expect(() => log.query({ from: 'last tuesday' })).toThrow(/ISO instant/);
  });
});

describe('openAuditLog redaction', () => {
  it('masks every name of the shared vocabulary (swift and iban included) in the stored row', () => {
    const path = tempPath();
    const log = open(path);
    const fields = Object.fromEntries([...SENSITIVE_NAMES, ...ORDINARY_NAMES].map((n) => [n, secretFor(n)]));
    const stored = log.append(event(1, { detail: { vendor: fields, list: [{ remit: fields }], via: 'https://svc:hunter2@host/' } }));
    const text = JSON.stringify(stored.detail);
    for (const name of SENSITIVE_NAMES) expect(text, name).not.toContain(secretFor(name));
    for (const name of ORDINARY_NAMES) expect(text, name).toContain(secretFor(name));
    expect(text).not.toContain('hunter2');
    log.close();
  });

  it('masks secret-named keys at any depth before writing, and keeps the rest', () => {
    const path = tempPath();
    const log = open(path);
    const stored = log.append(
      event(1, {
        detail: {
          vendor: 'V100',
          userPassword: 'hunter2',
          Authorization: 'Bearer abc',
          nested: { apiToken: 'tok-1', sessionId: 'sess-1', list: [{ iban: 'DE89370400440532013000', amount: '5.00' }] },
          bank: { name: 'First Bank', number: '123' },
          ACHACCOUNTNUMBER: '000123456789',
          account_number: '987',
          routingNumber: '021000021',
          clientSecret: 's3',
        },
      }),
    );
    expect(stored.detail).toEqual({
      vendor: 'V100',
      userPassword: '[redacted]',
      Authorization: '[redacted]',
      nested: { apiToken: '[redacted]', sessionId: '[redacted]', list: [{ iban: '[redacted]', amount: '5.00' }] },
      bank: '[redacted]',
      ACHACCOUNTNUMBER: '[redacted]',
      account_number: '[redacted]',
      routingNumber: '[redacted]',
      clientSecret: '[redacted]',
    });
    log.close();
    const files = [path, `${path}-wal`].filter((f) => existsSync(f));
    const bytes = files.map((f) => readFileSync(f, 'latin1')).join('');
    expect(bytes).toContain('V100');
    for (const secret of [
      'hunter2',
      'Bearer abc',
      'tok-1',
      'sess-1',
      'DE89370400440532013000',
      'First Bank',
      '000123456789',
      '021000021',
    ]) {
      expect(bytes).not.toContain(secret);
    }
  });
});

describe('relaxed rows (calls that changed nothing)', () => {
  it('chain like any row, and are synced before a checkpoint reads the head', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-audit-relaxed-'));
    const path = join(dir, 'audit.db');
    const log = openAuditLog(path);
    const row = {
      kind: 'tool_call' as const,
      principal: 'auditor',
      action: 'get_sync_status',
      decision: 'allowed',
      outcome: 'ok',
      detail: {},
    };
    log.append(row, { durability: 'relaxed' });
    log.append({ ...row, action: 'post_journal_entries' });
    log.append(row, { durability: 'relaxed' });
    const head = log.checkpointHead();
    expect(head.seq).toBe(3);
    log.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_events').get()).toEqual({ n: 3 });
    db.close();
    expect(verifyAuditLog(path)).toMatchObject({ ok: true });
  });
});
