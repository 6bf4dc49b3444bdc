import { html, type Html } from './html.ts';

/** Keys whose values are bank or remit-to details: shown masked, whatever the pipeline. */
const SENSITIVE_KEY = /(remit|bank|payto|iban|routing|swift|achaccount|accountnumber)/i;

/** A sensitive value as previews show it: only its last two characters. */
function maskValue(value: string): string {
  if (value === '') return '(blank)';
  return `${'*'.repeat(Math.max(2, value.length - 2))}${value.slice(-2)}`;
}

/** A JSON value with every string under a sensitive key masked (nested objects too). */
export function masked(value: unknown, sensitive = false): unknown {
  if (typeof value === 'string') return sensitive ? maskValue(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return sensitive ? maskValue(String(value)) : value;
  if (Array.isArray(value)) return value.map((v) => masked(v, sensitive));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, sensitive || SENSITIVE_KEY.test(k))]));
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** `byAccount` → `By account`. */
function label(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const scalarText = (v: unknown): string => (v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Rows shown of one list before "N more" (the rest is in the JSON of get_change_set). */
const LIST_ROWS = 200;

function table(rows: readonly unknown[], caption: string): Html {
  const objects = rows.filter(isRecord);
  const columns = [...new Set(objects.flatMap((r) => Object.keys(r)))];
  const shown = rows.slice(0, LIST_ROWS);
  const more = rows.length - shown.length;
  if (columns.length === 0)
    return html`<ul class="plain">
      ${shown.map((r) => html`<li>${scalarText(r)}</li>`)}
    </ul>`;
  return html`<div class="scroll">
    <table>
      ${
        caption === ''
          ? ''
          : html`<caption>
              ${caption}
            </caption>`
      }
      <thead>
        <tr>
          ${columns.map((c) => html`<th scope="col">${label(c)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${shown.map(
          (r) =>
            html`<tr>
              ${columns.map((c) => html`<td>${cell(isRecord(r) ? r[c] : undefined)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    ${more > 0 ? html`<p>… ${more} more rows</p>` : ''}
  </div>`;
}

function cell(v: unknown): Html | string {
  if (v === undefined) return '';
  if (isScalar(v)) return scalarText(v);
  if (isRecord(v) && Object.values(v).every(isScalar))
    return html`${Object.entries(v).map(([k, x]) => html`<span class="pair">${k}: ${scalarText(x)}</span> `)}`;
  return html`<code>${JSON.stringify(v)}</code>`;
}

/**
 * Any structured preview as HTML, generically: scalars as a definition list, flat objects as key/value tables, lists of
 * records as tables, deeper values as sections. Every text is escaped; sensitive values arrive masked (see `masked`).
 */
export function renderJson(value: unknown, depth = 0): Html {
  if (isScalar(value)) return html`${scalarText(value)}`;
  if (Array.isArray(value)) return value.length === 0 ? html`<p>none</p>` : table(value, '');
  if (!isRecord(value)) return html``;
  const entries = Object.entries(value);
  const scalars = entries.filter(([, v]) => isScalar(v));
  const rest = entries.filter(([, v]) => !isScalar(v));
  const heading = (text: string): Html => (depth === 0 ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
  return html`${
    scalars.length > 0
      ? html`<dl class="facts">
          ${scalars.map(
            ([k, v]) =>
              html`<div>
                <dt>${label(k)}</dt>
                <dd>${scalarText(v)}</dd>
              </div>`,
          )}
        </dl>`
      : ''
  }
  ${rest.map(([k, v]) => {
    if (Array.isArray(v)) return html`<section>${heading(label(k))}${v.length === 0 ? html`<p>none</p>` : table(v, label(k))}</section>`;
    if (isRecord(v) && Object.values(v).every(isScalar))
      return html`<section>
        ${heading(label(k))}${
          Object.keys(v).length === 0
            ? html`<p>none</p>`
            : table(
                Object.entries(v).map(([kk, vv]) => ({ key: kk, value: vv })),
                label(k),
              )
        }
      </section>`;
    return html`<section>${heading(label(k))}${renderJson(v, depth + 1)}</section>`;
  })}`;
}
