import type { z } from 'zod';
import {
  completeChangeSetRun,
  executeChangeSet,
  planChangeSet,
  settleChangeSetRun,
  type ChangeSetExecution,
  type EngineDeps,
  type PipelineDefinition,
  type PlannedChangeSet,
  type PlanRequestBase,
} from '../core/sync/engine.ts';
import { ToolError } from './errors.ts';
import type { PlanItem } from '../core/state/index.ts';
import { storedPeriodCheck, type PeriodCheck } from '../core/sync/closed-periods.ts';
import { formatPreview, type PreviewDocument } from './preview-document.ts';
import { previewOut, structuredPreview } from './preview-structured.ts';
import type { Services } from './services.ts';
import { defineTool, type ChangeSetExecutor, type ToolContext, type ToolSpec, type WritePlan } from './tool-definition.ts';

/** How a change-set write ended, as every write tool reports it. */
export type WriteStatus = 'pending_approval' | 'completed' | 'partial' | 'cancelled' | 'rejected' | 'dry_run' | 'nothing_to_do';

/** What every pipeline's preview carries that the governance layer reads. */
export interface PreviewBase {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly exceptions: number;
}

/** What a write tool's output is built from besides its preview and status. */
export interface OutputFacts<X> {
  readonly message: string;
  /** The policy a pending change set waits under (its source). */
  readonly policy: string | null;
  readonly expiresAt: string | null;
  /** The console page of a pending change set (review, confirm, approve); null otherwise. */
  readonly consoleUrl: string | null;
  /** What an execution did; null before one ran. */
  readonly execution: ChangeSetExecution | null;
  /** The tool's extra facts (`ChangeSetPresentation.extra`), null when none were read. */
  readonly extra: X | null;
}

/** The arguments every change-set write tool takes. */
interface WriteArgs {
  readonly company?: string | undefined;
  readonly dry_run: boolean;
}

/** A write tool's input schema: a zod object whose parsed value carries `company` and `dry_run`. */
export type WriteInput = z.ZodObject & { readonly _zod: { readonly output: WriteArgs } };

/** How a write tool presents its pipeline: the preview an approver reads, the totals a policy checks, the output. */
export interface ChangeSetPresentation<A, O, D, P, X> {
  /** What the progress counts, e.g. `journal entries sent`. */
  readonly progress: string;
  /** What an execution's writes are, e.g. `journal entries created in Intacct`. */
  readonly written: string;
  preview(p: P): PreviewDocument;
  /** The totals by currency an `auto` policy's amount threshold is checked against. */
  policyTotals(p: P): Readonly<Record<string, string>>;
  /** The tool output for a preview in a given state. */
  output(company: string, p: P, status: WriteStatus, facts: OutputFacts<X>): O;
  /**
   * Facts read after planning and after an execution (e.g. AR open balances), shown in the output, `note` added to the
   * message; `args` is undefined for an approval that arrived later. Must not throw for a failed read (say so in the note).
   */
  extra?(deps: D, company: string, args: A | undefined): Promise<{ readonly value: X | null; readonly note: string }>;
}

/**
 * A change-set write tool declared by its schema and presentation: the governance layer derives its handler (plan
 * under the pipeline's company lock, then the approval gate) and the executor an approval that arrives later runs.
 */
export interface ChangeSetToolDeclaration<
  I extends WriteInput,
  O extends z.ZodObject,
  D extends EngineDeps,
  R extends PlanRequestBase,
  P extends PreviewBase,
  S,
  X,
> extends Omit<ToolSpec<I, O>, 'kind' | 'handler' | 'changeSet'> {
  readonly cli: string;
  readonly pipeline: PipelineDefinition<D, R, P, S>;
  /** The pipeline's dependencies for a company. */
  deps(services: Services, company: string): D;
  /** The pipeline's plan request from validated arguments; throws ToolError('invalid_arguments') for arguments it refuses. */
  request(
    args: z.output<I>,
    base: PlanRequestBase & { readonly dryRun: boolean },
    wiring: { readonly deps: D; readonly services: Services },
  ): R | Promise<R>;
  readonly presentation: ChangeSetPresentation<z.output<I>, z.output<O>, D, P, X>;
}

/** The status an execution reports: cancelled when writes were left unsent, completed only when nothing is left open. */
function executionStatus(exceptions: number, ex: ChangeSetExecution, outstanding: number): 'cancelled' | 'completed' | 'partial' {
  if (ex.notSent > 0) return 'cancelled';
  return exceptions + ex.failed + ex.unknown + outstanding === 0 ? 'completed' : 'partial';
}

