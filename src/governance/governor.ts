import type { AuditPort } from '../core/ports/audit-port.ts';
import type { JsonValue } from '../core/state/index.ts';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import {
  policyFromJson,
  policyLabel,
  policyToJson,
  resolvePolicy,
  strictestPolicy,
  withinThreshold,
  type ResolvedPolicy,
} from './approval-policy.ts';
import type { ApprovalService } from './approvals.ts';
import { NO_CHANGE_SET_EVENTS, type ChangeSetEvents, type WaitingFor } from './change-set-events.ts';
import { changeSetPage, publicBase } from './console-link.ts';
import { asToolError, describeIssues, echo, ToolError } from './errors.ts';
import { holdsAny, type Principal } from './principals.ts';
import type { RateLimits } from './rate-limits.ts';
import { redactArguments } from './redact.ts';
import type { Services } from './services.ts';
import type { ToolContext, ToolSpec, WritePlan } from './tool-definition.ts';

/** The answer of the human at the client to a confirmation request. */
export type ConfirmAnswer = 'accept' | 'decline' | 'cancel' | 'unavailable';

/** Transport facilities of one call: cancellation, progress, and (when the client supports it) human confirmation. */
export interface CallIo {
  readonly signal?: AbortSignal;
  readonly progress?: (done: number, total: number, message?: string) => void;
  /**
   * Asks the requester in-band to confirm (the CLI's y/N prompt or --yes; an MCP form elicitation); absent when the
   * transport cannot. Whether its answer counts is config: `approvals.confirmation`, `approvals.cliConfirmation`.
   */
  readonly confirm?: (message: string) => Promise<ConfirmAnswer>;
  /**
   * Opens a console page for the requester (MCP URL-mode elicitation); absent when the client cannot. The change set
   * stays pending whatever the client answers: only the requester signed in to the console confirms it.
   */
  readonly openConsole?: (page: { readonly url: string; readonly message: string; readonly changeSetId: number }) => Promise<void>;
  /** Where the call came from, for the audit log and transport-restricted tools (stdio, http, memory, cli, console, schedule:<name>). */
  readonly via: string;
}

/** The outcome of one governed call. */
type CallOutcome =
  | { readonly ok: true; readonly output: Record<string, unknown>; readonly text: string }
  | { readonly ok: false; readonly error: ToolError };

/** The governance pipeline around every tool call. */
export interface Governor {
  /** The tools this principal may call over this transport (`CallIo.via`); others are not even listed. */
  toolsFor(principal: Principal, via: string): readonly ToolSpec[];
  /** authenticate (done by the transport) → authorize → validate → rate-limit → plan → approval gate → execute → audit. */
  call(principal: Principal, name: string, args: unknown, io: CallIo): Promise<CallOutcome>;
}

/** Everything the governor needs. */
export interface GovernorDeps {
  readonly tools: readonly ToolSpec[];
  readonly services: Services;
  readonly approvals: ApprovalService;
  readonly audit: AuditPort;
  readonly limits: RateLimits;
  readonly config: Pick<Config, 'approvals'> & {
    readonly server: Pick<Config['server'], 'maxArgumentBytes' | 'publicUrl' | 'host' | 'port'>;
  };
  readonly log: Logger;
  /** Told when a change set starts waiting (approver webhooks); none by default. */
  readonly events?: ChangeSetEvents;
  /** The base URL the HTTP listener serves at, once it listens (console links; `server.publicUrl` wins). */
  readonly listeningAt?: () => string | undefined;
  readonly now?: () => Date;
}

