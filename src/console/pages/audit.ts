import { existsSync } from 'node:fs';
import { formatCsv } from '../../platform/csv-writer.ts';
import { auditPath } from '../../platform/config.ts';
import { formatVerifyResult, verifyAuditLog } from '../../../audit/verify/verify-audit-log.ts';
import { formatCheckpointVerdict, readCheckpointSource, verifyAgainstCheckpoints } from '../../../audit/verify/verify-checkpoints.ts';
import { checkpointSettings, configuredVerifyKey } from '../../server/audit-checkpoint.ts';
import { callTool, failure, render, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../context.ts';
import { html } from '../html.ts';

const KINDS = ['tool_call', 'approval', 'external_write', 'schedule', 'report'] as const;
const PAGE = 100;
/** Rows an export carries at most (pages of 500 through the governor). */
const EXPORT_MAX = 20_000;

interface EventView {
  readonly seq: number;
  readonly at: string;
  readonly kind: string;
  readonly principal: string;
  readonly action: string;
  readonly decision: string;
  readonly outcome: string;
  readonly duration_ms: number | null;
  readonly change_set_id: number | null;
  readonly detail: unknown;
  readonly hash: string;
}

/** The filters of the page, as query_audit_log arguments (invalid ones are left to the governor to refuse). */
function filters(c: ConsoleContext): Record<string, string | number> {
  const q = (k: string): string | undefined => c.req.query(k)?.trim() || undefined;
  const kind = KINDS.find((k) => k === q('kind'));
  const cs = q('change_set_id');
  const principal = q('principal');
  const action = q('action');
  const from = q('from');
  const to = q('to');
  return {
    ...(kind ? { kind } : {}),
    ...(cs && /^\d+$/.test(cs) ? { change_set_id: Number(cs) } : {}),
    ...(principal ? { principal } : {}),
    ...(action ? { action } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** A cell a spreadsheet would read as a formula gets a leading quote (CSV injection). */
const cellText = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const query = (f: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(f).map(([k, v]): [string, string] => [k, String(v)])).toString();

/** The chain check and the checkpoint check, as lines. */
async function verification(deps: ConsoleDeps): Promise<{ chain: string; checkpoints: string[] }> {
  const config = deps.app.config;
  const path = auditPath(config);
  let chain: string;
  try {
    chain = formatVerifyResult(verifyAuditLog(path));
  } catch (err) {
    chain = (err as Error).message;
  }
  const settings = checkpointSettings(config);
  const sources = settings.readSources.filter((s) => existsSync(s));
  if (!settings.enabled || sources.length === 0) return { chain, checkpoints: ['no checkpoint that this server can read back yet'] };
  const key = configuredVerifyKey(config);
  if (!key) return { chain, checkpoints: ['no public key configured to check the checkpoints with'] };
  try {
    const texts = await Promise.all(sources.map((s) => readCheckpointSource(s)));
    return { chain, checkpoints: formatCheckpointVerdict(verifyAgainstCheckpoints(path, texts.join('\n'), key)) };
  } catch (err) {
    return { chain, checkpoints: [(err as Error).message] };
  }
}

/** The audit log with filters, its verification and checkpoint status, and exports (CSV, JSONL). */
export function registerAudit(router: ConsoleRouter, deps: ConsoleDeps): void {
  router.get('/console/audit', async (c) => {
    const f = filters(c);
    const after = Number(c.req.query('after_seq') ?? 0);
    const got = await callTool(deps, c, 'query_audit_log', {
      ...f,
      after_seq: Number.isSafeInteger(after) && after >= 0 ? after : 0,
      limit: PAGE,
    });
    if (!got.ok)
      return render(
        deps,
        c,
        'Audit',
        '/console/audit',
        html`<h1>Audit log</h1>
          <p role="alert">${failure(got)}</p>`,
        got.error.code === 'forbidden' ? 403 : 400,
      );
    const events = got.output.events as EventView[];
    const next = got.output.next_after_seq as number | null;
    const verified = c.req.query('verify') === '1' ? await verification(deps) : undefined;
    const v = (k: string): string => (f[k] === undefined ? '' : String(f[k]));
    const content = html`<h1>Audit log</h1>
      <form method="get" action="/console/audit" class="filters">
        <label for="a-principal">Principal</label><input id="a-principal" name="principal" value="${v('principal')}" />
        <label for="a-action">Action</label><input id="a-action" name="action" value="${v('action')}" />
        <label for="a-kind">Kind</label>
        <select id="a-kind" name="kind">
          <option value="">any</option>
          ${KINDS.map((k) => html`<option value="${k}" ${k === f.kind ? 'selected' : ''}>${k}</option>`)}
        </select>
        <label for="a-cs">Change set</label><input id="a-cs" name="change_set_id" inputmode="numeric" value="${v('change_set_id')}" />
        <label for="a-from">From</label><input id="a-from" name="from" value="${v('from')}" placeholder="2026-03-01" />
        <label for="a-to">To</label><input id="a-to" name="to" value="${v('to')}" placeholder="2026-03-31" />
        <button type="submit">Filter</button>
      </form>
      <p>
        <a href="/console/audit?${query({ ...f, verify: 1 })}">Verify the chain and checkpoints</a> ·
        <a href="/console/audit/export.csv?${query(f)}" download>Export CSV</a> ·
        <a href="/console/audit/export.jsonl?${query(f)}" download>Export JSONL</a>
      </p>
      ${
        verified
          ? html`<section class="verify" aria-label="Verification">
              <h2>Verification</h2>
              <p data-verify="chain">Hash chain: ${verified.chain}</p>
              <p data-verify="checkpoints">Checkpoints: ${verified.checkpoints.join(' ')}</p>
            </section>`
          : ''
      }
      <div class="scroll">
        <table>
          <caption>
            Audit events ${events[0]?.seq ?? ''}–${events.at(-1)?.seq ?? ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">At</th>
              <th scope="col">Kind</th>
              <th scope="col">Principal</th>
              <th scope="col">Action</th>
              <th scope="col">Decision</th>
              <th scope="col">Outcome</th>
              <th scope="col">Change set</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            ${events.map(
              (e) =>
                html`<tr>
                  <td>${e.seq}</td>
                  <td>${e.at}</td>
                  <td>${e.kind}</td>
                  <td>${e.principal}</td>
                  <td>${e.action}</td>
                  <td>${e.decision}</td>
                  <td>${e.outcome}</td>
                  <td>${e.change_set_id ?? '—'}</td>
                  <td><code class="payload">${JSON.stringify(e.detail)}</code></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${next !== null ? html`<p><a href="/console/audit?${query({ ...f, after_seq: next })}">Next page</a></p>` : ''}`;
    return render(deps, c, 'Audit', '/console/audit', content);
  });

  const exportRows = async (c: ConsoleContext): Promise<EventView[] | string> => {
    const f = filters(c);
    const rows: EventView[] = [];
    let after = 0;
    while (rows.length < EXPORT_MAX) {
      const got = await callTool(deps, c, 'query_audit_log', { ...f, after_seq: after, limit: 500 });
      if (!got.ok) return failure(got);
      rows.push(...(got.output.events as EventView[]));
      const next = got.output.next_after_seq as number | null;
      if (next === null) break;
      after = next;
    }
    return rows;
  };

  router.get('/console/audit/export.csv', async (c) => {
    const rows = await exportRows(c);
    if (typeof rows === 'string') return c.text(rows, 403);
    const header = ['seq', 'at', 'kind', 'principal', 'action', 'decision', 'outcome', 'duration_ms', 'change_set_id', 'detail', 'hash'];
    const body = formatCsv([
      header,
      ...rows.map((e) =>
        [
          String(e.seq),
          e.at,
          e.kind,
          e.principal,
          e.action,
          e.decision,
          e.outcome,
          String(e.duration_ms ?? ''),
          String(e.change_set_id ?? ''),
          JSON.stringify(e.detail),
          e.hash,
        ].map(cellText),
      ),
    ]);
    return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit.csv"' });
  });

  router.get('/console/audit/export.jsonl', async (c) => {
    const rows = await exportRows(c);
    if (typeof rows === 'string') return c.text(rows, 403);
    return c.body(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''), 200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': 'attachment; filename="audit.jsonl"',
    });
  });
}
