import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, rowHash, rowHashInput, type AuditRowFields } from './row-hash.ts';

// The worked example in audit/README.md; if these change, the README is wrong or the formula changed.
const ROW1: AuditRowFields = {
  seq: 1,
  at: '2026-03-01T09:30:00.000Z',
  kind: 'tool_call',
  principal: 'alice',
  action: 'sync_gl',
  decision: 'allowed',
  outcome: 'ok',
  duration_ms: 412,
  change_set_id: null,
  detail: '{"entries":3,"period":"2026-03"}',
};
const ROW2: AuditRowFields = {
  seq: 2,
  at: '2026-03-01T09:31:05.120Z',
  kind: 'approval',
  principal: 'bob',
  action: 'approve_change_set',
  decision: 'approved',
  outcome: 'ok',
  duration_ms: null,
  change_set_id: 17,
  detail: '{}',
};
const HASH1 = 'ad991428c8812d8faf35850fcf51ac538a4ec68c0b2b69a43c8c5deb24d03440';
const HASH2 = 'c072a4573305550daac7456111b26c34656a2f0366e53d57c46d5af113011a8e';

describe('rowHash', () => {
  it('matches the worked example in audit/README.md', () => {
    expect(rowHash(GENESIS_HASH, ROW1)).toBe(HASH1);
    expect(rowHash(HASH1, ROW2)).toBe(HASH2);
  });

  it('hashes prev_hash, a line feed, then the canonical JSON of every column but hash (detail as text)', () => {
    const text =
      `${GENESIS_HASH}\n{"action":"sync_gl","at":"2026-03-01T09:30:00.000Z","change_set_id":null,"decision":"allowed",` +
      `"detail":"{\\"entries\\":3,\\"period\\":\\"2026-03\\"}","duration_ms":412,"kind":"tool_call","outcome":"ok",` +
      `"prev_hash":"${GENESIS_HASH}","principal":"alice","seq":1}`;
    expect(rowHashInput(GENESIS_HASH, ROW1)).toBe(text);
    expect(rowHash(GENESIS_HASH, ROW1)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('uses 64 zeros as the genesis prev_hash', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it.each(Object.keys(ROW1) as (keyof AuditRowFields)[])('changes when %s changes', (key) => {
    const changed = { ...ROW1, [key]: typeof ROW1[key] === 'number' ? 2 : key === 'detail' ? '{"entries":4,"period":"2026-03"}' : 'other' };
    expect(rowHash(GENESIS_HASH, changed)).not.toBe(HASH1);
  });

  it('changes when prev_hash changes', () => {
    expect(rowHash('1'.repeat(64), ROW1)).not.toBe(HASH1);
  });

  it('ignores a hash or prev_hash carried on the row object', () => {
    const carrying = { ...ROW1, hash: 'f'.repeat(64), prev_hash: 'e'.repeat(64) } as AuditRowFields;
    expect(rowHash(GENESIS_HASH, carrying)).toBe(HASH1);
  });
});
