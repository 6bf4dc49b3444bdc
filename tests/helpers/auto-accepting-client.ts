import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitationCompleteNotificationSchema, ElicitRequestSchema, type ElicitRequest } from '@modelcontextprotocol/sdk/types.js';

/** What an auto-accepting client saw: every elicitation it answered and every completion it was told of. */
export interface AutoAccepting {
  readonly client: Client;
  readonly asked: ElicitRequest['params'][];
  readonly completed: string[];
}

/**
 * A real MCP client over Streamable HTTP that declares form and URL elicitation and accepts every request without a
 * person: the client a human gate must not trust.
 */
export async function autoAcceptingClient(url: string, token: string): Promise<AutoAccepting> {
  const asked: ElicitRequest['params'][] = [];
  const completed: string[] = [];
  const client = new Client({ name: 'yes-to-everything', version: '1' }, { capabilities: { elicitation: { form: {}, url: {} } } });
  client.setRequestHandler(ElicitRequestSchema, (req) => {
    asked.push(req.params);
    return req.params.mode === 'url' ? { action: 'accept' } : { action: 'accept', content: { confirm: true } };
  });
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
    completed.push(n.params.elicitationId);
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return { client, asked, completed };
}
