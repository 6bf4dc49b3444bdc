import { runInNewContext } from 'node:vm';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

const URI = 'ui://sagebridge/change-set-review.html';
const HOSTILE = '<img src=x onerror=alert(1)>';

let sandbox: Sandbox;
let app: App;
let agent: Client;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  app = testApp(testConfig(sandbox, started.dir, { server: { publicUrl: 'https://sagebridge.example.com/' } }));
  agent = await connect(app, 'agent');
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

const readHtml = async (): Promise<{ text: string; mimeType: string | undefined; meta: unknown }> => {
  const { contents } = await agent.readResource({ uri: URI });
  const html = contents[0] as { text: string; mimeType?: string; _meta?: unknown };
  return { text: html.text, mimeType: html.mimeType, meta: html._meta };
};

/** What a sandboxed iframe would show: the served script run against a minimal stand-in DOM, driven like a host. */
function runInHost(html: string): { deliver(message: unknown): void; shown(): string; sent: Record<string, unknown>[] } {
  const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1];
  if (script === undefined) throw new Error('no script in the App HTML');
  const base = /<meta name="sagebridge-console" content="([^"]*)">/.exec(html)?.[1] ?? '';
  const root = { innerHTML: '' };
  const sent: Record<string, unknown>[] = [];
  const listeners: ((e: { source: unknown; data: unknown }) => void)[] = [];
  const parent = { postMessage: (m: Record<string, unknown>) => sent.push(m) };
  const window = { parent, addEventListener: (_: string, fn: (e: { source: unknown; data: unknown }) => void) => listeners.push(fn) };
  const document = {
    getElementById: (id: string) => (id === 'review' ? root : null),
    querySelector: () => ({ getAttribute: () => base }),
    addEventListener: () => undefined,
    documentElement: { scrollWidth: 600, scrollHeight: 400 },
  };
  runInNewContext(script, { window, document });
  return {
    deliver: (data) => listeners.forEach((fn) => fn({ source: parent, data })),
    shown: () => root.innerHTML,
    sent,
  };
}

describe('the change-set review MCP App', () => {
  it('is listed and read as an MCP App resource (ext-apps MIME type, no network in its CSP)', async () => {
    const { resources } = await agent.listResources();
    expect(resources.find((r) => r.uri === URI)).toMatchObject({ mimeType: 'text/html;profile=mcp-app' });
    const { text, mimeType, meta } = await readHtml();
    expect(mimeType).toBe('text/html;profile=mcp-app');
    expect(meta).toMatchObject({ ui: { csp: { connectDomains: [], resourceDomains: [] } } });
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('content="https://sagebridge.example.com"');
  });

  it('is linked from the change-set tools and get_change_set, not from the others', async () => {
    const { tools } = await (await connect(app, 'admin')).listTools();
    const linked = tools.filter((t) => (t._meta?.ui as { resourceUri?: string } | undefined)?.resourceUri === URI).map((t) => t.name);
    expect(linked).toEqual(
      expect.arrayContaining(['post_journal_entries', 'replicate_ap_invoices', 'sync_vendors', 'sync_ar', 'get_change_set']),
    );
    expect(linked).not.toContain('approve_change_set');
    expect(linked).not.toContain('list_exceptions');
    expect(tools.find((t) => t.name === 'get_change_set')?._meta?.['ui/resourceUri']).toBe(URI);
  });

  it('has no inline event handler and no javascript: URL in its markup', async () => {
    const { text } = await readHtml();
    expect(text).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(text).not.toMatch(/javascript:/i);
    expect(text.match(/<script/g)).toHaveLength(1);
  });

  it('speaks the MCP Apps handshake and renders a real pending result read-only, with the console link', async () => {
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-03' });
    expect(planned.status).toBe('pending_approval');
    const host = runInHost((await readHtml()).text);
    const init = host.sent[0] as { id: number; method: string; params: { protocolVersion: string } };
    expect(init).toMatchObject({ method: 'ui/initialize', params: { protocolVersion: '2026-01-26' } });
    host.deliver({ jsonrpc: '2.0', id: init.id, result: { protocolVersion: '2026-01-26', hostInfo: { name: 'h', version: '1' } } });
    expect(host.sent[1]).toMatchObject({ method: 'ui/notifications/initialized' });
    host.deliver({ jsonrpc: '2.0', method: 'ui/notifications/tool-result', params: { content: [], structuredContent: planned } });
    const shown = host.shown();
    expect(shown).toContain(`Change set #${String(planned.change_set_id)}`);
    expect(shown).toContain(`href="https://sagebridge.example.com/console/change-sets/${String(planned.change_set_id)}"`);
    expect(shown).toContain(String(planned.digest));
    expect(shown).not.toMatch(/<(button|form|input)/i);
  });

  it('renders a hostile vendor name as text wherever it appears', () => {
    return readHtml().then(({ text }) => {
      const host = runInHost(text);
      host.deliver({
        jsonrpc: '2.0',
        method: 'ui/notifications/tool-result',
        params: {
          content: [],
          structuredContent: {
            status: 'pending_approval',
            change_set_id: 7,
            company: HOSTILE,
            digest: 'a'.repeat(64),
            message: `Vendor ${HOSTILE} changes name`,
            console_url: `javascript:alert(1)//${HOSTILE}`,
            problems: [{ source_key: HOSTILE, class: 'x', message: `"'><script>alert(2)</script>` }],
            summary: { vendor: HOSTILE },
            [HOSTILE]: 3,
          },
        },
      });
      const shown = host.shown();
      expect(shown).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(shown).not.toMatch(/<img|<script/i);
      expect(shown).not.toContain('javascript:');
      // The unsafe link is replaced by the console page of the configured base.
      expect(shown).toContain('href="https://sagebridge.example.com/console/change-sets/7"');
    });
  });
});
