import { callTool, failure, field, idParam, may, redirectWith, render, type ConsoleDeps, type ConsoleRouter } from '../context.ts';
import { html } from '../html.ts';
import { csrfField } from '../layout.ts';

const STATUSES = ['open', 'retrying', 'resolved'] as const;
const CLASSES = ['mapping', 'validation', 'period', 'duplicate', 'upstream', 'transient'] as const;

interface ExceptionView {
  readonly id: number;
  readonly pipeline: string;
  readonly company: string;
  readonly source_key: string;
  readonly class: string;
  readonly status: string;
  readonly message: string;
  readonly fix: string;
  readonly occurrences: number;
  readonly last_seen_at: string;
  readonly resolution: string | null;
}

/** The exceptions queue with filters, fix hints, retry and resolve-with-reason (each through the governor). */
export function registerExceptions(router: ConsoleRouter, deps: ConsoleDeps): void {
  router.get('/console/exceptions', async (c) => {
    const status = STATUSES.find((s) => s === c.req.query('status')) ?? 'open';
    const cls = CLASSES.find((s) => s === c.req.query('class'));
    const pipeline = c.req.query('pipeline')?.trim() || undefined;
    const listed = await callTool(deps, c, 'list_exceptions', {
      status,
      limit: 500,
      ...(cls ? { class: cls } : {}),
      ...(pipeline ? { pipeline } : {}),
    });
    if (!listed.ok)
      return render(
        deps,
        c,
        'Exceptions',
        '/console/exceptions',
        html`<h1>Exceptions</h1>
          <p role="alert">${failure(listed)}</p>`,
        403,
      );
    const list = listed.output.exceptions as readonly ExceptionView[];
    const csrf = c.get('session').csrf;
    const canRetry = may(deps, c, 'retry_exceptions');
    const canResolve = may(deps, c, 'resolve_exception');
    const content = html`<h1>Exceptions (${String(listed.output.total)} ${status})</h1>
      <form method="get" action="/console/exceptions" class="filters">
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          ${STATUSES.map((s) => html`<option value="${s}" ${s === status ? 'selected' : ''}>${s}</option>`)}
        </select>
        <label for="f-class">Class</label>
        <select id="f-class" name="class">
          <option value="">any</option>
          ${CLASSES.map((s) => html`<option value="${s}" ${s === cls ? 'selected' : ''}>${s}</option>`)}
        </select>
        <label for="f-pipeline">Pipeline</label>
        <input id="f-pipeline" name="pipeline" value="${pipeline ?? ''}" />
        <button type="submit">Filter</button>
      </form>
      ${
        list.length === 0
          ? html`<p>No exceptions match.</p>`
          : html`<div class="scroll">
              <table>
                <caption>
                  Exceptions, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Pipeline</th>
                    <th scope="col">Record</th>
                    <th scope="col">Class</th>
                    <th scope="col">Problem</th>
                    <th scope="col">Fix</th>
                    <th scope="col">Seen</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  ${list.map(
                    (e) =>
                      html`<tr>
                        <td>${e.id}</td>
                        <td>${e.pipeline} (${e.company})</td>
                        <td>${e.source_key}</td>
                        <td>${e.class}</td>
                        <td>${e.message}${e.resolution ? html`<br />Resolved: ${e.resolution}` : ''}</td>
                        <td>${e.fix}</td>
                        <td>${e.occurrences}× (last ${e.last_seen_at})</td>
                        <td>
                          ${
                            canRetry && e.status === 'open'
                              ? html`<form method="post" action="/console/exceptions/retry">
                                  ${csrfField(csrf)}<input type="hidden" name="exception_ids" value="${e.id}" />
                                  <button type="submit" aria-label="Retry exception ${e.id}">Retry</button>
                                </form>`
                              : ''
                          }
                          ${
                            canResolve && e.status !== 'resolved'
                              ? html`<form method="post" action="/console/exceptions/${e.id}/resolve" class="inline">
                                  ${csrfField(csrf)}
                                  <label for="why-${e.id}">Reason</label>
                                  <input id="why-${e.id}" name="reason" required minlength="3" maxlength="500" />
                                  <button type="submit" aria-label="Resolve exception ${e.id}">Resolve</button>
                                </form>`
                              : ''
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`;
    return render(deps, c, 'Exceptions', '/console/exceptions', content);
  });

  router.post('/console/exceptions/retry', async (c) => {
    const raw = c.get('form').exception_ids;
    const ids = (Array.isArray(raw) ? raw : [raw ?? '']).map((v) => idParam(v)).filter((v): v is number => v !== undefined);
    const o = await callTool(deps, c, 'retry_exceptions', { exception_ids: ids });
    return redirectWith(
      c,
      '/console/exceptions',
      o.ok
        ? { kind: 'ok', text: `Marked for retry: ${(o.output.marked as number[]).join(', ') || 'none'}` }
        : { kind: 'error', text: failure(o) },
    );
  });

  router.post('/console/exceptions/:id/resolve', async (c) => {
    const id = idParam(c.req.param('id'));
    if (id === undefined) return c.text('not found', 404);
    const o = await callTool(deps, c, 'resolve_exception', { exception_id: id, reason: field(c, 'reason') });
    return redirectWith(
      c,
      '/console/exceptions',
      o.ok ? { kind: 'ok', text: `Exception ${id} resolved` } : { kind: 'error', text: failure(o) },
    );
  });
}
