import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import {
  AuditFileError,
  checkpointSignatureValid,
  keyIdOf,
  openAuditReadonly,
  parseCheckpoints,
  type Checkpoint,
} from '../schema/index.ts';
import { verifyAuditLog, type VerifyResult } from './verify-audit-log.ts';

/**
 * The log checked against its checkpoints. `covered`: the chain is intact and every row is covered by the latest
 * checkpoint. `uncovered_tail`: intact, but rows after the latest checkpoint are not covered yet (written since, or
 * appended by someone else). `broken`: the chain is broken, or a checkpoint contradicts the log (tail cut off,
 * rewritten, back-dated append, forged checkpoint).
 */
export interface CheckpointVerdict {
  readonly status: 'covered' | 'uncovered_tail' | 'broken';
  readonly chain: VerifyResult;
  /** The latest checkpoint signed by the trusted key. */
  readonly latest: Checkpoint;
  /** Checkpoints checked against the log (signed by the trusted key). */
  readonly checked: number;
  /** Checkpoints signed by another key (ignored), and lines that held no checkpoint. */
  readonly otherKeys: number;
  readonly skipped: number;
  /** Rows after the latest checkpoint. */
  readonly uncovered: number;
  /** What is wrong, most telling first; empty when covered. */
  readonly problems: readonly string[];
}

/** Where checkpoints are read from: a file (JSON Lines, or a syslog collector's file) or an http(s) URL (GET). */
export async function readCheckpointSource(source: string, timeoutMs = 10_000): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/x-ndjson, application/json' } });
    } catch (err) {
      throw new AuditFileError('unreadable', `cannot fetch checkpoints from ${source}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new AuditFileError('unreadable', `cannot fetch checkpoints from ${source}: HTTP ${res.status}`);
    return res.text();
  }
  try {
    return readFileSync(source, 'utf8');
  } catch (err) {
    throw new AuditFileError(
      'missing',
      `cannot read checkpoints from ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/**
 * Verifies the chain of the audit file at `path` and checks it against checkpoints (text from readCheckpointSource,
 * possibly of several sources joined) signed by `publicKey`. Throws AuditFileError when the log cannot be read or no
 * checkpoint of that key is found.
 */
export function verifyAgainstCheckpoints(path: string, checkpointText: string, publicKey: KeyObject): CheckpointVerdict {
  const parsed = parseCheckpoints(checkpointText);
  const keyId = keyIdOf(publicKey);
  const mine = parsed.checkpoints.filter((c) => c.keyId === keyId);
  const problems: string[] = [];
  const forged = mine.filter((c) => !checkpointSignatureValid(c, publicKey));
  for (const c of forged)
    problems.push(`the checkpoint of seq ${c.seq} at ${c.at} does not carry a valid signature of key ${keyId}: it was forged or changed`);
  const valid = mine.filter((c) => !forged.includes(c)).sort((a, b) => a.seq - b.seq || Date.parse(a.at) - Date.parse(b.at));
  const latest = valid.at(-1);
  if (!latest) {
    throw new AuditFileError(
      'missing',
      `no checkpoint signed by key ${keyId} was found (${parsed.checkpoints.length} checkpoints of other keys, ${parsed.skipped} other lines${forged.length ? `, ${forged.length} with a bad signature` : ''})`,
    );
  }
  const chain = verifyAuditLog(path);
  const db = openAuditReadonly(path);
  let uncovered = 0;
  try {
    const rowAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?');
    const lastSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM audit_events').get()?.seq ?? 0;
    // The latest checkpoint first: its verdict is the one that names a cut or rewritten tail.
    for (const c of [...valid].reverse()) {
      if (c.seq === 0) continue;
      if (c.seq > lastSeq) {
        problems.push(
          `the log ends at seq ${lastSeq}, but the checkpoint of ${c.at} saw seq ${c.seq}: rows ${lastSeq + 1}..${c.seq} were cut off the end (or the file was replaced)`,
        );
        continue;
      }
      const row = rowAt.get(c.seq);
      if (!row) problems.push(`row ${c.seq}, checkpointed at ${c.at}, is missing`);
      else if (row.hash !== c.hash)
        problems.push(
          `row ${c.seq} does not have the hash checkpointed at ${c.at}: the log was rewritten at or before seq ${c.seq} (or the file was replaced)`,
        );
    }
    if (lastSeq > latest.seq) {
      uncovered = lastSeq - latest.seq;
      // Rows are dated inside the writer's lock and a checkpoint reads the head after them: a row written after a
      // checkpoint cannot be dated before it.
      const early = db
        .prepare<[number, string], { seq: number; at: string }>(
          'SELECT seq, at FROM audit_events WHERE seq > ? AND at < ? ORDER BY seq LIMIT 1',
        )
        .get(latest.seq, new Date(Date.parse(latest.at)).toISOString());
      if (early)
        problems.push(
          `row ${early.seq} is dated ${early.at}, before the checkpoint of ${latest.at} that ends at seq ${latest.seq}: it was appended afterwards with a back-dated time`,
        );
    }
  } finally {
    db.close();
  }
  if (!chain.ok) problems.unshift(`chain broken at seq ${chain.seq}: ${chain.reason}`);
  const status = problems.length > 0 ? 'broken' : uncovered > 0 ? 'uncovered_tail' : 'covered';
  return {
    status,
    chain,
    latest,
    checked: valid.length,
    otherKeys: parsed.checkpoints.length - mine.length,
    skipped: parsed.skipped,
    uncovered,
    problems,
  };
}

/** The verdict as lines of text, the same from the CLI and the standalone verifier. */
export function formatCheckpointVerdict(v: CheckpointVerdict): string[] {
  const head = `latest checkpoint: seq ${v.latest.seq} at ${v.latest.at} (key ${v.latest.keyId}; ${v.checked} checkpoints checked)`;
  if (v.status === 'covered') return [`CHECKPOINT OK: every row is covered; ${head}`];
  if (v.status === 'uncovered_tail')
    return [
      `CHECKPOINT OK up to seq ${v.latest.seq}; ${v.uncovered} rows after it are not covered by any checkpoint yet (written since, or appended by someone else): check again after the next checkpoint; ${head}`,
    ];
  return [`CHECKPOINT BROKEN: ${v.problems[0] ?? ''}`, ...v.problems.slice(1).map((p) => `  also: ${p}`), `  ${head}`];
}
