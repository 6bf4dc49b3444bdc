/**
 * The browser code of the change-set review MCP App, as text inlined into its HTML (an MCP App is one HTML document
 * in a sandboxed iframe: no bundler, no external script). Plain ES2019, no framework.
 *
 * `RENDER_SOURCE` defines `sagebridgeReview(result, consoleBase)`: a pure function from a tool result's structured
 * content to escaped HTML (every value goes through `esc`), so it can be checked without a DOM. `BRIDGE_SOURCE` speaks
 * the MCP Apps postMessage protocol (ext-apps spec 2026-01-26): `ui/initialize`, then renders each
 * `ui/notifications/tool-result`; the console link opens through `ui/open-link`. Read-only: nothing here writes.
 */
export const RENDER_SOURCE = String.raw`
function sagebridgeReview(result, consoleBase) {
  var MAP = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\u0060': '&#96;' };
  function esc(v) {
    return String(v === null || v === undefined ? '' : v).replace(/[&<>"'\u0060]/g, function (c) { return MAP[c]; });
  }
  function text(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') { var j = JSON.stringify(v); return j.length > 400 ? j.slice(0, 400) + '…' : j; }
    return String(v);
  }
  function isRecord(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function table(rows, limit) {
    var shown = rows.slice(0, limit);
    var cols = [];
    shown.forEach(function (r) { if (isRecord(r)) Object.keys(r).forEach(function (k) { if (cols.indexOf(k) < 0) cols.push(k); }); });
    if (cols.length === 0) cols = ['value'];
    var head = '<tr>' + cols.map(function (c) { return '<th scope="col">' + esc(c) + '</th>'; }).join('') + '</tr>';
    var body = shown.map(function (r) {
      return '<tr>' + cols.map(function (c) { return '<td>' + esc(text(isRecord(r) ? r[c] : r)) + '</td>'; }).join('') + '</tr>';
    }).join('');
    var more = rows.length > limit ? '<p class="more">' + esc(rows.length - limit) + ' more not shown; the console lists them all.</p>' : '';
    return '<table>' + head + body + '</table>' + more;
  }
  if (!isRecord(result) || typeof result.change_set_id !== 'number') {
    var why = isRecord(result) && typeof result.message === 'string' ? result.message : 'This result holds no change set.';
    return '<p class="empty">' + esc(why) + '</p>';
  }
  var id = result.change_set_id;
  var web = /^https?:\/\//i;
  var link = typeof result.console_url === 'string' && web.test(result.console_url) ? result.console_url : consoleBase ? consoleBase + '/console/change-sets/' + id : '';
  if (!web.test(link)) link = '';
  var head = ['status', 'pipeline', 'company', 'requested_by', 'policy', 'expires_at', 'digest'];
  var html = '<h1>Change set #' + esc(id) + '</h1><dl>';
  head.forEach(function (k) { if (result[k] !== undefined && result[k] !== null) html += '<dt>' + esc(k.replace(/_/g, ' ')) + '</dt><dd>' + esc(text(result[k])) + '</dd>'; });
  html += '</dl>';
  if (link) html += '<p class="act"><a href="' + esc(link) + '" target="_blank" rel="noopener noreferrer" data-open-link>Review and approve in the sagebridge console</a></p>';
  if (typeof result.message === 'string') html += '<h2>Plan</h2><pre>' + esc(result.message) + '</pre>';
  var counts = Object.keys(result).filter(function (k) { return typeof result[k] === 'number' && k !== 'change_set_id'; });
  if (counts.length) html += '<h2>Counts</h2>' + table([counts.reduce(function (o, k) { o[k] = result[k]; return o; }, {})], 1);
  Object.keys(result).forEach(function (k) {
    var v = result[k];
    if (Array.isArray(v) && v.length) html += '<h2>' + esc(k.replace(/_/g, ' ')) + '</h2>' + table(v, 50);
    else if (isRecord(v) && Object.keys(v).length) html += '<h2>' + esc(k.replace(/_/g, ' ')) + '</h2>' + table([v], 1);
  });
  return html;
}
`;

export const BRIDGE_SOURCE = String.raw`
(function () {
  'use strict';
  var root = document.getElementById('review');
  var meta = document.querySelector('meta[name="sagebridge-console"]');
  var consoleBase = meta ? meta.getAttribute('content') : '';
  var nextId = 1;
  var initId = 0;
  function send(message) { window.parent.postMessage(message, '*'); }
  function request(method, params) { var id = nextId++; send({ jsonrpc: '2.0', id: id, method: method, params: params }); return id; }
  function resized() {
    send({ jsonrpc: '2.0', method: 'ui/notifications/size-changed', params: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight } });
  }
  window.addEventListener('message', function (event) {
    if (event.source !== window.parent) return;
    var m = event.data;
    if (!m || m.jsonrpc !== '2.0') return;
    if (m.id === initId && m.method === undefined) {
      if (m.result) send({ jsonrpc: '2.0', method: 'ui/notifications/initialized', params: {} });
      return;
    }
    if (m.method === 'ui/notifications/tool-result') {
      root.innerHTML = sagebridgeReview(m.params && m.params.structuredContent, consoleBase);
      resized();
    } else if (m.method === 'ui/resource-teardown' || m.method === 'ping') {
      if (m.id !== undefined) send({ jsonrpc: '2.0', id: m.id, result: {} });
    }
  });
  document.addEventListener('click', function (event) {
    var a = event.target && event.target.closest ? event.target.closest('a[data-open-link]') : null;
    if (!a) return;
    event.preventDefault();
    request('ui/open-link', { url: a.href });
  });
  initId = request('ui/initialize', {
    appInfo: { name: 'sagebridge-change-set-review', version: '1' },
    appCapabilities: {},
    protocolVersion: '2026-01-26'
  });
})();
`;
