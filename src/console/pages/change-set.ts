import {
  callTool,
  failure,
  field,
  idParam,
  may,
  redirectWith,
  render,
  type ConsoleContext,
  type ConsoleDeps,
  type ConsoleRouter,
} from '../context.ts';
import { html, type Html } from '../html.ts';
import { csrfField } from '../layout.ts';
import { masked, renderJson } from '../render-json.ts';
import { toolOfPipeline, type ChangeSetView } from './change-set-view.ts';

/** Planned items per page of the change-set page. */
const PAGE_ITEMS = 50;

interface ItemView {
  readonly seq: number;
  readonly source_key: string;
  readonly object: string;
  readonly target: string;
  readonly state: string;
  readonly record_no: string | null;
  readonly payload: unknown;
}

/** The tool the console calls for a requester's own confirmation (added with the console-only transport restriction). */
const CONFIRM_TOOL = 'confirm_change_set';

function fourEyes(cs: ChangeSetView): Html {
  const given = cs.approvals.length;
  const by = cs.approvals.map((a) => a.by).join(', ');
  return html`<p class="four-eyes" data-approvals="${given}" data-required="${cs.approvals_required}">
    Approvals: <strong>${given} of ${cs.approvals_required}</strong>${given > 0 ? html` (by ${by})` : ''}${
      cs.approvals_required > 1 ? html` — this change set needs ${cs.approvals_required} distinct approvers, none of them a requester` : ''
    }
  </p>`;
}

function actions(deps: ConsoleDeps, c: ConsoleContext, cs: ChangeSetView): Html {
  if (cs.status !== 'planned') return html`<p>This change set is <strong>${cs.status}</strong>; there is nothing to decide.</p>`;
  const me = c.get('session').principal.name;
  const csrf = c.get('session').csrf;
  const base = `/console/change-sets/${cs.change_set_id}`;
  const parts: Html[] = [];
  const requester = cs.requesters.includes(me);
  if (requester && cs.policy_mode === 'confirm' && deps.tools.some((t) => t.name === CONFIRM_TOOL))
    parts.push(
      html`<form method="post" action="${base}/confirm" class="stack">
        ${csrfField(csrf)}<input type="hidden" name="digest" value="${cs.digest}" />
        <p>You requested this change set and its policy asks you to confirm it here.</p>
        <button type="submit">Confirm</button>
      </form>`,
    );
  if (may(deps, c, 'approve_change_set')) {
    if (requester) parts.push(html`<p>You requested this change set: another approver must approve it.</p>`);
    else if (cs.approvals.some((a) => a.by === me)) parts.push(html`<p>You approved it already; it waits for another approver.</p>`);
    else
      parts.push(
        html`<form method="post" action="${base}/approve" class="stack">
          ${csrfField(csrf)}<input type="hidden" name="digest" value="${cs.digest}" />
          <label for="comment">Comment (optional, kept in the audit log)</label>
          <input id="comment" name="comment" maxlength="1000" />
          <button type="submit">Approve</button>
        </form>`,
      );
    parts.push(
      html`<form method="post" action="${base}/reject" class="stack">
        ${csrfField(csrf)}
        <label for="reason">Reason for rejecting (required)</label>
        <input id="reason" name="reason" required minlength="3" maxlength="1000" />
        <button type="submit">Reject</button>
      </form>`,
    );
  }
  return parts.length === 0 ? html`<p>Your roles cannot decide on this change set.</p>` : html`<div class="actions">${parts}</div>`;
}

function items(cs: ChangeSetView, list: readonly ItemView[], total: number, offset: number): Html {
  const pageNo = Math.floor(offset / PAGE_ITEMS) + 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_ITEMS));
  const link = (n: number, text: string): Html => html`<a href="/console/change-sets/${cs.change_set_id}?page=${n}">${text}</a>`;
  return html`<section>
    <h2>Every line (${total})</h2>
    <nav aria-label="Pages of lines" class="pager">
      ${pageNo > 1 ? link(pageNo - 1, 'Previous page') : ''} <span>Page ${pageNo} of ${pages}</span>
      ${pageNo < pages ? link(pageNo + 1, 'Next page') : ''}
    </nav>
    <div class="scroll">
      <table>
        <caption>
          Planned writes ${offset + 1}–${offset + list.length} of ${total}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Source</th>
            <th scope="col">Object</th>
            <th scope="col">Target</th>
            <th scope="col">State</th>
            <th scope="col">Record</th>
            <th scope="col">Payload</th>
          </tr>
        </thead>
        <tbody>
          ${list.map(
            (i) =>
              html`<tr>
                <td>${i.seq + 1}</td>
                <td>${i.source_key}</td>
                <td>${i.object}</td>
                <td>${i.target}</td>
                <td>${i.state}</td>
                <td>${i.record_no ?? '—'}</td>
                <td><code class="payload">${JSON.stringify(masked(i.payload))}</code></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