/**
 * The first words of the answer to an execution that stopped with writes left unsent (a cancel, a signal, an
 * unreachable target): what was sent, what stays approved, and the two ways to send the rest under the same approval.
 */
function stoppedEarly(ex: ChangeSetExecution, changeSetId: number, tool: string): string {
  const sent = ex.written + ex.alreadyApplied + ex.failed + ex.unknown;
  return (
    `${ex.unreachable === undefined ? 'cancelled' : 'stopped'}: ${sent} sent, ${ex.notSent} left approved in change set ${changeSetId}; resume with ` +
    `\`sagebridge approvals resume ${changeSetId}\` or resume_change_set (or call ${tool} again).`
  );
}

/**
 * An execution the target refused the connection to is an error for the caller (upstream_unavailable, exit 6 in the
 * CLI), not a partial success; its message says what was sent before and what waits, approved, for a resume.
 */
function refusedByTarget(ex: ChangeSetExecution, changeSetId: number, tool: string, sentText: string): void {
  if (ex.unreachable === undefined) return;
  throw new ToolError(
    'upstream_unavailable',
    `the target system could not be reached (${ex.unreachable}); nothing more was sent` +
      `${ex.unknown === 0 ? '' : ` (${ex.unknown} earlier writes have an unknown outcome: a resume resends them with their own keys)`}. ` +
      `${stoppedEarly(ex, changeSetId, tool)} So far: ${sentText}`,
  );
}

/** Declares a change-set write tool; see `ChangeSetToolDeclaration`. */
export function defineChangeSetTool<
  I extends WriteInput,
  O extends z.ZodObject,
  D extends EngineDeps,
  R extends PlanRequestBase,
  P extends PreviewBase,
  S,
  X = never,
