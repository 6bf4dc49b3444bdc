import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { canonicalJson } from '../core/state/index.ts';
import type { Principal } from '../governance/principals.ts';
import type { App } from './app.ts';

/** Where the reconciliation pipeline saves its latest report (JSON). */
const latestReconciliationPath = (app: Pick<App, 'config'>): string => join(app.config.stateDir, 'reports', 'reconciliation-latest.json');

/**
 * Read-only MCP resources: the mapping tables (CSV), change sets (JSON, with their planned payloads), and the latest
 * reconciliation report. Reads are cheap and need no tool call; they are still limited to configured principals.
 */
export function registerResources(mcp: McpServer, app: App, principal: Principal): void {
  mcp.registerResource(
    'mapping-table',
    new ResourceTemplate('sagebridge://mappings/{file}', {
      list: () => ({
        resources: app.services
          .mappingTables()
          .map((t) => ({ uri: `sagebridge://mappings/${t.name}`, name: t.name, title: `Mapping table ${t.name}`, mimeType: t.mimeType })),
      }),
    }),
    {
      title: 'Mapping tables',
      description:
        'The CSV mapping tables (accounts, dimensions, vendors, customers, tax codes, payment terms) the pipelines resolve codes with',
      mimeType: 'text/csv',
    },
    (uri, { file }) => {
      const table = app.services.mappingTables().find((t) => t.name === file);
      if (!table) throw new Error(`no mapping table named ${String(file)}`);
      return { contents: [{ uri: uri.href, mimeType: table.mimeType, text: table.text }] };
    },
  );

  mcp.registerResource(
    'change-set',
    new ResourceTemplate('sagebridge://change-sets/{id}', {
      list: () => ({
        resources: app.store.changeSets
          .list()
          .slice(0, 50)
          .map((cs) => ({
            uri: `sagebridge://change-sets/${cs.id}`,
            name: `change-set-${cs.id}`,
            title: `Change set ${cs.id} (${cs.pipeline}, ${cs.status})`,
            mimeType: 'application/json',
          })),
      }),
    }),
    {
      title: 'Change sets',
      description: 'A change set: digest, requester, approval state, summary and the exact planned payloads',
      mimeType: 'application/json',
    },
    (uri, { id }) => {
      const cs = app.store.changeSets.get(Number(id));
      if (!cs) throw new Error(`change set ${String(id)} does not exist`);
      const items = app.store.changeSets.items(cs.id).map((i) => ({
        ...i,
        state: app.store.outbox.get(i.idempotencyKey)?.state ?? null,
        recordNo: app.store.outbox.get(i.idempotencyKey)?.targetRecordNo ?? null,
      }));
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ ...cs, items }, null, 2) }] };
    },
  );

  mcp.registerResource(
    'reconciliation-latest',
    'sagebridge://reports/reconciliation/latest',
    {
      title: 'Latest trial-balance reconciliation',
      description: 'The most recent Sage 300 vs Sage Intacct trial-balance reconciliation report (JSON)',
      mimeType: 'application/json',
    },
    (uri) => {
      const path = latestReconciliationPath(app);
      const text = existsSync(path)
        ? readFileSync(path, 'utf8')
        : canonicalJson({
            available: false,
            message: 'no reconciliation report has been saved yet; run a trial-balance reconciliation first',
            requestedBy: principal.name,
          });
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text }] };
    },
  );
}
