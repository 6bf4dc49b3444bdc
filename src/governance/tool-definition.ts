import type { z } from 'zod';
import type { ChangeSet } from '../core/state/index.ts';
import type { ResolvedPolicy } from './approval-policy.ts';
import type { Principal, Role } from './principals.ts';
import type { Services } from './services.ts';

/** Explicit MCP tool annotations; never left to the (unsafe) protocol defaults. */
interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** Approving or rejecting stored change sets, whoever asks (MCP tool, CLI); decisions are audited before they act. */
export interface ApprovalService {
  /**
   * Approves (bound to the digest) and executes exactly the stored plan; single use. A change set needing several
   * distinct approvers records each approval and executes only at the last one.
   */
  approve(
    by: Principal,
    id: number,
    input: { comment?: string; digest?: string },
    ctx: ToolContext,
  ): Promise<{ changeSet: ChangeSet; result: Record<string, unknown> }>;
  reject(by: Principal, id: number, reason: string): ChangeSet;
  /**
   * A requester confirms their own `confirm`-policy change set in the console (bound to the digest), and it executes as an
   * approval does. Refused for anyone who did not request it and for change sets under another policy.
   */
  confirmInConsole(
    by: Principal,
    id: number,
    digest: string,
    ctx: ToolContext,
  ): Promise<{ changeSet: ChangeSet; result: Record<string, unknown> }>;
  /** Records a requester's own confirmation (elicitation, CLI prompt) or an `auto` policy, then the caller executes. */
  confirmOwn(by: Principal, changeSet: ChangeSet, note: string): void;
  /** Records a requester declining their own change set (it is rejected and never sent). */
  declineOwn(by: Principal, changeSet: ChangeSet, reason: string): void;
  /**
   * Sends what an approved change set has not sent yet (its execution was interrupted), under the approval it already
   * has: no new approval. Its requesters and approvers may resume it.
   */
  resume(by: Principal, id: number, ctx: ToolContext): Promise<{ changeSet: ChangeSet; result: Record<string, unknown> }>;
}

/** What a tool handler can use: who calls, the services, approvals, and the call's progress and cancellation. */
export interface ToolContext {
  readonly principal: Principal;
  readonly services: Services;
  readonly approvals: ApprovalService;
  readonly signal: AbortSignal;
  /** Reports progress to the client when it asked for it (no-op otherwise). */
  progress(done: number, total: number, message?: string): void;
  /** When a change set planned now stops being approvable (config `approvals.expiresAfterMinutes`). */
  approvalExpiry(): string;
}

/** A planned write waiting for the approval gate; the tool says how to execute it and how to report each outcome. */
export interface WritePlan<O> {
  readonly changeSet: ChangeSet;
  /** Totals by currency, for an `auto` policy's amount threshold. */
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  /** A few lines a person reads before confirming (counts, totals, exceptions). */
  readonly summaryText: string;
  /** The pending output; `consoleUrl` is the console page of the change set (null where none applies). */
  pending(policy: ResolvedPolicy, reason: string, consoleUrl: string | null): O;
  rejected(reason: string): O;
  execute(by: Principal): Promise<O>;
}

/** What a handler returns: a final output, or a change set for the approval gate. */
type ToolResult<O> = { readonly kind: 'done'; readonly output: O } | { readonly kind: 'change_set'; readonly plan: WritePlan<O> };

/** One MCP tool, declared in one place: schemas, annotations, roles, whether it writes, and its handler. */
export interface ToolSpec<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  /** Written for a model: when to use it, what it does, what it returns. */
  readonly description: string;
  readonly roles: readonly Role[];
  readonly annotations: ToolAnnotations;
  /** `write` tools pass the approval gate and are audited before they run (fail closed). */
  readonly kind: 'read' | 'write' | 'state';
  /**
   * The words of the CLI command generated for this tool (e.g. `sync gl`): the CLI is a transport that calls the tool
   * through the governor as the configured operator, with flags generated from `input`.
   */
  readonly cli?: string;
  /**
   * The only transports (`CallIo.via`) that may call it, e.g. `['console']`; absent: every transport. Others neither
   * list it nor may call it (forbidden).
   */
  readonly transports?: readonly string[];
  /** Its results render in the change-set review MCP App (src/server/mcp-app.ts) in hosts that support MCP Apps. */
  readonly reviewApp?: boolean;
  readonly input: I;
  readonly output: O;
  handler(ctx: ToolContext, args: z.output<I>): Promise<ToolResult<z.output<O>>>;
  /** A one- or two-line text mirror of the structured output. */
  text(output: z.output<O>): string;
  /** A change-set write tool's pipeline, and how it executes a change set of it approved after the planning call. */
  readonly changeSet?: { readonly pipeline: string; readonly execute: ChangeSetExecutor };
}

/** Type-checks a tool declaration and erases its generics for the registry. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(spec: ToolSpec<I, O>): ToolSpec {
  return spec;
}

/** Executes a change set of one pipeline when its approval arrives after the call that planned it (under the company lock). */
export type ChangeSetExecutor = (changeSet: ChangeSet, by: Principal, ctx: ToolContext) => Promise<Record<string, unknown>>;
