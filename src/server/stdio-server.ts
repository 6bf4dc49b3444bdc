import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Principal } from '../governance/principals.ts';
import type { App } from './app.ts';
import { buildMcpServer } from './mcp-server.ts';

/** A running stdio MCP server; `closed` settles when the client goes away (stdin ends or the transport closes). */
export interface StdioServerHandle {
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/** Serves MCP over stdin/stdout as one principal (stdio has no token: whoever starts the process acts as it). */
export async function startStdioServer(app: App, principal: Principal): Promise<StdioServerHandle> {
  const server = buildMcpServer(app, principal, 'stdio');
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  return { closed, close: () => server.close() };
}
