import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointSignatureValid, parseCheckpoints } from '../../audit/schema/index.ts';
import type { LineSink } from '../platform/checkpoint-sinks.ts';
import { silentLogger } from '../platform/logger.ts';
import { createCheckpointer } from './audit-checkpoint.ts';
import { openAuditLog, type AuditLog } from './audit-log.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { privateKey, publicKey, keyId: '', source: 'test' };
const opened: AuditLog[] = [];
afterEach(() => opened.splice(0).forEach((l) => l.close()));

function setup(intervalMs = 60_000) {
  const log = openAuditLog(join(mkdtempSync(join(tmpdir(), 'sb-checkpointer-')), 'audit.db'));
  opened.push(log);
  const lines: string[] = [];
  const sink: LineSink = { name: 'memory', write: (line) => Promise.resolve(void lines.push(line)) };
  const checkpointer = createCheckpointer({ audit: log, key, sinks: [sink], intervalMs, log: silentLogger() });
  const append = (over: Record<string, unknown> = {}) =>
    log.append({ kind: 'tool_call', principal: 'a', action: 't', decision: 'allowed', outcome: 'ok', detail: {}, ...over });
  const seqs = () => parseCheckpoints(lines.join('\n')).checkpoints.map((c) => c.seq);
  return { log, lines, checkpointer, append, seqs };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('createCheckpointer', () => {
  it('signs the head with the key: the signature verifies, and not after any member changes', async () => {
    const { checkpointer, append } = setup();
    const row = append();
    const { checkpoint } = await checkpointer.checkpoint('test');
    expect(checkpoint).toMatchObject({ v: 1, seq: 1, hash: row.hash });
    expect(checkpointSignatureValid(checkpoint, publicKey)).toBe(true);
    for (const changed of [{ seq: 2 }, { hash: '0'.repeat(64) }, { at: '2020-01-01T00:00:00.000Z' }])
      expect(checkpointSignatureValid({ ...checkpoint, ...changed }, publicKey)).toBe(false);
    await checkpointer.close();
  });

  it('writes one on a change-set decision, none for an ordinary call or a started row', async () => {
    const { checkpointer, append, seqs } = setup();
    checkpointer.noteAppend(append());
    checkpointer.noteAppend(append({ changeSetId: 4, outcome: 'started' }));
    await settle();
    expect(seqs()).toEqual([]);
    checkpointer.noteAppend(append({ kind: 'approval', changeSetId: 4, decision: 'approved' }));
    await settle();
    expect(seqs()).toEqual([3]);
    checkpointer.noteAppend(append({ changeSetId: 4, outcome: 'ok' }));
    await settle();
    expect(seqs()).toEqual([3, 4]);
    await checkpointer.close();
    expect(seqs()).toEqual([3, 4]);
  });

  it('writes at the interval only when rows were added, and a final one at close', async () => {
    const { checkpointer, append, seqs } = setup(40);
    append();
    for (let i = 0; i < 500 && seqs().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seqs()).toEqual([1]);
    // Several more intervals with no new row: nothing more is written.
    await new Promise((r) => setTimeout(r, 200));
    expect(seqs()).toEqual([1]);
    append();
    await checkpointer.close();
    expect(seqs()).toEqual([1, 2]);
  });
});
