import { callTool, failure, render, type ConsoleDeps, type ConsoleRouter } from '../context.ts';
import { html } from '../html.ts';
import { ageText, toolOfPipeline, type ChangeSetView } from './change-set-view.ts';

/** The inbox: pending change sets, newest first, with the count in the page title. */
export function registerInbox(router: ConsoleRouter, deps: ConsoleDeps): void {
  router.get('/console', async (c) => {
    const listed = await callTool(deps, c, 'list_change_sets', { status: 'planned', limit: 200 });
    if (!listed.ok)
      return render(
        deps,
        c,
        'Inbox',
        '/console',
        html`<h1>Inbox</h1>
          <p role="alert">${failure(listed)}</p>`,
        403,
      );
    const sets = listed.output.change_sets as ChangeSetView[];
    const total = listed.output.total as number;
    const now = Date.now();
    const content = html`<h1>Inbox: ${total} pending</h1>
      ${
        sets.length === 0
          ? html`<p>Nothing waits for a decision.</p>`
          : html`<div class="scroll">
              <table>
                <caption>
                  Change sets waiting for approval or confirmation, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Change set</th>
                    <th scope="col">Tool</th>
                    <th scope="col">Company</th>
                    <th scope="col">Requester</th>
                    <th scope="col">Policy</th>
                    <th scope="col">Age</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Approvals still needed</th>
                  </tr>
                </thead>
                <tbody>
                  ${sets.map(
                    (s) =>
                      html`<tr>
                        <td><a href="/console/change-sets/${s.change_set_id}">#${s.change_set_id}</a></td>
                        <td>${toolOfPipeline(deps.tools, s.pipeline)}</td>
                        <td>${s.company}</td>
                        <td>${s.requesters.join(', ')}</td>
                        <td>${s.policy_mode ?? '—'}</td>
                        <td>${ageText(now - Date.parse(s.created_at))}</td>
                        <td>${s.expires_at ?? 'never'}</td>
                        <td>${Math.max(0, s.approvals_required - s.approvals.length)} of ${s.approvals_required}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`;
    return render(deps, c, `Inbox (${total})`, '/console', content);
  });
}
