import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY, registerAppResource } from '@modelcontextprotocol/ext-apps/server';
import { BRIDGE_SOURCE, RENDER_SOURCE } from './mcp-app-script.ts';

/** The change-set review MCP App: one HTML resource the change-set tools link in their `_meta`. */
const REVIEW_URI = 'ui://sagebridge/change-set-review.html';

/** A tool's `_meta` linking the review App (ext-apps: `ui.resourceUri`, plus the older flat key for older hosts). */
export const reviewAppMeta = (): Record<string, unknown> => ({ ui: { resourceUri: REVIEW_URI }, [RESOURCE_URI_META_KEY]: REVIEW_URI });

const attribute = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
  body { font: 14px/1.4 var(--font-sans, system-ui, sans-serif); color: var(--color-text-primary, #1b1b1b); margin: 0; padding: 12px; }
  h1 { font-size: 1.2em; margin: 0 0 8px; } h2 { font-size: 1em; margin: 16px 0 4px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; background: var(--color-background-secondary, #f4f4f4); padding: 8px; }
  table { border-collapse: collapse; font-size: 0.9em; } th, td { border: 1px solid var(--color-border-primary, #ccc); padding: 2px 6px; text-align: left; vertical-align: top; }
  .act a { font-weight: 600; }
`;

/**
 * The App's HTML: the review rendered from the tool result's structured content by the inline script (no inline event
 * handlers, every text escaped), with a link to approve in the console at `consoleBase`.
 */
function reviewAppHtml(consoleBase: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="sagebridge-console" content="${attribute(consoleBase)}">
<title>sagebridge change set review</title>
<style>${STYLE}</style>
</head>
<body>
<main id="review" aria-live="polite"><p>Waiting for the change set…</p></main>
<script>${RENDER_SOURCE}${BRIDGE_SOURCE}</script>
</body>
</html>
`;
}

/** Serves the review App's HTML (MIME type per ext-apps) to hosts that support MCP Apps; it needs no network access. */
export function registerReviewApp(mcp: McpServer, consoleBase: string): void {
  const html = reviewAppHtml(consoleBase);
  const ui = { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true };
  registerAppResource(
    mcp,
    'change-set-review',
    REVIEW_URI,
    {
      title: 'Change set review',
      description: 'Read-only review of a change set (what will post, counts, exceptions) with a link to approve it in the console',
      _meta: { ui },
    },
    () => ({ contents: [{ uri: REVIEW_URI, mimeType: RESOURCE_MIME_TYPE, text: html, _meta: { ui } }] }),
  );
}
