import type { AuditLog } from './audit-log.ts';
import type { Checkpointer } from './audit-checkpoint.ts';

/**
 * The audit log as the server uses it when checkpoints are on: every append is passed through unchanged (its
 * durability option included: a read's relaxed row must not turn into an fsync of its own) and the stored row is then
 * shown to the checkpointer, so each change-set decision is followed by a checkpoint.
 */
export function checkpointedLog(log: AuditLog, checkpointer: Pick<Checkpointer, 'noteAppend'>): AuditLog {
  return {
    ...log,
    append(event, options) {
      const stored = log.append(event, options);
      checkpointer.noteAppend(stored);
      return stored;
    },
  };
}
