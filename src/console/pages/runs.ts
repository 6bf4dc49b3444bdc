import { streamSSE } from 'hono/streaming';
import { callTool, failure, idParam, may, render, type ConsoleDeps, type ConsoleRouter } from '../context.ts';
import { html } from '../html.ts';
import { toolOfPipeline, type ChangeSetView } from './change-set-view.ts';

/** How often the progress stream reads the outbox. */
const TICK_MS = 500;
/** A stream ends after this long; the page's script reconnects if the run still goes on. */
const STREAM_MS = 5 * 60_000;

interface Progress {
  readonly status: string;
  readonly sent: number;
  readonly left: number;
  readonly total: number;
}

/** How far a change set's delivery got: items no longer waiting in the outbox count as sent. */
function progressOf(deps: ConsoleDeps, id: number): Progress | undefined {
  const { store } = deps.app;
  const cs = store.changeSets.get(id);
  if (!cs) return undefined;
  const total = store.changeSets.items(id).length;
  const left =
    cs.status === 'executed' ? 0 : cs.status === 'approved' || cs.status === 'executing' ? store.outbox.pendingFor(id).length : total;
  return { status: cs.status, sent: total - left, left, total };
}

/** Runs: change sets being executed (live over server-sent events) and the latest executed ones. */
export function registerRuns(router: ConsoleRouter, deps: ConsoleDeps): void {
  router.get('/console/runs', async (c) => {
    const lists = await Promise.all(
      (['executing', 'approved', 'executed'] as const).map((status) =>
        callTool(deps, c, 'list_change_sets', { status, limit: status === 'executed' ? 20 : 200 }),
      ),
    );
    const failed = lists.find((l) => !l.ok);
    if (failed)
      return render(
        deps,
        c,
        'Runs',
        '/console/runs',
        html`<h1>Runs</h1>
          <p role="alert">${failure(failed)}</p>`,
        403,
      );
    const sets = lists.flatMap((l) => (l.ok ? (l.output.change_sets as ChangeSetView[]) : []));
    const rows = sets.map((s) => ({ s, p: progressOf(deps, s.change_set_id) }));
    const content = html`<h1>Runs</h1>
      <p>Change sets being sent to their target, with what was sent and what is left (updated live), then the latest finished ones.</p>
      ${
        rows.length === 0
          ? html`<p>No change set is running or finished yet.</p>`
          : html`<div class="scroll">
              <table>
                <caption>
                  Runs
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Change set</th>
                    <th scope="col">Tool</th>
                    <th scope="col">Company</th>
                    <th scope="col">Status</th>
                    <th scope="col">Sent</th>
                    <th scope="col">Left</th>
                    <th scope="col">Progress</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(
                    ({ s, p }) =>
                      html`<tr data-run="${s.change_set_id}" data-live="${s.status === 'executed' ? 'no' : 'yes'}">
                        <td><a href="/console/change-sets/${s.change_set_id}">#${s.change_set_id}</a></td>
                        <td>${toolOfPipeline(deps.tools, s.pipeline)}</td>
                        <td>${s.company}</td>
                        <td data-field="status">${p?.status ?? s.status}</td>
                        <td data-field="sent">${p?.sent ?? 0}</td>
                        <td data-field="left">${p?.left ?? 0}</td>
                        <td>
                          <progress
                            max="${p?.total ?? 0}"
                            value="${p?.sent ?? 0}"
                            aria-label="Progress of change set ${s.change_set_id}"
                          ></progress>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`;
    return render(deps, c, 'Runs', '/console/runs', content);
  });

  router.get('/console/runs/:id/events', (c) => {
    const id = idParam(c.req.param('id'));
    if (id === undefined || !may(deps, c, 'get_change_set')) return c.text('not found', 404);
    return streamSSE(c, async (stream) => {
      const until = Date.now() + STREAM_MS;
      let last = '';
      while (!stream.aborted && Date.now() < until) {
        const p = progressOf(deps, id);
        if (!p) break;
        const data = JSON.stringify(p);
        if (data !== last) await stream.writeSSE({ event: 'progress', data });
        last = data;
        if (p.status !== 'approved' && p.status !== 'executing') break;
        await stream.sleep(TICK_MS);
      }
    });
  });
}
