import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCheckpoints } from '../../audit/schema/index.ts';
import { verifyAgainstCheckpoints } from '../../audit/verify/verify-checkpoints.ts';
import type { AuditEventInput } from '../../src/core/ports/audit-port.ts';
import { fileLineSink } from '../../src/platform/checkpoint-sinks.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { createCheckpointer } from '../../src/server/audit-checkpoint.ts';
import { openAuditLog } from '../../src/server/audit-log.ts';

/** A tool-call row; every `decisionEvery`-th one is a change-set approval, which triggers a checkpoint. */
function sampleEvent(i: number, decisionEvery: number): AuditEventInput {
  const decision = i % decisionEvery === decisionEvery - 1;
  return {
    kind: decision ? 'approval' : 'tool_call',
    principal: i % 5 ? 'agent.bot' : 'alice',
    action: decision ? 'gl:change_set' : 'list_change_sets',
    decision: decision ? 'approved' : 'allowed',
    outcome: 'ok',
    durationMs: 3 + (i % 7),
    ...(decision ? { changeSetId: 1 + Math.floor(i / decisionEvery) } : {}),
    detail: { arguments: { status: 'planned', limit: 20 + (i % 5) }, via: 'http' },
  };
}

/**
 * Audit append rate with checkpoints on (a checkpoint signed with Ed25519 and fsynced to a JSON Lines file after
 * every `decisionEvery`-th row, as a change-set decision does, plus one at the end of each block) against the same
 * writer with checkpoints off, in alternating blocks of the same run on the same disk. Both yield to the event loop
 * after each decision row (as a server does between calls), so the on-side's checkpoint writes are in its time.
 */
export async function benchAuditCheckpoints(rows: number, decisionEvery = 50) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-audit-checkpoint-bench-'));
  try {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const sinkFile = join(dir, 'on.db.checkpoints.jsonl');
    const on = openAuditLog(join(dir, 'on.db'));
    const off = openAuditLog(join(dir, 'off.db'));
    const checkpointer = createCheckpointer({
      audit: on,
      key: { privateKey, publicKey, keyId: '', source: 'bench' },
      sinks: [fileLineSink(sinkFile)],
      intervalMs: 3_600_000,
      log: silentLogger(),
    });
    const events = Array.from({ length: rows }, (_, i) => sampleEvent(i, decisionEvery));
    const rounds = 10;
    const block = Math.ceil(rows / rounds);
    const time = { on: 0, off: 0 };
    const yieldNow = () => new Promise<void>((r) => setImmediate(r));
    const run = async (side: 'on' | 'off', slice: AuditEventInput[]) => {
      const start = process.hrtime.bigint();
      for (const e of slice) {
        if (side === 'on') checkpointer.noteAppend(on.append(e));
        else off.append(e);
        if (e.kind === 'approval') await yieldNow();
      }
      if (side === 'on') await checkpointer.checkpoint('end of block');
      time[side] += Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let r = 0; r < rounds; r++) {
      const slice = events.slice(r * block, (r + 1) * block);
      if (r % 2) {
        await run('on', slice);
        await run('off', slice);
      } else {
        await run('off', slice);
        await run('on', slice);
      }
    }
    await checkpointer.close();
    const written = parseCheckpoints(readFileSync(sinkFile, 'utf8')).checkpoints.length;
    const verdict = verifyAgainstCheckpoints(on.path, readFileSync(sinkFile, 'utf8'), publicKey);
    on.close();
    off.close();
    if (verdict.status !== 'covered') throw new Error(`bench log not covered: ${verdict.problems.join('; ')}`);
    const perSec = (ms: number) => Math.round(rows / (ms / 1000));
    return {
      name: 'audit append with checkpoints on (Ed25519, fsynced JSONL file sink) vs the same writer with checkpoints off',
      rows,
      decisionEvery,
      checkpointsWritten: written,
      dir: tmpdir(),
      checkpointsOn: { rowsPerSec: perSec(time.on) },
      checkpointsOff: { rowsPerSec: perSec(time.off) },
      onToOffTimeRatio: Number((time.on / time.off).toFixed(3)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
