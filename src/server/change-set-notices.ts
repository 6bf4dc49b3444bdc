import type { ChangeSet } from '../core/state/index.ts';
import type { ChangeSetEvents, WaitingFor } from '../governance/change-set-events.ts';
import { policyLabel, type ResolvedPolicy } from '../governance/approval-policy.ts';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { postWebhook } from '../platform/webhook.ts';

/** MCP clients that opened a change set's console page (URL-mode elicitation), to be told when it is decided. */
export interface ConsoleWaits {
  /** Sends `notifications/elicitation/complete` to `owner`'s client once the change set is decided. */
  add(changeSetId: number, owner: object, notify: () => Promise<void>): void;
  /** Forgets what `owner` (an MCP session that closed) was waiting for. */
  dropOwner(owner: object): void;
}

/** The change-set events of a running server: approver webhooks and console-page completions. */
export interface ChangeSetNotices extends ChangeSetEvents {
  readonly waits: ConsoleWaits;
  /** Resolves when every webhook post started so far has answered or failed (shutdown). */
  idle(): Promise<void>;
}

/** The text an approver reads in Slack or Teams: ids, names and the console link; never payloads, tokens or ERP text. */
function waitingText(cs: ChangeSet, policy: ResolvedPolicy, waitingFor: WaitingFor, consoleUrl: string): string {
  const who =
    waitingFor === 'requester_confirmation'
      ? `waits for ${cs.requesters.join(' or ')} to confirm it in the console (an approver may approve it instead)`
      : `waits for ${cs.approvalsRequired > 1 ? `${cs.approvalsRequired} approvers` : 'an approver'} who did not request it`;
  const expiry = cs.expiresAt === null ? '' : `; expires ${cs.expiresAt}`;
  return `sagebridge: change set ${cs.id} (${cs.pipeline}, company ${cs.company}) ${who}. Requested by ${cs.requesters.join(', ')} under policy ${policyLabel(policy)}${expiry}. Review: ${consoleUrl}`;
}

/**
 * Creates the server's change-set notices: each configured `approvals.notify` webhook gets `{"text": ...}` (read by
 * Slack and Teams incoming webhooks) when a change set starts waiting; clients that opened a change set's console page
 * are told when it is decided. Nothing here blocks or fails a call: failures are logged without the webhook URL.
 */
export function createChangeSetNotices(config: Pick<Config, 'approvals'>, log: Logger): ChangeSetNotices {
  const hooks = config.approvals.notify.map((h, i) => ({ url: h.url, name: h.name ?? `approvals.notify[${i}]` }));
  const inFlight = new Set<Promise<void>>();
  const waits = new Map<number, { owner: object; notify: () => Promise<void> }[]>();

  const post = (hook: { url: string; name: string }, text: string, changeSetId: number): void => {
    const sent = postWebhook(hook.url, { text }, log)
      .then(() => log.info({ webhook: hook.name, changeSetId }, 'approvers notified'))
      .catch((err: unknown) =>
        // The URL of an incoming webhook is its secret: the log names the hook, and axios errors carry the URL.
        log.warn(
          { webhook: hook.name, changeSetId, error: (err as { code?: string }).code ?? (err as Error).message },
          'approver webhook failed',
        ),
      );
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };

  return {
    waiting(cs, { policy, waitingFor, consoleUrl }) {
      if (hooks.length === 0) return;
      const text = waitingText(cs, policy, waitingFor, consoleUrl);
      for (const hook of hooks) post(hook, text, cs.id);
    },
    decided(cs) {
      const waiting = waits.get(cs.id);
      if (!waiting) return;
      waits.delete(cs.id);
      for (const w of waiting) void w.notify().catch(() => undefined); // the client may have gone: nothing to tell
    },
    waits: {
      add(changeSetId, owner, notify) {
        const list = waits.get(changeSetId) ?? [];
        list.push({ owner, notify });
        waits.set(changeSetId, list);
      },
      dropOwner(owner) {
        for (const [id, list] of waits) {
          const kept = list.filter((w) => w.owner !== owner);
          if (kept.length === 0) waits.delete(id);
          else waits.set(id, kept);
        }
      },
    },
    async idle() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
