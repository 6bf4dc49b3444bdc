import { afterAll, beforeAll, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money } from '../../src/domain/money.ts';
import { createSqliteBackend } from '../../src/connectors/sage300/sql-sqlite-backend.ts';
import { createSage300Reader } from '../../src/connectors/sage300/reader.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { seedGlpostRows } from '../bench/sage300-sql-bench.ts';

const ROWS = 200_000;
let dir: string;
let path: string;
let expected: Money;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-stream-'));
  path = join(dir, 'BIG.sqlite');
  const db = new Database(path);
  expected = seedGlpostRows(db, ROWS);
  db.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('streams 200,000 GLPOST rows through keyset pages holding at most one page', async () => {
  const reader = createSage300Reader(createSqliteBackend(path), { log: silentLogger(), companyId: 'BIG', pageSize: 1000 });
  let count = 0;
  let sum = new Money(0);
  let lastSeq = 0;
  let ordered = true;
  for await (const r of reader.gl.postingsSince(null)) {
    if (!r.ok) throw new Error(r.error.message);
    count += 1;
    sum = sum.plus(r.value.amount);
    if (r.value.postingSequence < lastSeq) ordered = false;
    lastSeq = r.value.postingSequence;
  }
  const stats = reader.stats();
  await reader.close();
  expect(count).toBe(ROWS);
  expect(sum.toFixed(3)).toBe(expected.toFixed(3));
  expect(ordered).toBe(true);
  expect(stats.maxBufferedRows).toBe(1000);
  expect(stats.queries).toBe(ROWS / 1000 + 1);
}, 30_000);