/** The change-set page: what will post, bound to the digest shown, and the decision forms. */
export function registerChangeSet(router: ConsoleRouter, deps: ConsoleDeps): void {
  router.get('/console/change-sets/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    if (id === undefined) return c.text('not found', 404);
    const pageNo = idParam(c.req.query('page')) ?? 1;
    const offset = (pageNo - 1) * PAGE_ITEMS;
    const got = await callTool(deps, c, 'get_change_set', { change_set_id: id, items_offset: offset, items_limit: PAGE_ITEMS });
    if (!got.ok)
      return render(
        deps,
        c,
        `Change set ${id}`,
        '/console',
        html`<h1>Change set ${id}</h1>
          <p role="alert">${failure(got)}</p>`,
        got.error.code === 'not_found' ? 404 : 403,
      );
    const cs = got.output as unknown as ChangeSetView;
    const list = got.output.items as ItemView[];
    const content = html`<h1>Change set #${cs.change_set_id}: ${toolOfPipeline(deps.tools, cs.pipeline)} for ${cs.company}</h1>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>${cs.status}</dd>
        </div>
        <div>
          <dt>Requested by</dt>
          <dd>${cs.requesters.join(', ')}</dd>
        </div>
        <div>
          <dt>Policy</dt>
          <dd>${cs.policy ?? '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>${cs.created_at}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>${cs.expires_at ?? 'never'}</dd>
        </div>
        ${
          cs.decided_by
            ? html`<div>
                <dt>Decided by</dt>
                <dd>${cs.decided_by} ${cs.decision_note ? `(${cs.decision_note})` : ''}</dd>
              </div>`
            : ''
        }
      </dl>
      <p>Digest <code class="digest">${cs.digest}</code>: an approval here is bound to exactly this plan.</p>
      ${fourEyes(cs)} ${actions(deps, c, cs)}
      <section class="preview">
        <h2>Preview</h2>
        ${renderJson(masked(cs.summary))}
      </section>
      ${items(cs, list, got.output.items_total as number, offset)}`;
    return render(deps, c, `Change set ${cs.change_set_id}`, '/console', content);
  });

  const decide = (path: string, run: (c: ConsoleContext, id: number) => Promise<{ ok: boolean; text: string }>) =>
    router.post(`/console/change-sets/:id/${path}`, async (c) => {
      const id = idParam(c.req.param('id'));
      if (id === undefined) return c.text('not found', 404);
      const done = await run(c, id);
      return redirectWith(c, `/console/change-sets/${id}`, { kind: done.ok ? 'ok' : 'error', text: done.text });
    });

  const digestOf = (c: ConsoleContext): string | undefined => {
    const d = field(c, 'digest');
    return /^[0-9a-f]{64}$/.test(d) ? d : undefined;
  };

  decide('approve', async (c, id) => {
    const digest = digestOf(c);
    if (!digest) return { ok: false, text: 'digest: the form lost the digest you reviewed; reload the page and approve again' };
    const comment = field(c, 'comment').trim();
    const o = await callTool(deps, c, 'approve_change_set', { change_set_id: id, digest, ...(comment ? { comment } : {}) });
    if (!o.ok) return { ok: false, text: failure(o) };
    const result = o.output.result as { message?: unknown };
    return {
      ok: true,
      text: `Approved: change set ${id} is ${String(o.output.status)}${typeof result.message === 'string' ? `; ${result.message}` : ''}`,
    };
  });
  decide('reject', async (c, id) => {
    const o = await callTool(deps, c, 'reject_change_set', { change_set_id: id, reason: field(c, 'reason') });
    return o.ok ? { ok: true, text: `Rejected: change set ${id}` } : { ok: false, text: failure(o) };
  });
  decide('confirm', async (c, id) => {
    const digest = digestOf(c);
    if (!digest) return { ok: false, text: 'digest: the form lost the digest you reviewed; reload the page and confirm again' };
    const o = await callTool(deps, c, CONFIRM_TOOL, { change_set_id: id, digest });
    return o.ok ? { ok: true, text: `Confirmed: change set ${id} is ${String(o.output.status)}` } : { ok: false, text: failure(o) };
  });
}
