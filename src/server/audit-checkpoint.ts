import { resolve } from 'node:path';
import { checkpointLine, signCheckpoint, type Checkpoint } from '../../audit/schema/index.ts';
import type { AuditEvent } from '../core/ports/audit-port.ts';
import type { CheckpointSinkConfig } from '../platform/audit-checkpoint-config.ts';
import { fileLineSink, syslogLineSink, webhookLineSink, type LineSink } from '../platform/checkpoint-sinks.ts';
import { auditPath, type Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { AuditLog } from './audit-log.ts';
import { loadSigningKey, loadVerifyKey, type SigningKey } from './audit-checkpoint-key.ts';

/** audit.checkpoints with its defaults applied. */
interface CheckpointSettings {
  readonly enabled: boolean;
  readonly intervalMs: number;
  readonly sinks: readonly CheckpointSinkConfig[];
  /** Files and URLs `audit verify` reads checkpoints back from (file sinks, webhook readUrls). */
  readonly readSources: readonly string[];
}

/** The configured checkpoint settings; the default sink is AUDITPATH.checkpoints.jsonl, next to the audit database. */
export function checkpointSettings(config: Config): CheckpointSettings {
  const c = config.audit.checkpoints;
  const dbPath = auditPath(config);
  const sinks = c?.sinks ?? [{ type: 'file' as const, path: `${dbPath}.checkpoints.jsonl` }];
  for (const sink of sinks) {
    if (sink.type === 'file' && [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].some((p) => resolve(p) === resolve(sink.path)))
      throw new Error(
        `audit.checkpoints.sinks: the file sink ${sink.path} is the audit database itself; checkpoints must be kept outside it`,
      );
  }
  const readSources = sinks.flatMap((s) => (s.type === 'file' ? [s.path] : s.type === 'webhook' && s.readUrl ? [s.readUrl] : []));
  return { enabled: c?.enabled ?? true, intervalMs: (c?.intervalSeconds ?? 300) * 1000, sinks, readSources };
}

/** The signing key of a configuration (generated into STATEDIR on first use when none is configured). */
export function configuredSigningKey(config: Config, env: NodeJS.ProcessEnv = process.env): SigningKey {
  const key = loadSigningKey({ keyFile: config.audit.checkpoints?.keyFile, stateDir: config.stateDir, env, create: true });
  if (!key) throw new Error('no audit signing key could be loaded or created');
  return key;
}

/** The public key `audit verify` trusts for a configuration, if any. */
export function configuredVerifyKey(config: Config, env: NodeJS.ProcessEnv = process.env) {
  const c = config.audit.checkpoints;
  return loadVerifyKey({ publicKeyFile: c?.publicKeyFile, keyFile: c?.keyFile, stateDir: config.stateDir, env });
}

function sinkOf(config: CheckpointSinkConfig): LineSink {
  switch (config.type) {
    case 'file':
      return fileLineSink(config.path);
    case 'webhook':
      return webhookLineSink(config.url, config.timeoutMs);
    case 'syslog':
      return syslogLineSink(config.host, config.port, config.protocol);
  }
}

/** A checkpoint written, and the sinks that did not take it (each with its one-line reason). */
interface CheckpointWritten {
  readonly checkpoint: Checkpoint;
  readonly failures: readonly string[];
}

/** Signs the audit log's head and hands it to every sink, at an interval, on decisions, on demand and at shutdown. */
export interface Checkpointer {
  /** Signs the head now and writes it to every sink (even when the head has not moved since the last one). */
  checkpoint(reason: string): Promise<CheckpointWritten>;
  /** Told of every appended row: a change-set decision (approval, rejection, a call that executed) triggers a checkpoint. */
  noteAppend(event: AuditEvent): void;
  /** Stops the interval and writes the final checkpoint (skipped when the head has not moved). */
  close(): Promise<void>;
}

/** Whether a row records a decision on a change set: an approval row, or a finished call filed under a change set. */
const isDecision = (e: AuditEvent): boolean =>
  e.kind === 'approval' || (e.kind === 'tool_call' && e.changeSetId !== undefined && e.outcome !== 'started');

/**
 * Creates the checkpointer of an open audit log. Checkpoints are written one after another (never two at once);
 * a sink that fails is logged and does not stop the others or the caller. The head is read under the log's write
 * lock with its time, so any row written later is dated at or after the checkpoint.
 */
export function createCheckpointer(deps: {
  audit: Pick<AuditLog, 'checkpointHead'>;
  key: SigningKey;
  sinks: readonly LineSink[];
  intervalMs: number;
  log: Logger;
}): Checkpointer {
  const { audit, key, sinks, log } = deps;
  let chain: Promise<unknown> = Promise.resolve();
  let lastSeq = -1;
  let closed = false;

  const write = async (reason: string): Promise<CheckpointWritten> => {
    const checkpoint = signCheckpoint(audit.checkpointHead(), key.privateKey);
    const line = checkpointLine(checkpoint);
    const settled = await Promise.allSettled(sinks.map((s) => s.write(line)));
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    lastSeq = checkpoint.seq;
    for (const failure of failures)
      log.warn({ seq: checkpoint.seq, reason, failure }, 'an audit checkpoint sink did not take the checkpoint');
    log.debug({ seq: checkpoint.seq, keyId: checkpoint.keyId, reason, sinks: sinks.length - failures.length }, 'audit checkpoint written');
    return { checkpoint, failures };
  };
  /** Queues a write behind the previous one; `ifMoved` skips it when no row was added since the last checkpoint. */
  const queue = (reason: string, ifMoved: boolean): Promise<CheckpointWritten | undefined> => {
    const next = chain.then(() => (ifMoved && audit.checkpointHead().seq === lastSeq ? undefined : write(reason)));
    chain = next.catch((err: unknown) => log.warn({ err, reason }, 'an audit checkpoint could not be written'));
    return next;
  };
  const timer = setInterval(() => void queue('interval', true).catch(() => undefined), deps.intervalMs);
  timer.unref();

  return {
    async checkpoint(reason) {
      const written = await queue(reason, false);
      return written!;
    },
    noteAppend(event) {
      if (!closed && isDecision(event)) void queue('decision', true).catch(() => undefined);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await queue('shutdown', true).catch(() => undefined);
    },
  };
}

/** The sinks of a configuration, ready to write. */
export function configuredSinks(settings: CheckpointSettings): LineSink[] {
  return settings.sinks.map(sinkOf);
}
