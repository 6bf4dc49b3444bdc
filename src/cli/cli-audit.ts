import type { AuditPort } from '../core/ports/audit-port.ts';
import type { JsonValue } from '../core/state/index.ts';
import { redactArguments } from '../governance/redact.ts';
import type { Config } from '../platform/config.ts';

/** How a finished CLI command is recorded: its outcome, change set and a few counts. */
export interface CliCommandRecord {
  readonly outcome: string;
  readonly changeSetId: number | null;
  readonly counts: Record<string, number>;
}

/**
 * Runs a CLI command under the audit log as the operator, like a tool call: a `started` row before it reads or
 * writes anything (a refused row stops it: fail closed) and a row with the outcome after.
 */
export async function auditedCommand<T>(audit: AuditPort, config: Config, action: string, flags: Record<string, unknown>, run: () => Promise<T>, record: (result: T) => CliCommandRecord): Promise<T> {
  const args = redactArguments(flags) as JsonValue;
  const startedAt = performance.now();
  audit.append({ kind: 'tool_call', principal: config.operator, action, decision: 'allowed', outcome: 'started', changeSetId: null, detail: { arguments: args, via: 'cli' } });
  const result = await run();
  const r = record(result);
  audit.append({ kind: 'tool_call', principal: config.operator, action, decision: 'allowed', outcome: r.outcome, durationMs: Math.round(performance.now() - startedAt), changeSetId: r.changeSetId, detail: { arguments: args, via: 'cli', ...r.counts } });
  return result;
}
