import type { JsonValue } from '../../domain/json.ts';

/** Kinds of audit rows; each names what happened, not how it was reported. */
export type AuditKind = 'tool_call' | 'approval' | 'external_write' | 'schedule' | 'report';

/** One event to append. Arguments and values must already be redacted by the caller. */
export interface AuditEventInput {
  readonly kind: AuditKind;
  /** Who acted (principal name, or `system` for the server itself). */
  readonly principal: string;
  /** Tool name for tool calls; the pipeline action otherwise (e.g. `approve_change_set`, `intacct.create`). */
  readonly action: string;
  /** allowed | denied | pending_approval | approved | rejected | confirmed | declined | n/a */
  readonly decision: string;
  /** ok | error:<code> | written | already_applied | failed | unknown | intent */
  readonly outcome: string;
  readonly durationMs?: number;
  readonly changeSetId?: number | null;
  /** Everything else worth keeping (redacted arguments, idempotency key, control id, record id, counts, …). */
  readonly detail: JsonValue;
}

/** A stored audit row: the input plus its chain position. */
export interface AuditEvent extends AuditEventInput {
  readonly seq: number;
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Filter for reading the log back (auditors, `query_audit_log`). */
export interface AuditQuery {
  readonly fromSeq?: number;
  /** ISO instants, inclusive `from`, exclusive `to`. */
  readonly from?: string;
  readonly to?: string;
  readonly principal?: string;
  readonly action?: string;
  readonly kind?: AuditKind;
  readonly changeSetId?: number;
  readonly limit?: number;
}

/**
 * The append-only, hash-chained audit log. `append` is synchronous and durable when it returns; it throws when the
 * row cannot be written, and callers that are about to write externally must treat that as "do not write".
 */
export interface AuditPort {
  /**
   * `relaxed`: the row of a call that changed nothing (a read, a refusal). It is committed without its own fsync
   * (in WAL mode it is safe against a crash of the process, and made durable by the next ordinary row or checkpoint,
   * which fsync the log past it); every row of a call that may change state is durable when `append` returns.
   */
  append(event: AuditEventInput, options?: { readonly durability?: 'relaxed' }): AuditEvent;
  query(filter?: AuditQuery): AuditEvent[];
}