>(decl: ChangeSetToolDeclaration<I, O, D, R, P, S, X>): ToolSpec {
  const { pipeline: def, presentation: show } = decl;
  type Output = z.output<O>;

  // The one place the pipeline's per-company lock is taken: around planning and around each execution.
  const locked = <T>(ctx: ToolContext, company: string, task: () => Promise<T>): Promise<T> =>
    ctx.services.exclusive(`${def.pipeline}:${company}`, task);

  // The one preview document of a plan: the presentation's, with the closed-period pre-check of what it sends.
  const docOf = (p: P, periods: PeriodCheck, items?: readonly PlanItem[]): PreviewDocument => ({
    ...show.preview(p),
    periods,
    ...(items ? { items } : {}),
  });
  const previewText = (head: string, p: P, periods: PeriodCheck): string => formatPreview(head, p.digest, docOf(p, periods));
  // Every output carries the structured preview too: the same content as the text, for a client that reads fields.
  const withPreview = (o: Output, p: P, periods: PeriodCheck, items?: readonly PlanItem[]): Output => ({
    ...o,
    preview: structuredPreview(docOf(p, periods, items)),
  });
  const facts = (message: string, more: Partial<OutputFacts<X>> = {}): OutputFacts<X> => ({
    message,
    policy: null,
    expiresAt: null,
    consoleUrl: null,
    execution: null,
    extra: null,
    ...more,
  });
  const extraOf = (deps: D, company: string, args: z.output<I> | undefined) =>
    show.extra?.(deps, company, args) ?? Promise.resolve({ value: null, note: '' });
  const executionOptions = (ctx: ToolContext, by: string) => ({
    principal: by,
    onProgress: (d: number, t: number) => ctx.progress(d, t, `${d}/${t} ${show.progress}`),
    signal: ctx.signal,
  });
  const counts = (ex: ChangeSetExecution): string =>
    `${ex.written} ${show.written}, ${ex.alreadyApplied} already applied, ${ex.failed} rejected (see list_exceptions)` +
    `${ex.held ? `, ${ex.held} held back because a write they depend on failed` : ''}, ${ex.unknown} unresolved` +
    `${ex.notSent ? `, ${ex.notSent} not sent` : ''}.`;
  const executed = (ex: ChangeSetExecution, changeSetId: number): string =>
    `${ex.notSent ? `${stoppedEarly(ex, changeSetId, decl.name)} ` : ''}${counts(ex)}`;

  /** The change set handed to the approval gate: pending, rejected, or executed now under the lock. */
  const writePlan = async (
    ctx: ToolContext,
    deps: D,
    company: string,
    args: z.output<I>,
    planned: PlannedChangeSet<P>,
  ): Promise<WritePlan<Output>> => {
    const { changeSet, preview, periods } = planned;
    const summaryText = previewText(`Change set ${changeSet.id} for ${company}`, preview, periods);
    const out = (status: WriteStatus, f: OutputFacts<X>): Output =>
      withPreview(show.output(company, preview, status, f), preview, periods, planned.draft.items);
    // Read now because the pending answer is synchronous; only that answer carries it.
    const before = await extraOf(deps, company, args);
    return {
      changeSet,
      totalsByCurrency: show.policyTotals(preview),
      summaryText,
      pending: (policy, reason, consoleUrl) => {
        settleChangeSetRun(def, deps, planned, 'awaiting_approval');
        const page = consoleUrl === null ? '' : ` Console: ${consoleUrl}`;
        const message = `${summaryText}\nWaiting for approval: ${reason}. An approver calls approve_change_set with change_set_id ${changeSet.id}.${page}${before.note}`;
        return out(
          'pending_approval',
          facts(message, { policy: policy.source, expiresAt: changeSet.expiresAt, consoleUrl, extra: before.value }),
        );
      },
      rejected: (reason) => {
        settleChangeSetRun(def, deps, planned, 'rejected');
        return out('rejected', facts(`Change set ${changeSet.id} was not sent: ${reason}.`));
      },
      execute: async (by) => {
        const done = await locked(ctx, company, async () => {
          const ex = await executeChangeSet(def, deps, changeSet.id, { ...executionOptions(ctx, by.name), runId: planned.runId });
          completeChangeSetRun(def, deps, planned, ex);
          return ex;
        });
        refusedByTarget(done, changeSet.id, decl.name, counts(done));
        const after = await extraOf(deps, company, args);
        return out(
          executionStatus(preview.exceptions, done, def.outstanding?.(preview) ?? 0),
          facts(executed(done, changeSet.id) + after.note, { execution: done, extra: after.value }),
        );
      },
    };
  };

  const execute: ChangeSetExecutor = async (cs, by, ctx) => {
    const deps = decl.deps(ctx.services, cs.company);
    const preview = def.previewOf(cs);
    const done = await locked(ctx, cs.company, () => executeChangeSet(def, deps, cs.id, executionOptions(ctx, by.name)));
    refusedByTarget(done, cs.id, decl.name, counts(done));
    const after = await extraOf(deps, cs.company, undefined);
    // Only this change set's own work counts here: what waits in another change set is that one's approvers' to finish.
    return withPreview(
      show.output(
        cs.company,
        preview,
        executionStatus(preview.exceptions, done, 0),
        facts(`Approved by ${by.name}: ${executed(done, cs.id)}${after.note}`, { execution: done, extra: after.value }),
      ),
      preview,
      storedPeriodCheck(cs.summary),
    );
  };

  const { name, title, description, roles, annotations, cli, input, output, text } = decl;
  return defineTool<I, O>({
    name,
    title,
    description,
    roles,
    annotations,
    cli,
    input,
    // Every write tool's output also lists the structured preview (see withPreview).
    output: output.extend({ preview: previewOut }) as unknown as O,
    // The tool's own first line, then the rest of the preview: a client (or the CLI) that shows only the text still
    // sees what would be written, the totals, the closed periods and every exception with its fix.
    text: (o) => {
      const message = (o as { message?: unknown }).message;
      return [text(o), ...(typeof message === 'string' ? message.split('\n').slice(1) : [])].join('\n');
    },
    kind: 'write',
    reviewApp: true,
    changeSet: { pipeline: def.pipeline, execute },
    async handler(ctx, args) {
      const company = ctx.services.resolveCompany(args.company);
      const deps = decl.deps(ctx.services, company);
      const request = await decl.request(
        args,
        { company, principal: ctx.principal.name, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() },
        { deps, services: ctx.services },
      );
      const planned = await locked(ctx, company, () => planChangeSet(def, deps, request));
      if (planned.kind === 'planned') return { kind: 'change_set', plan: await writePlan(ctx, deps, company, args, planned) };
      const after = await extraOf(deps, company, args);
      const head = planned.status === 'dry_run' ? `Dry run for ${company}, nothing was written` : `Nothing to send for ${company}`;
      return {
        kind: 'done',
        output: withPreview(
          show.output(
            company,
            planned.preview,
            planned.status,
            facts(previewText(head, planned.preview, planned.periods) + after.note, { extra: after.value }),
          ),
          planned.preview,
          planned.periods,
          planned.items,
        ),
      };
    },
  });
}
