import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import type { ReconciliationReport } from '../../core/reconcile/index.ts';
import { callTool, failure, field, may, redirectWith, render, type ConsoleDeps, type ConsoleRouter } from '../context.ts';
import { html, type Html } from '../html.ts';
import { csrfField } from '../layout.ts';

const REPORT_FILE = /^reconciliation-(.+)-(\d{4}-\d{2})\.json$/;

/** The saved reports (one file per company and period, the latest run of each), newest first. */
function savedReports(stateDir: string): { company: string; period: string; file: string }[] {
  const dir = join(stateDir, 'reports');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const m = REPORT_FILE.exec(name);
      return m ? [{ company: m[1]!, period: m[2]!, file: join(dir, name) }] : [];
    })
    .sort((a, b) => b.period.localeCompare(a.period) || a.company.localeCompare(b.company));
}

/** Variance by cause as bars: server-rendered SVG, no script, no style attribute (presentation attributes only). */
function causeChart(r: ReconciliationReport): Html {
  const causes: [string, string][] = [
    ['Not synced yet', r.totals.notSynced],
    ['Made directly in Intacct', r.totals.directIntacct],
    ['Dated into another period', r.totals.periodMismatch],
    ['Unmapped Sage 300 accounts', r.totals.sage300UnmappedDebits],
    ['Unexplained', r.totals.unexplained],
  ];
  const max = Decimal.max(1, ...causes.map(([, v]) => new Decimal(v).abs()));
  const rowH = 28;
  const width = 640;
  const barMax = 360;
  return html`<svg
    role="img"
    aria-labelledby="chart-title"
    width="${width}"
    height="${causes.length * rowH + 10}"
    viewBox="0 0 ${width} ${causes.length * rowH + 10}"
    class="chart"
  >
    <title id="chart-title">Variance by cause for ${r.company} ${r.period}</title>
    ${causes.map(([name, value], i) => {
      const w = new Decimal(value).abs().div(max).mul(barMax).toDecimalPlaces(0).toNumber();
      const y = i * rowH + 5;
      return html`<g>
        <text x="0" y="${y + 17}" font-size="13" fill="#1a1a1a">${name}</text>
        <rect
          x="200"
          y="${y + 4}"
          width="${Math.max(1, w)}"
          height="${rowH - 10}"
          fill="${name === 'Unexplained' ? '#a4262c' : '#1f5f99'}"
        ></rect>
        <text x="${206 + w}" y="${y + 17}" font-size="13" fill="#1a1a1a">${value}</text>
      </g>`;
    })}
  </svg>`;
}

function reportView(r: ReconciliationReport): Html {
  return html`<h2>${r.company} ${r.period} (${r.start} to ${r.end}): ${r.reconciled ? 'reconciled' : `${r.totals.variances} variances`}</h2>
    <p>
      Generated ${r.generatedAt}; Σ|variance| ${r.totals.absoluteVariance}; Sage 300 debits ${r.totals.sage300Debits}, Intacct debits
      ${r.totals.intacctDebits}.
    </p>
    ${causeChart(r)}
    <h3>Variances (${r.variances.length})</h3>
    ${
      r.variances.length === 0
        ? html`<p>None.</p>`
        : html`<div class="scroll">
            <table>
              <caption>
                Variance per account, department and location, with the records behind it
              </caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Department</th>
                  <th scope="col">Location</th>
                  <th scope="col">Sage 300</th>
                  <th scope="col">Intacct</th>
                  <th scope="col">Variance</th>
                  <th scope="col">Unexplained</th>
                  <th scope="col">Records</th>
                </tr>
              </thead>
              <tbody>
                ${r.variances.map(
                  (v) =>
                    html`<tr>
                      <td>${v.account}</td>
                      <td>${v.department}</td>
                      <td>${v.location}</td>
                      <td>${v.sage300}</td>
                      <td>${v.intacct}</td>
                      <td>${v.variance}</td>
                      <td>${v.unexplained}</td>
                      <td>
                        <details>
                          <summary>${v.records.length} records</summary>
                          <ul class="plain">
                            ${v.records.map((x) => html`<li>${x.cause}: ${x.system} ${x.ref} ${x.date} ${x.amount} — ${x.detail}</li>`)}
                          </ul>
                        </details>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
}

/** The latest reconciliation report per company and period, its variance by cause, drill-down, and a form to run one. */
export function registerReconciliation(router: ConsoleRouter, deps: ConsoleDeps): void {
  router.get('/console/reconciliation', (c) => {
    if (!may(deps, c, 'reconcile_trial_balance'))
      return render(
        deps,
        c,
        'Reconciliation',
        '/console/reconciliation',
        html`<h1>Reconciliation</h1>
          <p role="alert">forbidden: your roles cannot read reconciliations</p>`,
        403,
      );
    const reports = savedReports(deps.app.config.stateDir);
    const chosen = reports.find((r) => r.company === c.req.query('company') && r.period === c.req.query('period')) ?? reports[0];
    const report = chosen ? (JSON.parse(readFileSync(chosen.file, 'utf8')) as ReconciliationReport) : undefined;
    const csrf = c.get('session').csrf;
    const content = html`<h1>Reconciliation</h1>
      <form method="post" action="/console/reconciliation/run" class="filters">
        ${csrfField(csrf)}
        <label for="r-period">Period (YYYY-MM)</label><input id="r-period" name="period" required pattern="\\d{4}-\\d{2}" />
        <label for="r-company">Company</label>
        <select id="r-company" name="company">
          ${deps.app.services.companies.map((k) => html`<option value="${k}">${k}</option>`)}
        </select>
        <button type="submit">Reconcile now</button>
      </form>
      ${
        reports.length > 0
          ? html`<nav aria-label="Saved reports">
              <ul class="inline-list">
                ${reports.map((r) => html`<li><a href="/console/reconciliation?company=${r.company}&period=${r.period}">${r.company} ${r.period}</a></li>`)}
              </ul>
            </nav>`
          : html`<p>No reconciliation has been saved yet.</p>`
      }
      ${report ? reportView(report) : ''}`;
    return render(deps, c, 'Reconciliation', '/console/reconciliation', content);
  });

  router.post('/console/reconciliation/run', async (c) => {
    const period = field(c, 'period');
    const company = field(c, 'company');
    const o = await callTool(deps, c, 'reconcile_trial_balance', { period, ...(company ? { company } : {}) });
    if (!o.ok) return redirectWith(c, '/console/reconciliation', { kind: 'error', text: failure(o) });
    return redirectWith(
      c,
      `/console/reconciliation?company=${encodeURIComponent(String(o.output.company))}&period=${encodeURIComponent(String(o.output.period))}`,
      {
        kind: 'ok',
        text: `Reconciled ${String(o.output.company)} ${String(o.output.period)}`,
      },
    );
  });
}
