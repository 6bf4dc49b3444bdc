import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeTestChain } from '../schema/chain.test-support.ts';
import { AUDIT_COLUMNS, AuditFileError, canonicalJson, type AuditRow } from '../schema/index.ts';
import { exportAuditLog, exportAuditLogToFile } from './export-audit-log.ts';
import { csvField } from './format-rows.ts';
import { parseExportRange } from './time-range.ts';

function chain(n: number, detail?: (seq: number) => unknown): { path: string; dir: string; rows: AuditRow[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-audit-export-'));
  const path = join(dir, 'audit.db');
  return { path, dir, rows: writeTestChain(path, n, detail) };
}

/** Collects everything written; with `slow`, acknowledges each chunk late so backpressure builds. */
function sink(slow = false): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      if (slow) setImmediate(done);
      else done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** A strict RFC 4180 reader, written for this test so the export is checked by something other than itself. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let end = text.indexOf('"', i + 1);
      while (text[end + 1] === '"') end = text.indexOf('"', end + 2);
      expect(end).toBeGreaterThan(i);
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
  expect(field).toBe('');
  return records;
}

const TRICKY = (seq: number) => ({ seq, note: `comma, "quote" and\r\nnew line ${seq}` });

describe('exportAuditLog', () => {
  it('writes every row as one JSON line in seq order, detail as an object', async () => {
    const { path, rows } = chain(5);
    const out = sink();
    expect(await exportAuditLog(path, { format: 'jsonl' }, out.stream)).toEqual({ rows: 5 });
    const lines = out
      .text()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(Object.keys(lines[0]!)).toEqual([...AUDIT_COLUMNS]);
    expect(lines[3]).toEqual({ ...rows[3], detail: { n: 4 } });
    expect(canonicalJson(lines[3]!.detail)).toBe(rows[3]!.detail);
  });

  it('selects rows by at: from inclusive, to exclusive', async () => {
    const { path } = chain(10); // row i is at 2026-03-01T00:00Z + (i-1) h
    const out = sink();
    const result = await exportAuditLog(
      path,
      { format: 'jsonl', from: '2026-03-01T02:00:00Z', to: '2026-03-01T05:00:00.000Z' },
      out.stream,
    );
    expect(result.rows).toBe(3);
    expect(
      out
        .text()
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { seq: number }).seq),
    ).toEqual([3, 4, 5]);
  });

  it('writes RFC 4180 CSV with a header, CRLF and quoted fields that parse back exactly', async () => {
    const { path, rows } = chain(4, TRICKY);
    const out = sink();
    await exportAuditLog(path, { format: 'csv' }, out.stream);
    const text = out.text();
    expect(text.startsWith(`${AUDIT_COLUMNS.join(',')}\r\n`)).toBe(true);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([...AUDIT_COLUMNS]);
    expect(records).toHaveLength(4);
    records.forEach((record, i) => {
      const row = rows[i]!;
      expect(record).toEqual(AUDIT_COLUMNS.map((c) => (row[c] === null ? '' : String(row[c]))));
    });
    expect(JSON.parse(records[2]![AUDIT_COLUMNS.indexOf('detail')]!)).toEqual({ seq: 3, note: 'comma, "quote" and\r\nnew line 3' });
  });

  it('waits for a slow writable instead of buffering the whole log', async () => {
    const { path } = chain(3000, (seq) => ({ seq, pad: 'x'.repeat(100) }));
    const out = sink(true);
    expect((await exportAuditLog(path, { format: 'jsonl' }, out.stream)).rows).toBe(3000);
    expect(out.text().split('\n').filter(Boolean)).toHaveLength(3000);
  });

  it('refuses a bound that is not an ISO instant with a time zone', async () => {
    const { path } = chain(1);
    await expect(exportAuditLog(path, { format: 'csv', from: '2026-03-01T00:00:00' }, sink().stream)).rejects.toThrow(/ISO instant/);
  });
});

describe('exportAuditLogToFile', () => {
  it('writes the complete file under its final name', async () => {
    const { path, dir } = chain(3);
    const file = join(dir, 'out.jsonl');
    await exportAuditLogToFile(path, { format: 'jsonl' }, file);
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('leaves no file behind when the export fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-audit-export-'));
    const file = join(dir, 'out.csv');
    await expect(exportAuditLogToFile(join(dir, 'absent.db'), { format: 'csv' }, file)).rejects.toBeInstanceOf(AuditFileError);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('parseExportRange', () => {
  it('turns dates into UTC day bounds, a --to date including its whole day', () => {
    expect(parseExportRange('2026-03-01', '2026-03-31')).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
  });

  it('normalises instants with an offset to UTC', () => {
    expect(parseExportRange('2026-03-01T02:00:00+02:00', undefined)).toEqual({ from: '2026-03-01T00:00:00.000Z' });
  });

  it.each([
    ['a date that does not exist', '2026-02-30', /--from expects a date YYYY-MM-DD/],
    ['an instant without a time zone', '2026-03-01T10:00', /--from expects/],
    ['free text', 'yesterday', /got "yesterday"/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => parseExportRange(value, undefined)).toThrow(message);
  });

  it('refuses a range whose start is not before its end', () => {
    expect(() => parseExportRange('2026-03-02', '2026-03-01')).toThrow(/--from \(2026-03-02\) must be before --to/);
  });
});

describe('csvField', () => {
  it('quotes only when needed and doubles inner quotes', () => {
    expect([csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField('line\nbreak'), csvField(12), csvField(null)]).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"line\nbreak"',
      '12',
      '',
    ]);
  });
});

describe('exportAuditLog to a reader that goes away', () => {
  it('rejects instead of waiting forever for a drain that never comes', async () => {
    const { path } = chain(2000, (seq) => ({ seq, pad: 'x'.repeat(200) }));
    const stream = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, _done) {
        // never acknowledges: the reader stopped reading, then it closes
        setImmediate(() => stream.destroy());
      },
    });
    await expect(exportAuditLog(path, { format: 'jsonl' }, stream)).rejects.toThrow(/closed before the export finished/);
  });
});