/** The UTF-8 size of the arguments as JSON; arguments that are not JSON at all count as unbounded. */
function argumentBytes(args: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(args ?? {}) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The top-level argument taking the most room, so an oversize refusal names the field to shorten. */
function largestField(args: unknown): { key: string; bytes: number } | undefined {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return undefined;
  let largest: { key: string; bytes: number } | undefined;
  for (const [key, value] of Object.entries(args)) {
    const bytes = Buffer.byteLength(key, 'utf8') + argumentBytes(value);
    if (largest === undefined || bytes > largest.bytes) largest = { key, bytes };
  }
  return largest;
}

/** Decisions of calls refused before anything ran (their audit rows need no fsync of their own). */
const REFUSED_BEFORE_RUNNING: ReadonlySet<string> = new Set(['denied', 'invalid', 'rate_limited']);

/** Error codes of calls refused before anything ran; they count against the principal's refused-call budget. */
const REFUSALS: ReadonlySet<string> = new Set(['forbidden', 'invalid_arguments']);

/** The change set a call names in its arguments (approve, reject), if any. */
function changeSetOf(args: unknown): number | null {
  const id = (args as { change_set_id?: unknown } | null)?.change_set_id;
  return typeof id === 'number' ? id : null;
}

/** How far a change set's delivery got, from its items' outbox states (e.g. `change set 7: 40 confirmed, 2 unknown, 58 approved`). */
function deliveryState(store: Services['store'], changeSetId: number | null): string | undefined {
  if (changeSetId === null) return undefined;
  const counts = new Map<string, number>();
  for (const item of store.changeSets.items(changeSetId)) {
    const state = store.outbox.get(item.idempotencyKey)?.state ?? 'missing';
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return `change set ${changeSetId}: ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no items'}`;
}

/** Whether the tool may be called over the transport `via` (a tool without `transports` may be called over any). */
const reachable = (tool: ToolSpec, via: string): boolean => tool.transports === undefined || tool.transports.includes(via);

/** Creates the governor over the registered tools. */
export function createGovernor(deps: GovernorDeps): Governor {
  const { tools, audit, log } = deps;
  const events = deps.events ?? NO_CHANGE_SET_EVENTS;
  const now = deps.now ?? (() => new Date());
  const byName = new Map(tools.map((t) => [t.name, t]));

  const context = (principal: Principal, io: CallIo): ToolContext => ({
    principal,
    services: deps.services,
    approvals: deps.approvals,
    signal: io.signal ?? new AbortController().signal,
    progress: (done, total, message) => io.progress?.(done, total, message),
    approvalExpiry: () => new Date(now().getTime() + deps.config.approvals.expiresAfterMinutes * 60_000).toISOString(),
  });

  /**
   * The approval gate: run now (auto, or confirmed by the requester), or park the change set for an approver. The
   * policy is bound to the change set: a repeat of the same request by another principal gets the strictest of the
   * policies of everyone who asked, so it can never run what an earlier requester's policy held back.
   */
  const gate = async (
    tool: ToolSpec,
    principal: Principal,
    plan: WritePlan<Record<string, unknown>>,
    io: CallIo,
  ): Promise<{ output: Record<string, unknown>; decision: string }> => {
    const own: ResolvedPolicy = resolvePolicy(deps.config.approvals, tool.name, principal, tool.roles);
    const planned = plan.changeSet;
    // An approved change set whose execution stopped (a crash, a cancel) and that a re-plan found again is resumed
    // under the approval it already has and the policy bound to it then: only its remaining, already approved
    // writes are sent, for any principal who may call the tool.
    if (planned.status === 'approved') return { output: await plan.execute(principal), decision: 'resumed' };
    // The mode it waited under before this call (null: it was not waiting yet), to tell approvers once per wait.
    let waitedUnder: string | null = null;
    const bound =
      planned.status === 'planned'
        ? deps.services.store.changeSets.bindPolicy(planned.id, principal.name, (current) => {
            waitedUnder = policyFromJson(current)?.mode ?? null;
            // A change set another principal created whose policy was never bound (its call stopped before the gate) is
            // held to `required`: the creator's policy is not known here, so nothing looser may stand in for it.
            const unknown: ResolvedPolicy | undefined =
              current === null && planned.createdBy !== principal.name
                ? { mode: 'required', source: `the policy of ${planned.createdBy}, who created it, was never bound: required` }
                : undefined;
            const policy = strictestPolicy(policyFromJson(current) ?? unknown, own);
            return { policy: policyToJson(policy), label: policyLabel(policy) };
          })
        : undefined;
    const page = changeSetPage(publicBase(deps.config.server, deps.listeningAt?.()), planned.id);
    if (!bound?.ok) {
      // An identical retry returned a change set that is already decided: report it, never execute twice.
      const status = deps.services.store.changeSets.get(planned.id)?.status ?? planned.status;
      return { output: plan.pending(own, `change set ${planned.id} is already ${status}`, null), decision: 'pending_approval' };
    }
    const cs = bound.value;
    const policy = policyFromJson(cs.boundPolicy) ?? own;
    /** The pending answer; approvers are told when the change set starts waiting (or now waits under another mode). */
    const waiting = (reason: string, waitingFor: WaitingFor): { output: Record<string, unknown>; decision: string } => {
      if (waitedUnder !== policy.mode) events.waiting(cs, { policy, waitingFor, consoleUrl: page });
      return { output: plan.pending(policy, reason, page), decision: 'pending_approval' };
    };
    const others = cs.requesters.filter((n) => n !== principal.name);
    if (others.length > 0 && policy.source !== own.source) {
      log.info(
        { changeSetId: cs.id, principal: principal.name, requesters: cs.requesters, policy: policy.source },
        'a repeated request keeps the stricter policy bound to the change set',
      );
    }
    if (cs.approvalsRequired > 1)
      return waiting(`change set ${cs.id} needs ${cs.approvalsRequired} distinct approvers other than the requester`, 'approval');
    if (policy.mode === 'auto') {
      if (withinThreshold(policy, plan.totalsByCurrency)) {
        deps.approvals.confirmOwn(principal, cs, `auto-approved by policy ${policy.source}`);
        return { output: await plan.execute(principal), decision: 'auto_approved' };
      }
      return waiting(
        `the totals exceed the auto-approval limit ${policy.maxAmount ?? ''} of ${policy.source}; an approver must approve`,
        'approval',
      );
    }
    if (policy.mode === 'confirm') {
      // The requester's in-band answer counts only where config trusts it: the CLI's terminal (a person at a local
      // shell, by default) and MCP form elicitation only under approvals.confirmation `form`, since an MCP client can
      // answer a form by itself. Otherwise the requester confirms signed in to the console, whatever the client says.
      const inBand =
        io.via === 'cli' ? deps.config.approvals.cliConfirmation === 'terminal' : deps.config.approvals.confirmation === 'form';
      if (!inBand) {
        const message = `${plan.summaryText}\n\nOpen the sagebridge console to review change set ${cs.id} and confirm it as ${principal.name}.`;
        // What the client answers (accept, decline, cancel) changes nothing: the change set waits for the console.
        if (io.openConsole) await io.openConsole({ url: page, message, changeSetId: cs.id });
        return waiting(
          `awaiting requester confirmation in the console: ${principal.name} signs in at ${page} and confirms it there (confirm_change_set); an approver may approve it instead`,
          'requester_confirmation',
        );
      }
      const answer = io.confirm ? await io.confirm(plan.summaryText) : 'unavailable';
      if (answer === 'accept') {
        deps.approvals.confirmOwn(
          principal,
          cs,
          `confirmed by ${principal.name} ${io.via === 'cli' ? 'at the CLI' : `through the MCP client (${io.via})`}`,
        );
        return { output: await plan.execute(principal), decision: 'confirmed' };
      }
      if (answer === 'decline' || answer === 'cancel') {
        const reason = `${answer === 'decline' ? 'declined' : 'cancelled'} by ${principal.name} at the confirmation prompt`;
        // A repeat's requester declines for themselves only: the plan stays pending for the others who asked for it.
        if (others.length > 0)
          return {
            output: plan.pending(policy, `${reason}; it stays pending for ${others.join(', ')}, who also requested it`, page),
            decision: 'declined',
          };
        deps.approvals.declineOwn(principal, cs, reason);
        return { output: plan.rejected(reason), decision: 'declined' };
      }
      return waiting(
        `the client cannot show a confirmation (${io.via === 'cli' ? 'no terminal and no --yes' : 'no MCP elicitation'}), so an approver must approve`,
        'approval',
      );
    }
    const askedBy = others.length > 0 ? ` (also requested by ${others.join(', ')})` : '';
    return waiting(
      `policy ${policy.source}${askedBy} requires a principal with the approver role who did not request it to approve`,
      'approval',
    );
  };

  // The words of an oversize refusal; the limit is fixed for the server's life.
  const argumentLimit = `over the limit of ${deps.config.server.maxArgumentBytes} bytes (server.maxArgumentBytes)`;

  const auditCall = (
    principal: Principal,
    tool: string,
    args: unknown,
    decision: string,
    outcome: string,
    startedAt: number,
    changeSetId: number | null,
    io: CallIo,
    oversize: number | null,
    changedNothing: boolean,
  ): void => {
    // Oversized arguments are recorded by their size only: a refused call must not grow the log by its own bulk.
    const recorded =
      oversize === null ? (redactArguments(args) as JsonValue) : { omitted: 'over server.maxArgumentBytes', bytes: oversize };
    audit.append(
      {
        kind: 'tool_call',
        principal: principal.name,
        action: tool,
        decision,
        outcome,
        durationMs: Math.round(performance.now() - startedAt),
        changeSetId,
        detail: { arguments: recorded, via: io.via },
      },
      changedNothing ? { durability: 'relaxed' } : undefined,
    );
  };

  return {
    toolsFor: (principal, via) => tools.filter((t) => holdsAny(principal, t.roles) && reachable(t, via)),

    async call(principal, name, args, io) {
      const startedAt = performance.now();
      let decision = 'denied';
      let changeSetId: number | null = null;
      let outcome: CallOutcome;
      const tool = byName.get(name);
      let oversize: number | null = null;
      try {
        // A principal that spent its refused-call budget is refused everything until the window frees.
        deps.limits.admit(principal.name);
        if (!tool || !holdsAny(principal, tool.roles))
          throw new ToolError(
            'forbidden',
            `tool ${JSON.stringify(echo(name))} is not available to ${principal.name} (roles: ${principal.roles.join(', ')})`,
          );
        if (!reachable(tool, io.via))
          throw new ToolError(
            'forbidden',
            `tool ${name} is not available over ${echo(io.via)}: only from ${(tool.transports ?? []).join(', ')} (a person signed in to the sagebridge console at /console)`,
          );
        // Oversized arguments are recorded by size only. The schema speaks first, so a field it refuses is named;
        // arguments that pass it and are still too big name their largest field.
        const bytes = argumentBytes(args);
        if (bytes > deps.config.server.maxArgumentBytes) oversize = Number.isFinite(bytes) ? bytes : -1;
        const parsed = tool.input.safeParse(args ?? {});
        if (!parsed.success) {
          decision = 'invalid';
          const size =
            oversize === null ? '' : `; (arguments): ${oversize < 0 ? 'not JSON' : `${oversize} bytes of JSON`}, ${argumentLimit}`;
          throw new ToolError('invalid_arguments', `invalid arguments for ${name}: ${describeIssues(parsed.error)}${size}`);
        }
        if (oversize !== null) {
          decision = 'invalid';
          const field = largestField(args);
          throw new ToolError(
            'invalid_arguments',
            `invalid arguments for ${name}: ${field ? `${echo(field.key)}: ${field.bytes} bytes in this field; ` : '(arguments): '}${Number.isFinite(bytes) ? `${bytes} bytes of JSON in all` : 'not JSON'}, ${argumentLimit}: send a shorter value`,
          );
        }
        decision = 'allowed';
        const output = await deps.limits.run(principal.name, name, async () => {
          if (tool.kind !== 'read') {
            // Fail closed: a call that may change state is in the audit log before it starts.
            try {
              audit.append({
                kind: 'tool_call',
                principal: principal.name,
                action: name,
                decision: 'allowed',
                outcome: 'started',
                changeSetId: null,
                detail: { arguments: redactArguments(parsed.data) as JsonValue, via: io.via },
              });
            } catch (err) {
              throw new ToolError(
                'audit_unavailable',
                `the audit log refused the call record (${(err as Error).message}); nothing was done`,
              );
            }
          }
          const result = await tool.handler(context(principal, io), parsed.data);
          if (result.kind === 'done') return result.output;
          changeSetId = result.plan.changeSet.id;
          if (io.signal?.aborted)
            throw new ToolError(
              'cancelled',
              `the call was cancelled before anything was sent; change set ${changeSetId} stays pending (list_change_sets)`,
            );
          const gated = await gate(tool, principal, result.plan, io);
          decision = gated.decision;
          return gated.output;
        });
        const checked = tool.output.safeParse(output);
        if (!checked.success) {
          log.error({ tool: name, issues: describeIssues(checked.error) }, 'tool output does not match its schema');
          throw new ToolError('internal', 'internal error: the tool produced an output that does not match its schema');
        }
        // A call about one change set (approve, reject, show) is filed under it, like the call that planned it.
        if (changeSetId === null && typeof checked.data.change_set_id === 'number') changeSetId = checked.data.change_set_id;
        // A pending change set's console page is in the text too, for clients that show only the text.
        const page = checked.data.status === 'pending_approval' ? checked.data.console_url : undefined;
        const text = tool.text(checked.data);
        outcome = { ok: true, output: checked.data, text: typeof page === 'string' ? `${text}\nConsole: ${page}` : text };
      } catch (err) {
        const error = asToolError(err, () => deliveryState(deps.services.store, changeSetId ?? changeSetOf(args)));
        if (error.code === 'internal' && !(err instanceof ToolError))
          log.error({ err, tool: name, principal: principal.name }, 'tool call failed');
        if (error.code === 'rate_limited') decision = 'rate_limited';
        if (REFUSALS.has(error.code)) deps.limits.chargeRefused(principal.name);
        outcome = { ok: false, error };
      }
      try {
        auditCall(
          principal,
          name,
          args,
          decision,
          outcome.ok ? 'ok' : `error:${outcome.error.code}`,
          startedAt,
          changeSetId,
          io,
          oversize,
          // A read, or a call refused before it ran, changed nothing: its row needs no fsync of its own.
          tool?.kind === 'read' || REFUSED_BEFORE_RUNNING.has(decision),
        );
      } catch (err) {
        log.error({ err, tool: name }, 'audit log refused the call record');
        // A read whose record cannot be kept is not answered; a write already recorded its start before acting, and
        // its result must still reach the caller (the writes happened).
        if (outcome.ok && tool?.kind === 'read')
          outcome = {
            ok: false,
            error: new ToolError('audit_unavailable', `the audit log refused the record of this call (${(err as Error).message})`),
          };
      }
      return outcome;
    },
  };
}
