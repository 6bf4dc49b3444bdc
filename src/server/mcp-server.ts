import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CallIo, ConfirmAnswer } from '../governance/governor.ts';
import type { Principal } from '../governance/principals.ts';
import type { ToolSpec } from '../governance/tool-definition.ts';
import type { App } from './app.ts';
import { registerReviewApp, reviewAppMeta } from './mcp-app.ts';
import { registerPrompts } from './mcp-prompts.ts';
import { registerResources } from './mcp-resources.ts';
import { packageVersion } from '../platform/version.ts';

/** How long a confirmation dialog may stay open before the call falls back to an approver. */
const CONFIRM_TIMEOUT_MS = 10 * 60_000;

const INSTRUCTIONS =
  'sagebridge moves finance data from Sage 300 to Sage Intacct under governance. Every write plans a change set first; ' +
  'depending on policy it runs at once, waits for the user to confirm it in the sagebridge console (console_url), or waits for an approver (status "pending_approval"). ' +
  'Start with check_connections and get_sync_status; preview with dry_run: true; read exceptions with list_exceptions. ' +
  'Error results carry a stable code before the colon (e.g. invalid_arguments, rate_limited, forbidden).';

type JsonSchemaObject = Tool['inputSchema'];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchemaObject {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  void _drop;
  return { ...rest, type: 'object' };
}

/** The MCP `Tool` listing entry of a tool spec (change-set tools link the review MCP App in `_meta`). */
function toolListing(t: ToolSpec): Tool {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: jsonSchema(t.input, 'input'),
    outputSchema: jsonSchema(t.output, 'output'),
    annotations: { title: t.title, ...t.annotations },
    ...(t.reviewApp ? { _meta: reviewAppMeta() } : {}),
  };
}

/**
 * One MCP server per connected principal: it lists only the tools the principal may call and routes every call
 * through the governor (authorize, validate, rate-limit, plan, approval gate, execute, audit).
 */
export function buildMcpServer(app: App, principal: Principal, via: string): McpServer {
  const mcp = new McpServer(
    { name: 'sagebridge', title: 'sagebridge: governed Sage 300 to Sage Intacct sync', version: packageVersion() },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  const listing = app.governor.toolsFor(principal, via).map(toolListing);
  // Form confirmation only where config asks for it: a client can answer a form by itself.
  const formConfirmation = app.config.approvals.confirmation === 'form';
  const session = {}; // this session's console-page waits, dropped when it closes
  const previousClose = mcp.server.onclose;
  mcp.server.onclose = () => {
    app.consoleWaits.dropOwner(session);
    previousClose?.();
  };

  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listing }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const progressToken = request.params._meta?.progressToken;
    let lastProgress = -1;
    const elicitation = mcp.server.getClientCapabilities()?.elicitation;
    const canElicit = formConfirmation && elicitation?.form !== undefined;
    const io: CallIo = {
      via,
      ...(elicitation?.url === undefined
        ? {}
        : {
            // URL mode: the client only opens the console page; its answer is logged and decides nothing.
            openConsole: async (page: { url: string; message: string; changeSetId: number }): Promise<void> => {
              const elicitationId = randomUUID();
              try {
                app.consoleWaits.add(page.changeSetId, session, mcp.server.createElicitationCompletionNotifier(elicitationId));
                const answer = await mcp.server.elicitInput(
                  { mode: 'url', message: page.message, url: page.url, elicitationId },
                  { relatedRequestId: extra.requestId, timeout: CONFIRM_TIMEOUT_MS },
                );
                app.log.info(
                  { changeSetId: page.changeSetId, principal: principal.name, action: answer.action },
                  'console page offered to the requester; the change set waits for the console',
                );
              } catch (err) {
                app.log.warn({ err: (err as Error).message }, 'the client did not open the console page; the link is in the result');
              }
            },
          }),
      signal: extra.signal,
      ...(progressToken === undefined
        ? {}
        : {
            progress: (done: number, total: number, message?: string) => {
              if (done <= lastProgress) return; // progress must increase
              lastProgress = done;
              void extra
                .sendNotification({
                  method: 'notifications/progress',
                  params: { progressToken, progress: done, total, ...(message ? { message } : {}) },
                })
                .catch(() => undefined);
            },
          }),
      ...(canElicit
        ? {
            confirm: async (message: string): Promise<ConfirmAnswer> => {
              try {
                const answer = await mcp.server.elicitInput(
                  {
                    mode: 'form',
                    message: `${message}\n\nConfirm to send these writes now as ${principal.name}; decline to cancel the change set.`,
                    requestedSchema: {
                      type: 'object',
                      properties: {
                        confirm: {
                          type: 'boolean',
                          title: 'Send these writes now',
                          description: 'Tick to confirm this change set',
                          default: false,
                        },
                      },
                      required: ['confirm'],
                    },
                  },
                  { relatedRequestId: extra.requestId, timeout: CONFIRM_TIMEOUT_MS },
                );
                if (answer.action === 'accept') return answer.content?.confirm === true ? 'accept' : 'decline';
                return answer.action === 'decline' ? 'decline' : 'cancel';
              } catch (err) {
                app.log.warn(
                  { err: (err as Error).message },
                  'confirmation through elicitation failed; the change set waits for an approver',
                );
                return 'unavailable';
              }
            },
          }
        : {}),
    };
    const outcome = await app.governor.call(principal, request.params.name, request.params.arguments ?? {}, io);
    if (outcome.ok) return { content: [{ type: 'text', text: outcome.text }], structuredContent: outcome.output };
    const { error } = outcome;
    return {
      isError: true,
      content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
      _meta: {
        'sagebridge/error': {
          code: error.code,
          message: error.message,
          ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
        },
      },
    };
  });
  registerResources(mcp, app, principal);
  registerReviewApp(mcp, app.consoleBase());
  registerPrompts(mcp);
  return mcp;
}
